#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the catalog tests, on 127.0.0.1 only.
#
#   eval "$(bash .ci/postgres-start.sh)"     # exports VLSEARCH_TEST_POSTGRES in the calling shell
#   bash .ci/postgres-stop.sh                # stops it and deletes its folder
#
# stdout carries only `export ...` lines (also written to $VLSEARCH_PG_ROOT/env.sh); progress goes to stderr.
# Overrides: VLSEARCH_PG_PORT (55432), VLSEARCH_PG_ROOT (folder of the cluster, under $TMPDIR).
set -euo pipefail

PG_BIN=${VLSEARCH_PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=${VLSEARCH_PG_PORT:-55432}
ROOT=${VLSEARCH_PG_ROOT:-${TMPDIR:-/tmp}/vlsearch-postgres-$PORT}
DB_USER=vlsearch
DB_PASSWORD=vlsearch
DB_NAME=vlsearch

log() { echo "postgres-start: $*" >&2; }

if [[ ! -x "$PG_BIN/initdb" ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    log "$PG_BIN/initdb is missing; install PostgreSQL 15 (apt-get install postgresql) as root first"
    exit 1
  fi
  log "installing PostgreSQL"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  if [[ ! -x "$PG_BIN/initdb" ]]; then
    log "apt installed PostgreSQL, but not at $PG_BIN"
    exit 1
  fi
fi

# initdb and postgres refuse to run as root: use the postgres account then, else the current user.
if [[ $(id -u) -eq 0 ]]; then
  OWNER=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  OWNER=$(id -un)
  as_owner() { "$@"; }
fi

# A cluster left by an earlier run is stopped and replaced, so every run starts from an empty server.
if [[ -d "$ROOT" ]]; then
  log "replacing the cluster left in $ROOT"
  if [[ -f "$ROOT/data/postmaster.pid" ]]; then
    (cd "$ROOT" && as_owner "$PG_BIN/pg_ctl" -D "$ROOT/data" -m immediate -w stop >&2) || true
  fi
  rm -rf "$ROOT"
fi

mkdir -p "$ROOT"
chown "$OWNER" "$ROOT"
chmod 700 "$ROOT"
cd "$ROOT"

log "initdb in $ROOT/data"
# Superuser `postgres` logs in only through the socket in $ROOT (trust); TCP needs a password.
as_owner "$PG_BIN/initdb" -D "$ROOT/data" -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256 >"$ROOT/initdb.log" 2>&1 || {
  cat "$ROOT/initdb.log" >&2
  exit 1
}

# Test data is thrown away, so durability is traded for speed (CREATE DATABASE per test class). No autovacuum:
# its workers run as the superuser, and a test's DROP DATABASE ... WITH (FORCE), issued by the non-superuser test
# role, fails with "must be a member of the role whose process is being terminated" when a worker happens to be
# vacuuming that database just then.
log "starting on 127.0.0.1:$PORT"
as_owner "$PG_BIN/pg_ctl" -D "$ROOT/data" -l "$ROOT/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $ROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off -c max_connections=200" \
  start >&2 || {
  cat "$ROOT/server.log" >&2
  exit 1
}

for _ in $(seq 1 60); do
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
    break
  fi
  sleep 0.5
done
"$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PORT" >&2

# CREATEDB: the tests create and drop a database of their own per run.
as_owner "$PG_BIN/psql" -v ON_ERROR_STOP=1 -q -h "$ROOT" -p "$PORT" -U postgres -d postgres >&2 <<SQL
CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
CREATE DATABASE $DB_NAME OWNER $DB_USER;
SQL

CONNECTION="Host=127.0.0.1;Port=$PORT;Username=$DB_USER;Password=$DB_PASSWORD;Database=$DB_NAME"
printf 'export VLSEARCH_TEST_POSTGRES="%s"\n' "$CONNECTION" >"$ROOT/env.sh"
chmod 644 "$ROOT/env.sh"
log "ready; environment in $ROOT/env.sh"
cat "$ROOT/env.sh"
