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

# The one `dotnet test` call: what to test (the solution or a project), the TRX file's name (empty: dotnet test's
# own), then any further arguments (a --filter, say).
run_tests() {
  local target="$1" trx="trx${2:+;LogFileName=$2}"
  shift 2
  dotnet test "$target" -c Release --no-build -nologo \
    --logger "$trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" "$@"
}

# Arguments (a --filter, say) go to one `dotnet test` of the whole solution, as before.
if [ $# -gt 0 ]; then
  status=0
  run_tests CoProduction.sln "" "$@" || status=$?
  exit $status
fi

# The whole run: every test project, in four lanes that run at the same time, each lane's parts one after another.
# Bot.Tests runs its tests one at a time in one process (Hangfire's statics), so it is split in two processes by
# namespace: part a takes the namespaces listed in bot_a_namespaces, part b every other one (its filter is built
# from the same list, so every test runs once). The fault tests mostly wait (a lock left by a killed node, Twilio's
# circuit), so they start first rather than last.
# The split and the lanes are balanced by the time each part took in a CI run (twenty-fifth round, 2 cores:
# Bot.Tests' Staff namespace alone took 10 minutes, WebChat 7.5, Safety 4, Conversations 3; the fault tests 8, the
# store's 8, the browser tests 14.5; with the first split part b's lane still ended 5 minutes after part a's, so
# Scheduling.Tests runs in part a's lane), so that no lane runs on long after the others.
# Each part writes TestResults/<part>.trx (.ci/run sums them) and its console output to <part>.log, printed when done.
bot_a_namespaces=(Safety WebChat Conversations Interviews Twilio Voice)
bot_a="" bot_b=""
for ns in "${bot_a_namespaces[@]}"; do
  bot_a+="${bot_a:+|}FullyQualifiedName~CoProduction.Bot.Tests.$ns."
  bot_b+="${bot_b:+&}FullyQualifiedName!~CoProduction.Bot.Tests.$ns."
done
lanes=(
  "Bot.Tests:a Channels.Tests Surveys.Tests Scheduling.Tests"
  "Bot.Tests:b"
  "Bot.FaultTests Store.Tests"
  "Bot.BrowserTests Bench.Tests"
)
# A test project not named above still runs (in the last lane).
for project in tests/*/*.csproj; do
  grep -q "Microsoft.NET.Test.Sdk" "$project" || continue
  name="$(basename "$project" .csproj)"
  case " ${lanes[*]} " in *" $name "*|*" $name:"*) ;; *) lanes[3]+=" $name" ;; esac
done

run_part() {
  local part="$1" name="${1%%:*}" filter=()
  case "$part" in
    Bot.Tests:a) filter=(--filter "$bot_a") ;;
    Bot.Tests:b) filter=(--filter "$bot_b") ;;
  esac
  local label="${part/:/-}" code=0
  run_tests "tests/$name/$name.csproj" "$label.trx" "${filter[@]}" >"$results/$label.log" 2>&1 || code=$?
  { echo "== $label (exit $code)"; cat "$results/$label.log"; } | flock "$results/.print" cat
  return $code
}

run_lane() {
  local code=0 part
  for part in $1; do run_part "$part" || code=1; done
  return $code
}

pids=()
for lane in "${lanes[@]}"; do
  run_lane "$lane" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
