#!/usr/bin/env bash
# CPU-vs-CUDA parity and encoder speed, for a machine with an NVIDIA GPU (CUDA 12, cuDNN 9):
#   tools/gpu-check.sh [--model vlsearch-tiny] [--count 20]
# Builds the GPU flavour of the CLI (Microsoft.ML.OnnxRuntime.Gpu) into artifacts/cli-gpu, embeds the first --count
# images of samples/synthetic-test and five captions on the CPU and on CUDA, and fails unless every CUDA vector has
# cosine >= 0.9999 with its CPU twin; then runs `bench encode --device cuda`. Exit codes: 0 parity holds, 1 it does
# not, 2 no GPU or CUDA fell back to the CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
model=vlsearch-tiny; count=20
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L || { echo "gpu-check: no NVIDIA GPU visible" >&2; exit 2; }
out=artifacts/cli-gpu
dotnet publish src/VlSearch.Cli/VlSearch.Cli.csproj -c Release -p:VlSearchGpu=true -o "$out" -v quiet -nologo
cli=(dotnet "$out/vlsearch.dll")
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

embed() { # device kind value file
  if ! "${cli[@]}" embed --model "$model" --device "$1" "--$2" "$3" > "$4" 2> "$4.err"; then cat "$4.err" >&2; exit 1; fi
  if [ "$1" = cuda ] && grep -q "CUDA could not run" "$4.err"; then
    echo "gpu-check: CUDA was not used: $(cat "$4.err")" >&2; exit 2
  fi
}

i=0
for image in $(find samples/synthetic-test -name '*.png' -o -name '*.jpg' | sort | head -n "$count"); do
  embed cpu image "$image" "$work/i$i.cpu"; embed cuda image "$image" "$work/i$i.cuda"; i=$((i + 1))
done
t=0
for text in "a big red circle" "two small blue squares" "a green triangle on the left" "three yellow stars" ""; do
  [ -z "$text" ] && continue
  embed cpu text "$text" "$work/t$t.cpu"; embed cuda text "$text" "$work/t$t.cuda"; t=$((t + 1))
done

node -e '
const fs = require("fs"); const dir = process.argv[1];
let worst = 1, n = 0;
for (const f of fs.readdirSync(dir).filter(f => f.endsWith(".cpu"))) {
  const a = JSON.parse(fs.readFileSync(`${dir}/${f}`)), b = JSON.parse(fs.readFileSync(`${dir}/${f.replace(/cpu$/, "cuda")}`));
  let dot = 0, na = 0, nb = 0; for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  worst = Math.min(worst, dot / Math.sqrt(na * nb)); n++;
}
console.log(JSON.stringify({ vectors: n, worstCosine: worst }));
process.exit(n > 0 && worst >= 0.9999 ? 0 : 1);
' "$work"
"${cli[@]}" bench encode --model "$model" --device cuda
