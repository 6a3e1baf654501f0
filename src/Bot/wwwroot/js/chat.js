// The chat page: gets a Direct Line token from our server, starts the official Web Chat client
// against our own /v3/directline, and tells the bot which survey and language to start with.
(function () {
  'use strict';

  var root = document.getElementById('chat');
  var host = document.getElementById('webchat');
  var notice = document.getElementById('chat-notice');
  var loading = document.getElementById('chat-loading');
  var languageInputs = document.querySelectorAll('input[name="language"]');
  var largerInput = document.getElementById('chat-larger-text');
  var contrastInput = document.getElementById('chat-high-contrast');

  var KEYS = { visitor: 'coproduction.chat.visitor', language: 'coproduction.chat.language', larger: 'coproduction.chat.larger', contrast: 'coproduction.chat.contrast' };

  // localStorage can be blocked (private windows, some embeds): the chat still works, it just forgets.
  var storage = {
    get: function (key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* not remembered */ } }
  };

  var settings = {
    language: storage.get(KEYS.language) === 'cy' ? 'cy' : 'en',
    larger: storage.get(KEYS.larger) === '1',
    contrast: storage.get(KEYS.contrast) === '1'
  };

  function say(message, problem) {
    notice.textContent = message;
    notice.classList.toggle('problem', !!problem);
    notice.hidden = false;
  }

  function applyPageSettings() {
    document.documentElement.classList.toggle('chat-larger', settings.larger);
    document.documentElement.classList.toggle('chat-contrast', settings.contrast);
    languageInputs.forEach(function (input) { input.checked = input.value === settings.language; });
    largerInput.checked = settings.larger;
    contrastInput.checked = settings.contrast;
  }

  // Web Chat draws itself with these; they follow the page's settings.
  function styleOptions() {
    var dark = settings.contrast;
    var ink = dark ? '#ffffff' : '#0b0c0c';
    var paper = dark ? '#000000' : '#ffffff';
    var accent = dark ? '#ffdd00' : '#1d4e89';
    return {
      primaryFont: 'system-ui, -apple-system, "Segoe UI", Arial, sans-serif',
      fontSizeSmall: settings.larger ? '90%' : '80%',
      accent: accent,
      subtle: dark ? '#ffffff' : '#505a5f',
      backgroundColor: paper,
      bubbleBackground: paper,
      bubbleTextColor: ink,
      bubbleBorderColor: dark ? '#ffffff' : '#b1b4b6',
      bubbleFromUserBackground: dark ? '#000000' : '#eef4fb',
      bubbleFromUserTextColor: ink,
      bubbleFromUserBorderColor: dark ? '#ffdd00' : '#1d4e89',
      bubbleBorderRadius: 4,
      bubbleFromUserBorderRadius: 4,
      bubbleMinWidth: 0,
      bubbleMaxWidth: 640,
      bubbleMinHeight: settings.larger ? 48 : 40,
      // Buttons wrap onto more lines rather than scrolling sideways, so all choices are visible at 320px.
      suggestedActionLayout: 'flow',
      suggestedActionHeight: settings.larger ? 56 : 44,
      suggestedActionBorderRadius: 4,
      suggestedActionBackgroundColor: paper,
      suggestedActionTextColor: accent,
      suggestedActionBorderColor: accent,
      suggestedActionBorderWidth: 2,
      suggestedActionBackgroundColorOnHover: dark ? '#333333' : '#eef4fb',
      suggestedActionKeyboardFocusIndicatorBorderColor: dark ? '#ffdd00' : '#0b0c0c',
      suggestedActionKeyboardFocusIndicatorBorderStyle: 'solid',
      suggestedActionKeyboardFocusIndicatorBorderWidth: 2,
      sendBoxBackground: paper,
      sendBoxTextColor: ink,
      sendBoxPlaceholderColor: dark ? '#ffffff' : '#505a5f',
      sendBoxButtonColor: accent,
      sendBoxHeight: settings.larger ? 56 : 48,
      sendBoxTextWrap: true,
      sendBoxBorderTop: '2px solid ' + (dark ? '#ffffff' : '#b1b4b6'),
      sendBoxButtonKeyboardFocusIndicatorBorderColor: dark ? '#ffdd00' : '#0b0c0c',
      transcriptVisualKeyboardIndicatorColor: dark ? '#ffdd00' : '#0b0c0c',
      transcriptVisualKeyboardIndicatorWidth: 3,
      notificationText: ink,
      hideUploadButton: true
    };
  }

  applyPageSettings();

  if (!window.WebChat) {
    loading.hidden = true;
    say('Sorry, the chat could not load. Please refresh the page, or try again later.', true);
    return;
  }

  var survey = root.dataset.survey || null;
  var invite = root.dataset.invite || null;
  var directLineUrl = new URL(root.dataset.directline, window.location.href).href.replace(/\/$/, '');

  var session = null;
  var directLine = null;
  var connected = false;

  function sendStart(store) {
    var value = { language: settings.language };
    if (survey) { value.survey = survey; }
    // An invitation link: the bot starts (or carries on) that invitation's survey for this person.
    if (invite) { value.invite = invite; }
    store.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'startSurvey', value: value } });
  }

  var store = window.WebChat.createStore({}, function (api) {
    return function (next) {
      return function (action) {
        var result = next(action);
        if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && !connected) {
          connected = true;
          sendStart(api);
        }
        return result;
      };
    };
  });

  function render() {
    window.WebChat.renderWebChat({
      directLine: directLine,
      store: store,
      userID: session.userId,
      locale: settings.language === 'cy' ? 'cy-GB' : 'en-GB',
      styleOptions: styleOptions()
    }, host);
  }

  languageInputs.forEach(function (input) {
    input.addEventListener('change', function () {
      if (!input.checked) { return; }
      settings.language = input.value === 'cy' ? 'cy' : 'en';
      storage.set(KEYS.language, settings.language);
      applyPageSettings();
      if (session) {
        render();
        // The bot greets again in the new language, offering to carry on where the person was.
        if (connected) { sendStart(store); }
      }
    });
  });

  [[largerInput, 'larger'], [contrastInput, 'contrast']].forEach(function (pair) {
    pair[0].addEventListener('change', function () {
      settings[pair[1]] = pair[0].checked;
      storage.set(KEYS[pair[1]], pair[0].checked ? '1' : '0');
      applyPageSettings();
      if (session) { render(); }
    });
  });

  window.fetch(root.dataset.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ visitor: storage.get(KEYS.visitor), invite: invite })
  }).then(function (response) {
    if (response.status === 429) { throw new Error('busy'); }
    if (!response.ok) { throw new Error('failed'); }
    return response.json();
  }).then(function (started) {
    session = started;
    storage.set(KEYS.visitor, started.visitor);
    if (started.survey) { survey = started.survey; }
    if (started.invitation === 'unknown') {
      say('We could not find the invitation in your link. It may be old, or part of the link may be missing. You can still answer our questions here.');
    }
    directLine = window.WebChat.createDirectLine({ token: started.token, domain: directLineUrl });
    loading.hidden = true;
    render();
  }).catch(function (error) {
    loading.hidden = true;
    say(error && error.message === 'busy'
      ? 'A lot of chats were started from here just now. Please wait a minute, then refresh the page.'
      : 'Sorry, the chat could not start. Please refresh the page, or try again later.', true);
  });
})();
