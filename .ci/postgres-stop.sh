#!/usr/bin/env bash
# Stops the cluster started by postgres-start.sh and deletes its folder. Succeeds when there is nothing to stop.
set -euo pipefail

PG_BIN=${VLSEARCH_PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=${VLSEARCH_PG_PORT:-55432}
ROOT=${VLSEARCH_PG_ROOT:-${TMPDIR:-/tmp}/vlsearch-postgres-$PORT}

if [[ ! -d "$ROOT" ]]; then
  echo "postgres-stop: nothing in $ROOT" >&2
  exit 0
fi

if [[ -f "$ROOT/data/postmaster.pid" && -x "$PG_BIN/pg_ctl" ]]; then
  cd "$ROOT"
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$ROOT/data" -m fast -w -t 60 stop >&2 || true
  else
    "$PG_BIN/pg_ctl" -D "$ROOT/data" -m fast -w -t 60 stop >&2 || true
  fi
  cd /
fi

rm -rf "$ROOT"
echo "postgres-stop: stopped and removed $ROOT" >&2
