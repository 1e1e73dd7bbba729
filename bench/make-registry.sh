#!/usr/bin/env bash
# Writes a generated registry CSV of ROWS rows (three months of charges per account, accounts 1000000000 upwards,
# Azerbaijani names and addresses) to FILE, unless FILE is already there. Usage: bench/make-registry.sh ROWS FILE
set -euo pipefail
rows="$1" file="$2"
[ -s "$file" ] && exit 0
awk -v n="$rows" 'BEGIN {
  print "account,holder_name,address,holder_fin,period,amount,due_date";
  split("2026-08 2026-09 2026-10", p, " "); split("2026-09-20 2026-10-20 2026-11-20", d, " ");
  for (i = 0; i < n; i++) {
    a = int(i / 3); m = (i % 3) + 1;
    printf "%010d,\"Məmmədov Əli %d\",\"Bakı, Nizami küç. %d, m. %d\",,%s,%d.%02d,%s\n", 1000000000 + a, a, a % 200, a % 90, p[m], 5 + (i % 90), i % 100, d[m];
  } }' > "$file.tmp"
mv "$file.tmp" "$file"
