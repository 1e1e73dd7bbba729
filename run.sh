#!/usr/bin/env bash
# Starts Komis with its demo data on http://localhost:5080 (ASPNETCORE_URLS overrides it).
# The database: ConnectionStrings__Komis if set; else the docker-compose `db` service when a Docker
# engine answers; else a local PostgreSQL cluster under .komis/ on port 25432.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh

export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:5080}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"

if [ -n "${ConnectionStrings__Komis:-}" ]; then
  echo "Using the database from ConnectionStrings__Komis."
elif komis_docker_available; then
  echo "Starting the db service of docker-compose.yml..."
  docker compose up -d --wait db
  export ConnectionStrings__Komis="Host=127.0.0.1;Port=25432;Database=komis;Username=komis;Password=${KOMIS_DB_PASSWORD:-komis-dev}"
else
  komis_pg_start pg 25432
  if [ "${KOMIS_PG_STARTED_BY_US:-}" = 1 ]; then trap 'komis_pg_stop pg' EXIT; trap 'exit 130' INT TERM; fi
  if [ "$(komis_psql postgres -tAc "SELECT 1 FROM pg_database WHERE datname='komis'")" != 1 ]; then
    komis_psql postgres -c "CREATE DATABASE komis"
  fi
  export ConnectionStrings__Komis="Host=127.0.0.1;Port=$KOMIS_PG_PORT;Database=komis;Username=komis;Password=$KOMIS_PG_PASSWORD"
fi

# The app's own sandboxes (billers, identity registry) are reached at the first address it listens on.
first_url="${ASPNETCORE_URLS%%;*}"
export Komis__Sandbox__BaseUrl="${Komis__Sandbox__BaseUrl:-${first_url/+/localhost}}"

echo "Building..."
dotnet build src/Komis.Web -c Release -nologo -v quiet -clp:ErrorsOnly
app="bin/Release/net10.0/Komis.Web.dll"
cd src/Komis.Web
dotnet "$app" migrate
dotnet "$app" seed
echo "Komis is starting on $ASPNETCORE_URLS (Ctrl-C stops it)."
dotnet "$app"
