#!/usr/bin/env bash
# Coverage-guided fuzzing of the photo decoder (PhotoDecoder.Decode and ReadMetadata) with AFL++ and SharpFuzz.
#   tools/fuzz.sh [SECONDS]   default 300; starts from tests/fuzz-corpus/corpus (the seeds VlSearch.Fuzz
#                             --seeds writes, plus what earlier runs found) and adds the new finds to it
# Needs afl-fuzz (AFL++ 4.x) on PATH or in AFL_FUZZ; without root: apt-get download afl++ && dpkg -x afl++_*.deb DIR,
# then AFL_FUZZ=DIR/usr/bin/afl-fuzz. Installs the SharpFuzz instrumenter (dotnet tool) into artifacts/ when missing.
# Crashing inputs are copied to tests/fuzz-corpus/regressions/, which the Imaging tests replay on every run; files
# that exceed the per-input timeout (hangs) are copied there too. Exit status: 0 no findings, 1 findings, 2 setup.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-300}"
out="$root/artifacts/fuzz"
app="$out/app"
afl="${AFL_FUZZ:-$(command -v afl-fuzz || true)}"
if [ -z "$afl" ] || [ ! -x "$afl" ]; then
  echo "afl-fuzz not found: install AFL++ (apt-get install afl++) or set AFL_FUZZ to its afl-fuzz binary." >&2
  exit 2
fi

tool="$root/artifacts/sharpfuzz-tool"
if [ ! -x "$tool/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tool" >/dev/null
fi

rm -rf "$app" && mkdir -p "$app"
dotnet publish tools/VlSearch.Fuzz/VlSearch.Fuzz.csproj -c Release -o "$app" -v quiet -nologo -clp:ErrorsOnly
# Instrument the code under test: the decoder and the managed codecs it drives (Skia's native code is not covered).
for dll in VlSearch.Imaging.dll SixLabors.ImageSharp.dll; do
  "$tool/sharpfuzz" "$app/$dll" >/dev/null
done

findings="$out/findings"
rm -rf "$findings"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
# -t: per-input limit in ms (the decoder's own budget is 2 s; slower inputs are reported as hangs). -m none: .NET
# reserves far more address space than it uses.
set +e
"$afl" -i tests/fuzz-corpus/corpus -o "$findings" -t 5000 -m none -V "$seconds" -- "$app/VlSearch.Fuzz"
status=$?
set -e
stats="$findings/default/fuzzer_stats"
[ -f "$stats" ] && grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|edges_found|bitmap_cvg|saved_crashes|saved_hangs)' "$stats"

for file in "$findings"/default/queue/id:*; do
  case "$file" in *orig:*) continue ;; esac
  cp "$file" "tests/fuzz-corpus/corpus/q-$(sha256sum "$file" | cut -c1-16).bin"
done

mkdir -p tests/fuzz-corpus/regressions
found=0
for kind in crashes hangs; do
  for file in "$findings"/default/"$kind"/id:*; do
    [ -f "$file" ] || continue
    found=$((found + 1))
    cp "$file" "tests/fuzz-corpus/regressions/$kind-$(sha256sum "$file" | cut -c1-16).bin"
  done
done
echo "afl-fuzz exit $status; $found findings copied to tests/fuzz-corpus/regressions"
[ "$found" -eq 0 ] || exit 1
[ "$status" -eq 0 ] || exit 2
