#!/usr/bin/env bash
# Runs every test. The one test command from the README.
# It sets up what the tests need on a fresh machine, then runs the whole solution's tests and
# writes one TRX file per test project to TestResults/ (read by .ci/run for the totals).
set -euo pipefail
cd "$(dirname "$0")"

results="${TEST_RESULTS_DIR:-TestResults}"
rm -rf "$results"
mkdir -p "$results"

# What the tests need from the machine, installed here on a fresh one (Debian, root or sudo):
# - Node.js and npm: the build installs the chat page's Web Chat bundle with npm ci;
# - Debian's Chromium: the browser tests drive it (they fail without it);
# - the PostgreSQL server package: the store's and scheduling tests start a throwaway server from its binaries
#   (/usr/lib/postgresql/<version>/bin) themselves, so no cluster is started here. Not needed
#   when COPRODUCTION_TEST_POSTGRES names a server of your own.
missing=()
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ -z "${COPRODUCTION_TEST_POSTGRES:-}" ] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else sudo=(none); fi
  if [ "${sudo[0]:-}" = none ]; then
    echo "test.sh: please install ${missing[*]} (apt-get install -y ${missing[*]}); the tests need them." >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}..."
  if ! "${sudo[@]}" apt-get update -qq \
     || ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null; then
    echo "test.sh: could not install ${missing[*]}, which the tests need. Install them with" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

dotnet build CoProduction.sln -c Release -nologo -v quiet

status=0
dotnet test CoProduction.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || status=$?
exit $status
