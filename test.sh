#!/usr/bin/env bash
# Runs every test. The one test command from the README.
# It sets up what the tests need on a fresh machine, then runs the whole solution's tests and
# writes one TRX file per test project to TestResults/ (read by .ci/run for the totals).
set -euo pipefail
cd "$(dirname "$0")"

results="${TEST_RESULTS_DIR:-TestResults}"
rm -rf "$results"
mkdir -p "$results"

# What the tests need from the machine: Node.js and npm (the build installs the chat page's Web Chat
# bundle with npm ci) and Debian's Chromium (the browser tests drive it; they fail without it).
missing=()
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else sudo=(none); fi
  if [ "${sudo[0]:-}" = none ]; then
    echo "test.sh: please install ${missing[*]} (apt-get install -y ${missing[*]}); the tests need them." >&2
  else
    echo "test.sh: installing ${missing[*]}..."
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

dotnet build CoProduction.sln -c Release -nologo -v quiet

status=0
dotnet test CoProduction.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || status=$?
exit $status
