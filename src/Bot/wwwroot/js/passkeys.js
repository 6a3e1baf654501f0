// Passkeys: the browser makes or uses a key pair; the server (ASP.NET Core Identity) writes the
// options and checks the result. A form marked data-passkey="create" or "sign-in" is sent with the
// credential the browser made, as JSON in its hidden "credential" field.
(function () {
  'use strict';

  function showError(form, text) {
    var box = document.getElementById(form.dataset.error);
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
  }

  async function fetchOptions(url, form) {
    var token = form.querySelector('input[name="__RequestVerificationToken"]');
    var response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'RequestVerificationToken': token ? token.value : '' },
    });
    if (!response.ok) throw new Error('The options request failed with ' + response.status);
    return response.json();
  }

  async function makeCredential(form) {
    if (form.dataset.passkey === 'create') {
      var creation = await fetchOptions('/passkeys/creation-options', form);
      return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(creation) });
    }
    var request = await fetchOptions('/passkeys/request-options', form);
    return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(request) });
  }

  document.querySelectorAll('form[data-passkey]').forEach(function (form) {
    var supported = window.PublicKeyCredential && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function';
    if (!supported) {
      form.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
      showError(form, form.dataset.unsupported);
      return;
    }
    var section = form.closest('[data-passkey-section]');
    if (section) section.hidden = false;
    var busy = false;
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      if (busy) return;
      busy = true;
      try {
        var credential = await makeCredential(form);
        form.querySelector('input[name="credential"]').value = JSON.stringify(credential);
        form.submit();
      } catch (e) {
        busy = false;
        showError(form, form.dataset.failed);
      }
    });
  });
})();
