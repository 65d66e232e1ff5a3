#!/usr/bin/env bash
# Load bench over loopback: starts the web app (Production, its own data folder, the bundled vlsearch-tiny model),
# adds a library of generated photos and, while it indexes, runs concurrent text and image searchers for a fixed
# time. Prints the JSON report of tools/VlSearch.Load (errors, p50/p90/p99 per kind, slowest request, indexing
# progress); exit 1 when a request failed or waited longer than --limit-seconds.
#   tools/load.sh [--count 20000] [--searchers 50] [--seconds 120] [--image-share 0.3] [--limit-seconds 10]
# Environment: LOAD_PORT (5180), LOAD_WORK (artifacts/load: photos are generated once and kept there),
# LOAD_REQUESTS_PER_MINUTE (the app's per-client limit for this run, default 1000000: one address sends everything).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${LOAD_PORT:-5180}"
work="${LOAD_WORK:-$root/artifacts/load}"
data="$work/data-$$"
mkdir -p "$work"

dotnet build web/VlSearch.Web/VlSearch.Web.csproj -c Release -v quiet -nologo -clp:ErrorsOnly
dotnet build tools/VlSearch.Load/VlSearch.Load.csproj -c Release -v quiet -nologo -clp:ErrorsOnly

web_dir="$root/web/VlSearch.Web/bin/Release/net10.0"
(cd "$web_dir" && ASPNETCORE_ENVIRONMENT=Production Models__Active=vlsearch-tiny Indexer__Watch=false \
  Web__RequestsPerMinute="${LOAD_REQUESTS_PER_MINUTE:-1000000}" \
  exec dotnet VlSearch.Web.dll --urls "http://127.0.0.1:$port" --data "$data" >"$work/web-$$.log" 2>&1) &
web=$!
trap 'kill "$web" 2>/dev/null || true; wait "$web" 2>/dev/null || true; rm -rf "$data"' EXIT

deadline=$((SECONDS + 120))
until curl -fs -o /dev/null "http://127.0.0.1:$port/openapi/v1.json"; do
  if [ $SECONDS -gt $deadline ] || ! kill -0 "$web" 2>/dev/null; then
    echo "The web app did not start; its log:" >&2
    tail -n 40 "$work/web-$$.log" >&2
    exit 2
  fi
  sleep 1
done

dotnet tools/VlSearch.Load/bin/Release/net10.0/VlSearch.Load.dll --url "http://127.0.0.1:$port" \
  --admin-key-file "$data/web-admin.key" --photos "$work/photos" "$@"
