#!/usr/bin/env bash
# Runs every test: installs what the tests need (PostgreSQL, sample photos), starts a throwaway PostgreSQL on a
# loopback port, builds and tests the solution, stops what it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

.ci/setup.sh
photos_root="${VLSEARCH_PHOTO_CACHE:-/tmp/vlsearch-photos}"
if [ -z "${VLSEARCH_TEST_PHOTOS:-}" ] && [ -d "$photos_root/usr/share/backgrounds" ]; then
  export VLSEARCH_TEST_PHOTOS="$photos_root/usr/share/backgrounds"
fi

tjs="${VLSEARCH_TRANSFORMERS_JS:-/tmp/vlsearch-transformers-js}"
if [ -d "$tjs/node_modules/@huggingface/transformers" ]; then
  export VLSEARCH_TRANSFORMERS_JS="$tjs"
fi

k8s="${VLSEARCH_K8S_TOOLS:-/tmp/vlsearch-k8s-tools}"
if [ -d "$k8s/node_modules/kubernetes-models" ]; then
  export VLSEARCH_K8S_TOOLS="$k8s"
fi

pg_env="$(mktemp)"
.ci/postgres-start.sh > "$pg_env"
trap '.ci/postgres-stop.sh >/dev/null 2>&1 || true; rm -f "$pg_env"' EXIT
# shellcheck disable=SC1090
source "$pg_env"

dotnet build VlSearch.sln -c Release -v quiet -nologo -clp:ErrorsOnly
log="$(mktemp)"
set +e
dotnet test VlSearch.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for any reader: the sums of every test project's counts.
awk '/(Passed|Failed)!/ {
  for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
    if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
