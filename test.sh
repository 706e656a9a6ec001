#!/usr/bin/env bash
# Runs every test of PlanWorkflows on a fresh machine: installs what the tests need, builds, tests.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The form tests drive Debian's Chromium through Playwright; Playwright's own browser download is never used.
if ! command -v chromium >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update && apt-get install -y chromium
fi

# Tools the tests start (smtp4dev: a real SMTP/IMAP server), pinned in .config/dotnet-tools.json.
dotnet tool restore

# The SQL Server suite (tests/PlanWorkflows.SqlServer.Tests) is a test project only when a server is named;
# none runs on the build machine or in CI, so there it is built but not run.
if [ -n "${PLANWORKFLOWS_SQLSERVER:-}" ]; then
  echo "SQL Server suite: running against the server in PLANWORKFLOWS_SQLSERVER"
else
  echo "SQL Server suite: skipped, set PLANWORKFLOWS_SQLSERVER to run it"
fi

results="$(mktemp -d)"
status=0
dotnet test PlanWorkflows.sln -c Release --logger "trx" --results-directory "$results" "$@" || status=$?

# One closing line over all test projects, in the plain form CI reads.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
rm -rf "$results"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
