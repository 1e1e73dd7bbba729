#!/usr/bin/env bash
# Komis's benchmarks, each measured side by side with a baseline on the same machine in the same run.
#
#   bench/run.sh [--rounds N] [--seconds S] [--fresh]
#
# 1. Prepares the data set straight into PostgreSQL (database komis_bench on the local cluster, port 25432):
#    1,000,000 biller accounts, 3,000,000 charges, 100,000 subscribers with 1-6 links, bench tellers, the demo
#    agents and branches. It is kept between runs (--fresh rebuilds it).
# 2. Starts Komis in Release on 127.0.0.1:5091 and the baseline app (bench/Baseline) on 127.0.0.1:5092, then runs
#    A/B pairs, alternating, N rounds (default 3) of S seconds (default 10), and reports the median:
#      P1 authenticated GET /kabinet over hundreds of sessions vs the baseline's raw-Npgsql page of the same data;
#      P2 teller cash payments over HTTP vs pgbench's TPC-B-like script with the same number of clients;
#      P3 a 1,000,000-row registry through POST /api/v1/registry vs psql \copy of the same file into a plain table;
#      P4 p50/p99 of /kabinet at half of P1's rate (right after P1; bench/fixedrate.c, wrk2-style; N rounds, medians),
#         with the baseline's page at the same rate for reference, and Komis's peak resident memory over the whole run.
# 3. Prints one table, appends it to .komis/bench/results.md, and exits non-zero if a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh

rounds=3 seconds=10 fresh=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --fresh) fresh=1; shift ;;
    *) echo "usage: bench/run.sh [--rounds N] [--seconds S] [--fresh]" >&2; exit 2 ;;
  esac
done

for tool in wrk pgbench psql curl python3 cc; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "Installing $tool (wrk; pgbench and psql come with postgresql; curl; python3; cc for bench/fixedrate.c)..." >&2
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql postgresql-client curl python3 gcc libc6-dev >&2
    else
      echo "bench/run.sh needs $tool" >&2; exit 2
    fi
  fi
done

komis_port=5091 baseline_port=5092
db=komis_bench pgbench_db=komis_bench_pgbench
work=".komis/bench"
mkdir -p "$work"
citizen_sessions=300 tellers=16 kabinet_connections=32

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

komis_pg_start pg 25432
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${KOMIS_PG_STARTED_BY_US:-}" = 1 ]; then komis_pg_stop pg; fi
}
trap cleanup EXIT
export PGPASSWORD="$KOMIS_PG_PASSWORD"
connection="Host=127.0.0.1;Port=$KOMIS_PG_PORT;Database=$db;Username=komis;Password=$KOMIS_PG_PASSWORD"

log "Building Komis and the baseline (Release)..."
dotnet build src/Komis.Web -c Release -nologo -v quiet -clp:ErrorsOnly >&2
dotnet build bench/Baseline -c Release -nologo -v quiet -clp:ErrorsOnly >&2
cc -O2 -Wall -o "$work/fixedrate" bench/fixedrate.c -lpthread
app="$PWD/src/Komis.Web/bin/Release/net10.0/Komis.Web.dll"
baseline="$PWD/bench/Baseline/bin/Release/net10.0/Baseline.dll"

# --- 1. the data set -------------------------------------------------------------------------------------------
# The app's keys (Komis:Security:Keys:*), which Production requires at start: made once, kept in .komis/bench (mode 600).
keys="$work/keys"
if [ ! -s "$keys" ]; then
  (umask 077; for name in PersonalData SubscriberCodes Receipts DataProtection; do
    printf 'Komis__Security__Keys__%s=%s\n' "$name" "$(head -c 32 /dev/urandom | base64 -w0)"; done > "$keys")
