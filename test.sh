#!/usr/bin/env bash
# Runs every test: unit, integration (real PostgreSQL) and browser (Chromium).
#   ./test.sh                      all tests
#   ./test.sh faults               only the fault tests (kill -9 under load, database outage, webhook outage, two nodes)
#   ./test.sh --filter NAME        extra arguments go to `dotnet test`
# The PostgreSQL server: KOMIS_TEST_POSTGRES (an admin connection string) if set; else Testcontainers
# when a Docker engine answers; else a local test cluster under .komis/ on port 25433. The tests make
# their own databases on it; the demo database of ./run.sh is never touched.
# The last line is always: tests: N passed, N failed[, N skipped]
set -uo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = faults ]; then
  shift
  set -- --filter "Category=Faults" "$@"
fi
source scripts/postgres.sh

summary() { echo "tests: $1 passed, $2 failed$([ "${3:-0}" -gt 0 ] && echo ", $3 skipped")"; }

if [ -z "${KOMIS_TEST_POSTGRES:-}" ]; then
  if komis_docker_available; then
    echo "Docker engine found: the tests start PostgreSQL with Testcontainers."
  else
    # The test cluster trades durability for speed: it holds only throw-away test databases.
    if ! komis_pg_start pg-test 25433 fsync=off synchronous_commit=off full_page_writes=off; then
      summary 0 1; exit 1
    fi
    if [ "${KOMIS_PG_STARTED_BY_US:-}" = 1 ]; then trap 'komis_pg_stop pg-test' EXIT; fi
    export KOMIS_TEST_POSTGRES="$KOMIS_PG_ADMIN"
  fi
fi

# Chromium for the browser tests, pdftotext (poppler) to read the PDFs the app produces.
missing=""
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing$missing for the tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
export KOMIS_CHROMIUM="${KOMIS_CHROMIUM:-/usr/bin/chromium}"

results=".komis/test-results"
rm -rf "$results"; mkdir -p "$results"

dotnet test Komis.sln -nologo --results-directory "$results" --logger "trx" --logger "console;verbosity=normal" "$@"
status=$?

# What the fault and hostile-input tests checked, from their output in the results.
grep -ho '\(fault\|hostile input\): [^<&]*' "$results"/*.trx 2>/dev/null | sort -u

# Each failed test's name and the first lines of its message, near the end where a short log shows them.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  awk '
    /<UnitTestResult / && /outcome="Failed"/ {
      match($0, /testName="[^"]*"/); print "FAILED: " substr($0, RSTART + 10, RLENGTH - 11); inside = 1
      sub(/.*<UnitTestResult [^>]*>/, "")
    }
    inside && /<Message>/ { msg = 1; lines = 0; sub(/.*<Message>/, "") }
    inside && msg {
      done = sub(/<\/Message>.*/, "")
      if (lines++ < 12) print "  " $0
      if (done) { msg = 0; inside = 0 }
    }
    /<\/UnitTestResult>/ { inside = 0; msg = 0 }
  ' "$trx" | sed 's/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&#xD;//g; s/&amp;/\&/g'
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed))); failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get total) - $(get executed)))
done
# A build error or a crashed test host leaves no results: count it as a failure, never as a pass.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
summary "$passed" "$failed" "$skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
