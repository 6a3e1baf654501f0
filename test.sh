#!/usr/bin/env bash
# Runs every test. The one test command from the README.
# It sets up what the tests need on a fresh machine, then runs the whole solution's tests and
# writes one TRX file per test project to TestResults/ (read by .ci/run for the totals).
set -euo pipefail
cd "$(dirname "$0")"

results="${TEST_RESULTS_DIR:-TestResults}"
rm -rf "$results"
mkdir -p "$results"

# --- PostgreSQL for the store's tests (begin) -------------------------------------------------
# The store's tests run on SQLite and on PostgreSQL. Their fixture starts a throwaway server
# itself from the Debian package's binaries (/usr/lib/postgresql/<version>/bin: initdb, pg_ctl),
# so this only makes sure the package is installed; it starts no cluster. Not needed when
# COPRODUCTION_TEST_POSTGRES names a server of your own.
if [ -z "${COPRODUCTION_TEST_POSTGRES:-}" ] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "test.sh: installing PostgreSQL for the store's tests (apt-get install -y postgresql)"
  pg_install_failed() {
    echo "test.sh: could not install PostgreSQL, which the store's tests need. Install it with" >&2
    echo "  apt-get update && apt-get install -y postgresql" >&2
    echo "or set COPRODUCTION_TEST_POSTGRES to the connection string of a PostgreSQL server to use." >&2
    exit 1
  }
  [ "$(id -u)" -eq 0 ] || pg_install_failed
  apt-get update -qq || pg_install_failed
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null || pg_install_failed
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || pg_install_failed
fi
# --- PostgreSQL for the store's tests (end) ---------------------------------------------------

dotnet build CoProduction.sln -c Release -nologo -v quiet

status=0
dotnet test CoProduction.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || status=$?
exit $status
