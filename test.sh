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

# The workflow designer's front-end (TypeScript, npm, lock file): type-checked and bundled before the Server embeds it.
if ! command -v npm >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update && apt-get install -y nodejs npm
fi
(cd src/PlanWorkflows.Designer && npm ci --no-audit --no-fund && npm run build)
# Elsa Studio (npm @elsa-workflows/elsa-studio-wasm, pinned by the lock file), served at /office/studio; never committed.
(cd src/PlanWorkflows.Studio && npm ci --no-audit --no-fund)

# Tools the tests start (smtp4dev: a real SMTP/IMAP server) and dotnet-ef, pinned in .config/dotnet-tools.json.
# With an empty package folder, SDK 10.0.4xx restores a tool listed after a RID-specific one (smtp4dev 3.15 is
# one) against the RID-specific package's command list and reports "Restore partially failed". The manifest
# lists dotnet-ef first, which avoids it; a second pass restores whatever the first left out (what is already
# in the package folder is not downloaded again), and each command is then run once, so a tool that is still
# missing fails here by name instead of in the middle of the tests.
restore_tools() {
  local pass
  for pass in 1 2; do
    if dotnet tool restore; then break; fi
    [ "$pass" -eq 2 ] && { echo "dotnet tool restore failed twice" >&2; return 1; }
    echo "dotnet tool restore: partial, restoring again"
  done
  dotnet tool run dotnet-ef --version >/dev/null || { echo "dotnet-ef did not restore" >&2; return 1; }
  dotnet tool run smtp4dev -- --help >/dev/null 2>&1 || { echo "smtp4dev did not restore" >&2; return 1; }
}
restore_tools

# The SQL Server suite (tests/PlanWorkflows.SqlServer.Tests) is a test project only when a server is named;
# none runs on the build machine or in CI, so there it is built but not run.
if [ -n "${PLANWORKFLOWS_SQLSERVER:-}" ]; then
  echo "SQL Server suite: running against the server in PLANWORKFLOWS_SQLSERVER"
else
  echo "SQL Server suite: skipped, set PLANWORKFLOWS_SQLSERVER to run it"
fi
# The PostgreSQL suite (tests/PlanWorkflows.PostgreSql.Tests) and the PostgreSQL migration tests run in every run; they fail,
# never skip, without a server. One is started below, just before the tests.

status=0

# Known-vulnerable dependencies fail the run. The check needs vulnerability data from the package source
# (a VulnerabilityInfo resource in its service index); a source without it is named, not taken for a clean result.
vulnerable_check() {
  local report sources without=()
  report="$(dotnet list PlanWorkflows.sln package --vulnerable --include-transitive --format json)" || { echo "vulnerability check: 'dotnet list package --vulnerable' failed" >&2; return 1; }
  sources=$(grep -o '"https\?://[^"]*"' <<<"$(sed -n '/"sources"/,/]/p' <<<"$report")" | tr -d '"')
  for source in $sources; do
    if ! curl -fsS --max-time 20 "$source" 2>/dev/null | grep -q '"VulnerabilityInfo'; then without+=("$source"); fi
  done
  if grep -q '"vulnerabilities"' <<<"$report"; then
    echo "vulnerability check: vulnerable packages:" >&2
    dotnet list PlanWorkflows.sln package --vulnerable --include-transitive >&2 || true
    return 1
  fi
  if [ "${#without[@]}" -gt 0 ]; then
    echo "vulnerability check: NOT DONE for ${without[*]}: the source publishes no vulnerability data, so no package could be flagged"
  else
    echo "vulnerability check: no known-vulnerable package"
  fi
}
vulnerable_check || status=1

# Every project of the solution builds in every run, the suites that cannot run here included.
dotnet build PlanWorkflows.sln -c Release

# A throwaway PostgreSQL (tests/postgres.sh: Debian's package, a fresh cluster in a temporary folder, on 127.0.0.1 only),
# stopped and removed when this script ends, whether the tests passed, failed or were interrupted. A server already
# named in PLANWORKFLOWS_POSTGRES is used instead and left alone.
if [ -z "${PLANWORKFLOWS_POSTGRES:-}" ]; then
  trap 'tests/postgres.sh stop' EXIT
  trap 'exit 130' INT TERM
  postgres_env="$(tests/postgres.sh start)"
  eval "$postgres_env"
  echo "PostgreSQL suite: running against a throwaway server on 127.0.0.1"
else
  echo "PostgreSQL suite: running against the server in PLANWORKFLOWS_POSTGRES"
fi

results="$(mktemp -d)"
dotnet test PlanWorkflows.sln -c Release --no-build --logger "trx" --results-directory "$results" "$@" || status=$?

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
