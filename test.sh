#!/usr/bin/env bash
# Runs every test. The one test command from the README.
# It sets up what the tests need on a fresh machine, then runs the whole solution's tests and
# writes one TRX file per test project to TestResults/ (read by .ci/run for the totals).
set -euo pipefail
cd "$(dirname "$0")"

results="${TEST_RESULTS_DIR:-TestResults}"
rm -rf "$results"
mkdir -p "$results"

dotnet build CoProduction.sln -c Release -nologo -v quiet

status=0
dotnet test CoProduction.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || status=$?
exit $status