fi
set -a; source "$keys"; set +a
# Komis's own administrative commands (migrate, seed, ledger check, ...) against the bench database.
komis_cmd() { (cd src/Komis.Web && ConnectionStrings__Komis="$connection" ASPNETCORE_ENVIRONMENT=Production dotnet "$app" "$@"); }
# The bench password and authenticator key are made per data set, kept only in .komis/bench (mode 600).
secrets="$work/secrets"
have_data=$(komis_psql postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" || true)
if [ "$have_data" = 1 ] && [ "$fresh" = 0 ] && [ -s "$secrets" ] &&
   [ "$(komis_psql "$db" -tAc "SELECT to_regclass('bench_info') IS NOT NULL" 2>/dev/null)" = t ]; then
  log "Reusing the data set in database $db (--fresh rebuilds it)."
  komis_cmd migrate >/dev/null # the migrations added since it was made (none: nothing happens)
else
  log "Preparing the data set in database $db..."
  (umask 077; printf 'KOMIS_BENCH_PASSWORD=%s\nKOMIS_BENCH_TOTP=%s\n' \
    "$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')" \
    "$(python3 -c 'import base64,os; print(base64.b32encode(os.urandom(20)).decode())')" > "$secrets")
  komis_psql postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
  komis_cmd migrate >/dev/null
  komis_cmd seed >/dev/null
  source "$secrets"
  start=$(date +%s)
  komis_psql "$db" -v password_hash="$(python3 bench/sessions.py hash "$KOMIS_BENCH_PASSWORD")" \
    -v totp_key="$KOMIS_BENCH_TOTP" -v tellers="$tellers" -f bench/data.sql
  log "Data set ready in $(( $(date +%s) - start )) s: $(komis_psql "$db" -tAc "SELECT (SELECT count(*) FROM biller_accounts) || ' accounts, ' || (SELECT count(*) FROM charges) || ' charges, ' || (SELECT count(*) FROM subscribers) || ' subscribers, ' || (SELECT count(*) FROM subscriber_accounts) || ' links'")"
fi
source "$secrets"
export KOMIS_BENCH_PASSWORD

# pgbench's own database, scale 16 (one branch row per client: TPC-B as it is meant to be run).
if [ "$(komis_psql postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$pgbench_db'" || true)" != 1 ]; then
  komis_psql postgres -c "CREATE DATABASE $pgbench_db"
  pgbench -h 127.0.0.1 -p "$KOMIS_PG_PORT" -U komis -i -s 16 -q "$pgbench_db" >/dev/null 2>&1
fi

# --- 2. the apps -----------------------------------------------------------------------------------------------
# Production settings as shipped, on plain HTTP on loopback: TLS ends in front of the app (deploy/), so the cookies'
# Secure attribute is off here (an attribute, not work). Sign-ins are limited to 10 a minute per address; the bench
# signs hundreds of sessions in from one address before measuring, so that limit (on no measured path) is raised.
(cd src/Komis.Web && exec env ConnectionStrings__Komis="$connection" ASPNETCORE_ENVIRONMENT=Production \
  ASPNETCORE_URLS="http://127.0.0.1:$komis_port" Komis__Security__SecureCookies=false \
  Komis__RateLimits__LoginPerMinute=100000 dotnet "$app") > "$work/komis.log" 2>&1 &
komis_pid=$!; pids+=("$komis_pid")
(exec env ConnectionStrings__Komis="$connection" ASPNETCORE_URLS="http://127.0.0.1:$baseline_port" dotnet "$baseline") > "$work/baseline.log" 2>&1 &
pids+=("$!")
for url in "http://127.0.0.1:$komis_port/health/ready" "http://127.0.0.1:$baseline_port/health"; do
  for _ in $(seq 1 90); do curl -sf "$url" >/dev/null && break; sleep 1; done
  curl -sf "$url" >/dev/null || { echo "$url did not come up; see $work/*.log" >&2; exit 1; }
done

log "Signing in $citizen_sessions subscribers and $tellers tellers over HTTP..."
python3 bench/sessions.py citizens "http://127.0.0.1:$komis_port" "$citizen_sessions" "$work/citizens.tsv"
python3 bench/sessions.py tellers "http://127.0.0.1:$komis_port" "$tellers" "$KOMIS_BENCH_TOTP" "$work/tellers.tsv"
declare -A refreshed_at=(["$work/citizens.tsv"]=$(date +%s) ["$work/tellers.tsv"]=$(date +%s))

# wrk_result FILE KEY -> the value of KEY on the RESULT line
field() { sed -n 's/^RESULT .*\b'"$2"'=\(-\{0,1\}[0-9.]*\).*/\1/p' "$1" | tail -n 1; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
check_errors() { # FILE WHAT
  local e s; e=$(field "$1" errors); s=$(field "$1" socket_errors)
  if [ "${e:-1}" != 0 ] || [ "${s:-1}" != 0 ]; then echo "$2: $e bad answers, $s socket errors (see $1)" >&2; exit 1; fi
}

# wrk replays the cookies it is given; a browser keeps the ones the server renews (after the 30-second check of a
# session's login, Komis:Session:RevalidateEvery). Before each Komis round, every session is visited once and its
# renewed cookie kept. The server renews only cookies whose check is due, so the visit first waits until the file's
# previous renewal is older than the check interval: then every cookie is renewed now, and none comes due during the
# round (a cookie left unrenewed at 20 s old would be checked, with 5 more round trips, on every request of the
# round after its 30th second: that was part of the rounds' noise until 2026-11-25).
revalidate_seconds=30
refresh() { # PATH FILE COLUMN
  local wait=$(( ${refreshed_at[$2]:-0} + revalidate_seconds + 1 - $(date +%s) ))
  [ "$wait" -gt 0 ] && sleep "$wait"
  python3 bench/sessions.py refresh "http://127.0.0.1:$komis_port" "$@"
  refreshed_at[$2]=$(date +%s)
}

kabinet() { # komis|baseline SECONDS OUT
  local url="http://127.0.0.1:$komis_port"; [ "$1" = baseline ] && url="http://127.0.0.1:$baseline_port"
  [ "$1" = komis ] && refresh /kabinet "$work/citizens.tsv" 1
  wrk -t2 -c"$kabinet_connections" -d"$2"s --timeout 5s -s bench/kabinet.lua "$url" -- "$work/citizens.tsv" "$1" > "$3"
  check_errors "$3" "P1 $1"
}

# P4's fixed schedule (bench/fixedrate.c): the same sessions and pages as P1, wrk2-style, 2 threads like P1's wrk.
scheduled() { # komis|baseline SECONDS OUT RATE
  local port=$komis_port; [ "$1" = baseline ] && port=$baseline_port
  [ "$1" = komis ] && refresh /kabinet "$work/citizens.tsv" 1
  "$work/fixedrate" 127.0.0.1 "$port" "$work/citizens.tsv" "$1" "$4" "$kabinet_connections" 2 "$2" > "$3"
  check_errors "$3" "P4 $1"
}

# settle WHAT: lets PostgreSQL finish what earlier writes left before a measurement: waits (at most 10 minutes) for
# any autovacuum worker to end, then vacuums and analyses the database itself. A fresh data set and the previous
# registry import (333,334 account rows rewritten) leave vacuum work that would otherwise start in the middle of a
# round (autovacuum looks every minute) and take a core of this machine for its length; in production a registry
# comes once a month and that work is long done when the next one arrives.
settle() {
  local waited=0 start
  while [ "$(komis_psql postgres -tAc "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")" != 0 ]; do
    if [ "$waited" -ge 600 ]; then log "  autovacuum still running after $waited s; going on with $1"; break; fi
    sleep 5; waited=$(( waited + 5 ))
  done
  start=$(date +%s)
  komis_psql "$db" -qc "VACUUM (ANALYZE)"
  log "  before $1: waited $waited s for autovacuum, then VACUUM (ANALYZE) took $(( $(date +%s) - start )) s"
}

# --- P1 -------------------------------------------------------------------------------------------------------
log "P1 cabinet: warm-up, then $rounds rounds of $seconds s each, alternating..."
settle P1
# Both warm up until the JIT has tiered up the hot paths (Komis has far more code to warm).
kabinet komis 15 "$work/p1-warm-komis.txt"; kabinet baseline 10 "$work/p1-warm-baseline.txt"
: > "$work/p1-komis"; : > "$work/p1-baseline"
for r in $(seq 1 "$rounds"); do
  kabinet komis "$seconds" "$work/p1-komis-$r.txt"; field "$work/p1-komis-$r.txt" rps >> "$work/p1-komis"
  kabinet baseline "$seconds" "$work/p1-baseline-$r.txt"; field "$work/p1-baseline-$r.txt" rps >> "$work/p1-baseline"
  log "  round $r: Komis $(tail -n 1 "$work/p1-komis") req/s, baseline $(tail -n 1 "$work/p1-baseline") req/s"
done
p1_komis=$(median < "$work/p1-komis"); p1_base=$(median < "$work/p1-baseline")

# --- P4 latency -------------------------------------------------------------------------------------------------
# Right after P1, in P1's conditions, whose rate it halves. (Until 2026-12-01 it ran last, after the registry
# imports: then PostgreSQL's autovacuum was clearing the 333,334 account rows each import rewrites, a whole core of
# this two-core machine, through the 20 seconds; see docs/PERFORMANCE.md.)
rate=$(awk -v r="$p1_komis" 'BEGIN { printf "%d", r / 2 }')
log "P4 latency: /kabinet at $rate req/s (half of P1), $rounds rounds of $(( seconds * 2 )) s, Komis and the baseline alternating..."
# Each request timed from its slot in the schedule, so a slow answer's delay to the requests behind it is counted;
# the figures timed from the sending in the log beside them. The baseline's page on the same schedule in each round:
# what the machine, the load generator and PostgreSQL alone leave of the 50 ms (a reference, not a target).
: > "$work/p4-komis"; : > "$work/p4-komis-p50"; : > "$work/p4-komis-rps"; : > "$work/p4-baseline"; : > "$work/p4-baseline-p50"
for r in $(seq 1 "$rounds"); do
  scheduled komis $(( seconds * 2 )) "$work/p4-komis-$r.txt" "$rate"
  scheduled baseline $(( seconds * 2 )) "$work/p4-baseline-$r.txt" "$rate"
  for side in komis baseline; do
    field "$work/p4-$side-$r.txt" slot_p99_ms >> "$work/p4-$side"; field "$work/p4-$side-$r.txt" slot_p50_ms >> "$work/p4-$side-p50"
  done
  field "$work/p4-komis-$r.txt" rps >> "$work/p4-komis-rps"
  log "  round $r: Komis p50 $(tail -n 1 "$work/p4-komis-p50") ms, p99 $(tail -n 1 "$work/p4-komis") ms from the slot (from the sending: $(field "$work/p4-komis-$r.txt" p50_ms) / $(field "$work/p4-komis-$r.txt" p99_ms) ms); baseline p50 $(tail -n 1 "$work/p4-baseline-p50") ms, p99 $(tail -n 1 "$work/p4-baseline") ms"
done
p4_rps=$(median < "$work/p4-komis-rps"); p4_p50=$(median < "$work/p4-komis-p50"); p4_p99=$(median < "$work/p4-komis")
p4_base_p50=$(median < "$work/p4-baseline-p50"); p4_base_p99=$(median < "$work/p4-baseline")

# --- P2 -------------------------------------------------------------------------------------------------------
log "P2 payments: $tellers tellers vs pgbench -c $tellers, $rounds rounds of $seconds s, alternating..."
: > "$work/p2-komis"; : > "$work/p2-pgbench"; : > "$work/p2-floor"
# The floor: the payment's own statements (bench/floor/payment.sql) run by pgbench alone, into copies of the six
# tables a payment writes (bench/floor/setup.sql), as a third member of each round: what no app could exceed.
PGOPTIONS='-c client_min_messages=warning' komis_psql "$db" -f bench/floor/setup.sql
run_id="r$(date +%s)"
# The accounts P2 pays (bench/pay.lua): 200,000 bench accounts whose August charge still has 5.00 AZN or more to pay
# after every earlier run's payments, so no payment of this run can find its charge already paid.
komis_psql "$db" -qAt > "$work/payable.txt" <<'SQL'
SELECT a.id
  FROM biller_accounts a
  JOIN charges c ON c.biller_account_id = a.id AND c.period = date '2026-08-01'
  LEFT JOIN (SELECT p.biller_account_id, sum(pa.amount) AS paid
               FROM payments p
               JOIN biller_accounts pa_account ON pa_account.id = p.biller_account_id
               JOIN payment_allocations pa ON pa.payment_id = p.id
              WHERE p.status = 'Paid' AND p.paid_at > pa_account.as_of AND pa.period = date '2026-08-01'
              GROUP BY p.biller_account_id) x ON x.biller_account_id = a.id
 WHERE a.id >= 1000000 AND c.amount - coalesce(x.paid, 0) >= 5
 ORDER BY random()
 LIMIT 200000;
SQL
[ "$(wc -l < "$work/payable.txt")" -ge 100000 ] || { echo "P2: fewer than 100,000 bench accounts left to pay (bench/run.sh --fresh)" >&2; exit 1; }
# Warm-up: the payment path is far more code than the cabinet's (EF Core's change tracking and update pipeline, the
# checkout's rules, the ledger, the outbox), and the runtime's tiered JIT keeps recompiling it for 30-40 s of load: a
# single 20-second warm-up left the first measured round with a fifth of the app's CPU in the JIT's own thread
# (2026-12-02: 390 payments/s against 500-545 in the rounds after it). So warm-up rounds of 10 s go on until that
# thread used under 2 % of a round's time (at least 2 rounds, the 20 s of before, and at most 6), each logged: the
# rounds then measure the steady state a node serving for days is in.
jit_ms() { # CPU time (ms) of the app's tiered-compilation thread so far
  local total=0 task
  for task in /proc/"$komis_pid"/task/*; do
    [ "$(cat "$task/comm" 2>/dev/null)" = ".NET Tiered Com" ] || continue
    total=$(( total + $(sed 's/.*) //' "$task/stat" | awk '{ print ($12 + $13) * 10 }') ))
  done
  echo "$total"
}
for w in 1 2 3 4 5 6; do
  # Renewed only when a cookie would come due inside the round (so no round runs on stale cookies, and no round waits
  # for more than that).
  if [ $(( $(date +%s) + 10 )) -gt $(( ${refreshed_at["$work/tellers.tsv"]:-0} + revalidate_seconds )) ]; then
    refresh /staff/kassa "$work/tellers.tsv" 0
  fi
  jit_before=$(jit_ms)
  wrk -t2 -c"$tellers" -d10s --timeout 10s -s bench/pay.lua "http://127.0.0.1:$komis_port" -- "$work/tellers.tsv" "${run_id}w$w" "$work/payable.txt" > "$work/p2-warm.txt"
  check_errors "$work/p2-warm.txt" "P2 warm-up"
  jit_spent=$(( $(jit_ms) - jit_before ))
  log "  warm-up $w: $(field "$work/p2-warm.txt" rps) payments/s, the JIT's thread $jit_spent ms of 10 s"
  [ "$w" -ge 2 ] && [ "$jit_spent" -lt 200 ] && break
done
for r in $(seq 1 "$rounds"); do
  refresh /staff/kassa "$work/tellers.tsv" 0
  wrk -t2 -c"$tellers" -d"$seconds"s --timeout 10s -s bench/pay.lua "http://127.0.0.1:$komis_port" -- "$work/tellers.tsv" "$run_id-$r" "$work/payable.txt" > "$work/p2-komis-$r.txt"
  check_errors "$work/p2-komis-$r.txt" "P2 Komis"
  field "$work/p2-komis-$r.txt" rps >> "$work/p2-komis"
  pgbench -h 127.0.0.1 -p "$KOMIS_PG_PORT" -U komis -c "$tellers" -j 2 -T "$seconds" -n "$pgbench_db" > "$work/p2-pgbench-$r.txt" 2>&1
  sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/p2-pgbench-$r.txt" | head -n 1 >> "$work/p2-pgbench"
  PGOPTIONS='-c search_path=bench_floor,public' pgbench -h 127.0.0.1 -p "$KOMIS_PG_PORT" -U komis -c "$tellers" -j 2 -T "$seconds" -n \
    -M prepared -f bench/floor/payment.sql "$db" > "$work/p2-floor-$r.txt" 2>&1
  sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/p2-floor-$r.txt" | head -n 1 >> "$work/p2-floor"
  grep -q '^number of failed transactions: 0 ' "$work/p2-floor-$r.txt" || { echo "P2 floor: failed transactions (see $work/p2-floor-$r.txt)" >&2; exit 1; }
  log "  round $r: Komis $(tail -n 1 "$work/p2-komis") payments/s, pgbench $(tail -n 1 "$work/p2-pgbench") tps, the payment's SQL alone $(tail -n 1 "$work/p2-floor") tps"
done
PGOPTIONS='-c client_min_messages=warning' komis_psql "$db" -c "DROP SCHEMA bench_floor CASCADE"
p2_floor=$(median < "$work/p2-floor")
p2_komis=$(median < "$work/p2-komis"); p2_base=$(median < "$work/p2-pgbench")
paid=$(komis_psql "$db" -tAc "SELECT count(*) FROM payments p JOIN payment_orders o ON o.id = p.order_id WHERE o.idempotency_key LIKE '$run_id-%' AND p.status = 'Paid' AND p.receipt_number IS NOT NULL")
sent=$(for r in $(seq 1 "$rounds"); do field "$work/p2-komis-$r.txt" requests; done | awk '{ s += $1 } END { print s }')
# wrk counts the answers it read; requests still in flight when a round ends are paid too, at most one per connection.
if [ "$paid" -lt "$sent" ] || [ "$paid" -gt $(( sent + tellers * rounds )) ]; then
  echo "P2: $sent payments answered as paid, $paid found paid with a receipt" >&2; exit 1
fi

# Every payment of the run (and before) balances in the ledger, and the audit chain seals them intact.
ledger=$(komis_cmd ledger check | tail -n 1) || { echo "P2: the ledger does not balance: $ledger" >&2; exit 1; }
audit=$(komis_cmd audit verify | tail -n 1) || { echo "P2: the audit chain is broken: $audit" >&2; exit 1; }
log "  ledger: $ledger"; log "  audit: $audit"

# --- P3 -------------------------------------------------------------------------------------------------------
rows=1000000 csv="$work/registry-1000000.csv"
[ -s "$csv" ] || log "Generating the 1,000,000-row registry..."
bench/make-registry.sh "$rows" "$csv"
key=$(komis_cmd billers issue-key AZERIQAZ | tail -n 1)
log "P3 registry: $rounds rounds of psql \\copy and POST /api/v1/registry, alternating..."
: > "$work/p3-komis"; : > "$work/p3-copy"; : > "$work/p3-index"
for r in $(seq 1 "$rounds"); do
  # Each round starts with the previous round's import vacuumed (its vacuum would otherwise slow this round).
  komis_psql "$db" -qc "DROP TABLE IF EXISTS bench_copy"
  settle "P3 round $r"
  komis_psql "$db" -c "DROP TABLE IF EXISTS bench_copy" -c "CREATE TABLE bench_copy (account text, holder_name text, address text, holder_fin text, period text, amount numeric(18,2), due_date date)"
  start=$(date +%s.%N)
  komis_psql "$db" -c "\\copy bench_copy FROM '$csv' WITH (FORMAT csv, HEADER true)"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }' >> "$work/p3-copy"
  # The floor: the same table given the one index any registry store needs (an account's period, once).
  komis_psql "$db" -c "CREATE UNIQUE INDEX ON bench_copy (account, period)"
  awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.3f\n", e - s }' >> "$work/p3-index"
  status=$(curl -s -o "$work/p3-answer.json" -w "%{http_code} %{time_total}" -H "Authorization: Bearer $key" -H "Content-Type: text/csv" \
    --data-binary "@$csv" "http://127.0.0.1:$komis_port/api/v1/registry")
  if [ "${status%% *}" != 200 ]; then echo "P3: HTTP ${status%% *}: $(cat "$work/p3-answer.json")" >&2; exit 1; fi
  echo "${status#* }" >> "$work/p3-komis"
  log "  round $r: \\copy $(tail -n 1 "$work/p3-copy") s (with its unique index $(tail -n 1 "$work/p3-index") s), Komis $(tail -n 1 "$work/p3-komis") s ($(cat "$work/p3-answer.json"))"
done
komis_psql "$db" -c "DROP TABLE IF EXISTS bench_copy"
p3_komis=$(median < "$work/p3-komis"); p3_copy=$(median < "$work/p3-copy"); p3_index=$(median < "$work/p3-index")

# --- P4 memory: the peak over the whole run, sign-ins, payments and imports included -----------------------------
peak_mb=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$komis_pid/status")

# --- the table ------------------------------------------------------------------------------------------------
machine="$(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ { printf "%d GiB", $2 / 1048576 + 0.5 }' /proc/meminfo), PostgreSQL $(komis_psql postgres -tAc 'SHOW server_version' | cut -d' ' -f1), .NET $(dotnet --version)"
table=$(awk -v k1="$p1_komis" -v b1="$p1_base" -v k2="$p2_komis" -v b2="$p2_base" -v k3="$p3_komis" -v b3="$p3_copy" \
  -v rate="$p4_rps" -v p50="$p4_p50" -v p99="$p4_p99" -v rss="$peak_mb" 'BEGIN {
  fail = 0
  printf "| figure | Komis | baseline | ratio | target | |\n|---|---|---|---|---|---|\n"
  r = k1 / b1; ok = r >= 0.50; fail += !ok
  printf "| P1 GET /kabinet, requests/s | %.0f | %.0f (raw Npgsql page) | %.2f | ≥ 0.50 | %s |\n", k1, b1, r, ok ? "met" : "MISSED"
  r = k2 / b2; ok = r >= 0.50; fail += !ok
  printf "| P2 teller cash payments/s vs pgbench TPC-B tps | %.0f | %.0f | %.2f | ≥ 0.50 | %s |\n", k2, b2, r, ok ? "met" : "MISSED"
  r = b3 / k3; ok = r >= 0.70; fail += !ok
  printf "| P3 1,000,000-row registry, seconds (\\copy ÷ Komis) | %.2f | %.2f (psql \\copy) | %.2f | ≥ 0.70 | %s |\n", k3, b3, r, ok ? "met" : "MISSED"
  ok = p99 >= 0 && p99 < 50; fail += !ok
  printf "| P4 /kabinet at %.0f req/s, fixed schedule: p50 / p99 ms | %.1f / %.1f | | | p99 < 50 | %s |\n", rate, p50, p99, ok ? "met" : "MISSED"
  ok = rss < 400; fail += !ok
  printf "| P4 Komis peak RSS, MB | %d | | | < 400 | %s |\n", rss, ok ? "met" : "MISSED"
  printf "FAILED=%d\n", fail }')
# What the database alone does with the same work (no app, no HTTP): the most any app could reach; not targets.
floors=$(awk -v b2="$p2_base" -v f2="$p2_floor" -v b3="$p3_copy" -v f3="$p3_index" 'BEGIN {
  printf "| floor: the same work in PostgreSQL alone | floor | baseline | ratio | target |\n|---|---|---|---|---|\n"
  printf "| P2 a cash payment'"'"'s own statements, pgbench -M prepared, same clients, tps | %.0f | %.0f (TPC-B) | %.2f | ≥ 0.50 |\n", f2, b2, f2 / b2
  printf "| P3 \\copy and then one unique index (account, period), seconds | %.2f | %.2f (\\copy) | %.2f | ≥ 0.70 |\n", f3, b3, b3 / f3 }')
reference="P4 reference (not a target): the baseline's page at the same $p4_rps req/s on the same schedule, p50 / p99 from the slot (medians): $p4_base_p50 / $p4_base_p99 ms."
missed=$(printf '%s\n' "$table" | sed -n 's/^FAILED=//p')
table=$(printf '%s\n' "$table" | grep -v '^FAILED=')
{
  printf '\n### %s — %s\n%s rounds × %s s, medians; %s sessions, %s tellers/pgbench clients, P1 wrk -t2 -c%s, P4 bench/fixedrate (2 threads, %s connections) on a fixed schedule.\n\n%s\n' \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$machine" "$rounds" "$seconds" "$citizen_sessions" "$tellers" "$kabinet_connections" "$kabinet_connections" "$table"
  printf '\n%s\n\n%s\n' "$floors" "$reference"
} | tee -a "$work/results.md"
[ "$missed" = 0 ]
