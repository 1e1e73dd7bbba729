#!/usr/bin/env bash
# Local PostgreSQL for run.sh, test.sh and bench/run.sh, from the machine's own binaries.
# Source it, then: komis_pg_start NAME PORT [extra postgres -c settings...]
# It sets KOMIS_PG_ADMIN (an Npgsql admin connection string), KOMIS_PG_PORT, KOMIS_PG_PASSWORD,
# and komis_pg_stop NAME stops what komis_pg_start started.
# The clusters' ports (25432 run.sh and bench, 25433 tests, 25434 the restart test's own) lie below Linux's range
# of ephemeral ports (32768-60999): a port in it can be held, at the moment a cluster starts or restarts, by any
# outgoing connection's local end (thousands of them in a load test), and the start then fails with "Address
# already in use". That happened once with 55432, the port used until 2026-12-01.

komis_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

komis_pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] && command -v pg_ctl >/dev/null 2>&1; then
    dir=$(dirname "$(command -v pg_ctl)")
  fi
  if [ -z "$dir" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "PostgreSQL is not installed; installing Debian's postgresql package..." >&2
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
      dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    else
      echo "PostgreSQL server binaries not found; install PostgreSQL or set a connection string." >&2
      return 1
    fi
  fi
  echo "$dir"
}

# Runs a command as the cluster's owner: the postgres user when we are root (the server refuses root).
komis_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The cluster lives under .komis/ when its owner can reach it there; otherwise (a clone inside a
# 0700 folder, say) under /var/tmp, in a folder named after this checkout.
komis_pg_datadir() {
  local name="$1" base="$komis_root/.komis"
  mkdir -p "$base"
  if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      useradd --system --home-dir /var/lib/postgresql --create-home postgres >/dev/null 2>&1 || true
    fi
    if ! runuser -u postgres -- test -x "$base" 2>/dev/null; then
      base="/var/tmp/komis-$(printf '%s' "$komis_root" | sha1sum | cut -c1-12)"
      mkdir -p "$base"
    fi
  fi
  echo "$base/$name"
}

komis_pg_start() {
  local name="$1" port="$2"; shift 2
  local bindir datadir pwfile
  bindir=$(komis_pg_bindir) || return 1
  datadir=$(komis_pg_datadir "$name")
  pwfile="$komis_root/.komis/$name.password"

  if [ ! -s "$pwfile" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$pwfile")
  fi
  KOMIS_PG_PASSWORD=$(cat "$pwfile")

  if [ ! -f "$datadir/PG_VERSION" ]; then
    echo "Creating a PostgreSQL cluster in $datadir (port $port)..." >&2
    mkdir -p "$datadir"
    local tmp_pw; tmp_pw=$(mktemp)
    printf '%s\n' "$KOMIS_PG_PASSWORD" > "$tmp_pw"
    if [ "$(id -u)" = 0 ]; then chown postgres "$datadir" "$tmp_pw"; fi
    chmod 700 "$datadir"
    komis_pg_as_owner "$bindir/initdb" -D "$datadir" -U komis --pwfile="$tmp_pw" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null || { rm -f "$tmp_pw"; return 1; }
    rm -f "$tmp_pw"
  fi

  # A cluster left running on another port (the ports moved on 2026-12-01) is restarted on this one.
  if komis_pg_as_owner "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1 \
     && [ "$(sed -n 4p "$datadir/postmaster.pid" 2>/dev/null)" != "$port" ]; then
    komis_pg_as_owner "$bindir/pg_ctl" -D "$datadir" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if ! komis_pg_as_owner "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
    local opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories= -c max_connections=300"
    for setting in "$@"; do opts="$opts -c $setting"; done
    komis_pg_as_owner "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -o "$opts" -w -t 60 start >/dev/null || {
      echo "PostgreSQL did not start; see $datadir/server.log" >&2; tail -n 20 "$datadir/server.log" >&2; return 1; }
    KOMIS_PG_STARTED_BY_US=1
  fi

  KOMIS_PG_PORT="$port"
  KOMIS_PG_ADMIN="Host=127.0.0.1;Port=$port;Username=komis;Password=$KOMIS_PG_PASSWORD;Database=postgres"
  KOMIS_PG_DATADIR="$datadir"
  KOMIS_PG_BINDIR="$bindir"
  export KOMIS_PG_ADMIN KOMIS_PG_PORT KOMIS_PG_PASSWORD KOMIS_PG_DATADIR KOMIS_PG_BINDIR
}

komis_pg_stop() {
  local name="$1" datadir bindir
  bindir=$(komis_pg_bindir) || return 0
  datadir=$(komis_pg_datadir "$name")
  komis_pg_as_owner "$bindir/pg_ctl" -D "$datadir" -m fast -w stop >/dev/null 2>&1 || true
}

# psql against the started cluster: komis_psql DB [psql args...]
komis_psql() {
  local db="$1"; shift
  PGPASSWORD="$KOMIS_PG_PASSWORD" psql -h 127.0.0.1 -p "$KOMIS_PG_PORT" -U komis -d "$db" -v ON_ERROR_STOP=1 -q "$@"
}

komis_docker_available() {
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1
}
