#!/usr/bin/env bash
# The embedded index beside hnswlib and FAISS on the same CLIP-like vectors (ann-benchmarks' TEXMEX files):
#   tools/ann-compare.sh [-n 100000] [--dim 512] [--queries 1000] [--threads 2] [--ef 16,32,64,128,200]
# Needs Debian's python3-hnswlib and python3-faiss (apt install python3-hnswlib python3-faiss). Prints JSON lines:
# the data set, one line per embedded-index run (f32, each ef), then hnswlib's and FAISS's runs.
set -euo pipefail
cd "$(dirname "$0")/.."
n=100000; dim=512; queries=1000; threads=2; efs=16,32,64,128,200; m=12; efc=128
while [ $# -gt 0 ]; do
  case "$1" in
    -n) n="$2"; shift 2 ;;
    --dim) dim="$2"; shift 2 ;;
    --queries) queries="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --ef) efs="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
data="${ANN_DATA:-/tmp/vlsearch-ann-$n-$dim}"
if [ ! -f "$data/truth.ivecs" ]; then
  ./vlsearch bench index --write-dataset "$data" -n "$n" --dim "$dim" --queries "$queries"
fi
for ef in ${efs//,/ }; do
  ./vlsearch bench index --base-file "$data/base.fvecs" --query-file "$data/query.fvecs" --truth-file "$data/truth.ivecs" \
    --quantization f32 --threads "$threads" --connectivity "$m" --expansion-add "$efc" --expansion-search "$ef" | tr -d '\n' | tr -s ' '
  echo
done
/usr/bin/python3 tools/ann_compare.py "$data" "$threads" "$m" "$efc" "$efs"
