#!/usr/bin/env bash
# start-pg.sh DIR [PORT] [DATABASE]: a throwaway PostgreSQL 15 on 127.0.0.1 for tests.
# Installs postgresql-15 when missing (needs root); initdb runs as the `postgres` OS user
# (initdb refuses root); trust authentication on loopback; the socket stays in DIR. No fsync:
# a test database a crash may lose (PG_DURABLE=1 keeps PostgreSQL's defaults). Writes DIR/env
# (DATABASE_URL) and DIR/pid. Stop it with stop-pg.sh DIR.
set -euo pipefail
D=${1:?usage: start-pg.sh DIR [PORT] [DATABASE]}
PORT=${2:-15432}
DB=${3:-rangeway}
BIN=/usr/lib/postgresql/15/bin
started=$(date +%s.%N)
elapsed() { awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
if [ ! -x "$BIN/postgres" ]; then
  install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null; }
  install || { apt-get update -qq && install; }
  echo "start-pg: postgresql-15 installed (+$(elapsed)s)"
fi
D=$(realpath -m "$D")
[ ! -f "$D/pid" ] || { echo "start-pg: $D/pid exists: stop that server first (stop-pg.sh $D)" >&2; exit 1; }
rm -rf "$D" && mkdir -p "$D" && chown postgres "$D"
as_postgres() { su postgres -s /bin/sh -c "$*"; }
# initdb runs as `postgres`: every directory above DIR must let it through (mktemp -d does not)
as_postgres "test -w '$D'" || { echo "start-pg: the postgres user cannot reach $D (chmod 755 its parent directories)" >&2; exit 1; }
as_postgres "$BIN/initdb -D '$D/data' -U rangeway -A trust -E UTF8 --locale=C.UTF-8 --no-sync" >"$D/initdb.log" 2>&1 ||
  { cat "$D/initdb.log" >&2; exit 1; }
[ "${PG_DURABLE:-}" = 1 ] && fast="" || fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
as_postgres "$BIN/pg_ctl -D '$D/data' -l '$D/server.log' -s -w -t 60 \
  -o \"-c listen_addresses=127.0.0.1 -p $PORT -k '$D' -c max_connections=200 $fast\" start"
head -1 "$D/data/postmaster.pid" > "$D/pid"
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U rangeway -d postgres -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE \"$DB\""
echo "DATABASE_URL=postgres://rangeway@127.0.0.1:$PORT/$DB" > "$D/env"
echo "start-pg: PostgreSQL on 127.0.0.1:$PORT, database $DB, ready in $(elapsed)s (pid $(cat "$D/pid"))"
