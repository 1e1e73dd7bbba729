#!/usr/bin/env bash
# Imports a generated registry of N rows (default 1,000,000) through POST /api/v1/registry in one request,
# against the app in Release on a loopback port with a database of its own, and prints the time and the
# app's peak resident memory (VmHWM). Usage: bench/registry-import.sh [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh

rows="${1:-1000000}"
port="${KOMIS_BENCH_PORT:-5091}"
db="komis_bench_registry"
work=".komis/bench"
mkdir -p "$work"

komis_pg_start pg 25432
if [ "${KOMIS_PG_STARTED_BY_US:-}" = 1 ]; then trap 'komis_pg_stop pg' EXIT; fi
komis_psql postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
export ConnectionStrings__Komis="Host=127.0.0.1;Port=$KOMIS_PG_PORT;Database=$db;Username=komis;Password=$KOMIS_PG_PASSWORD"
# A database of its own, so keys of its own (Production requires them at start).
for name in PersonalData SubscriberCodes Receipts DataProtection; do
  export "Komis__Security__Keys__$name=$(head -c 32 /dev/urandom | base64 -w0)"
done
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" Serilog__MinimumLevel__Default=Warning

dotnet build src/Komis.Web -c Release -nologo -v quiet -clp:ErrorsOnly
app="$PWD/src/Komis.Web/bin/Release/net10.0/Komis.Web.dll"
(cd src/Komis.Web && dotnet "$app" migrate >/dev/null)
key=$(cd src/Komis.Web && dotnet "$app" billers issue-key AZERIQAZ | tail -n 1)

csv="$work/registry-$rows.csv"
[ -s "$csv" ] || echo "Generating $rows rows (three months of charges per account)..."
bench/make-registry.sh "$rows" "$csv"

(cd src/Komis.Web && exec dotnet "$app") > "$work/app.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; komis_pg_stop pg' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done

echo "Uploading $(du -h "$csv" | cut -f1) ($rows rows)..."
start=$(date +%s.%N)
status=$(curl -s -o "$work/answer.json" -w "%{http_code}" -H "Authorization: Bearer $key" -H "Content-Type: text/csv" \
  --data-binary "@$csv" "http://127.0.0.1:$port/api/v1/registry")
end=$(date +%s.%N)
peak_kb=$(grep VmHWM "/proc/$pid/status" | awk '{print $2}')

echo "HTTP $status: $(cat "$work/answer.json")"
awk -v r="$rows" -v s="$start" -v e="$end" -v k="$peak_kb" 'BEGIN { printf "rows: %d  seconds: %.1f  app peak RSS: %d MB\n", r, e - s, k / 1024 }'
[ "$status" = 200 ]
