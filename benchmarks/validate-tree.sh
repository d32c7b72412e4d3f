#!/usr/bin/env bash
# Whole-process comparison, with the dataplatform tool as users get it (packed as a RID-specific tool, installed with
# `dotnet tool install`: the Native AOT executable on linux-x64), on generated repositories:
#   10k: the example platform plus 200 domains of 50 ConfigMaps (11,386 objects; half the domains one object per
#        file, half one multi-document file: 6,016 files);   1k: the same with 20 domains.
# Baselines, measured in the same run on the same files:
#   PyYAML's libyaml CSafeLoader parsing every YAML file (parse only), and
#   kubectl kustomize over every domain overlay (one build per overlay, summed), as Flux builds them.
# Each command runs 5 times; the median wall time and the peak resident memory are reported, then the ratios.
# Usage: bash benchmarks/validate-tree.sh [work-dir]      (needs clang, kubectl, python3 with PyYAML + libyaml)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"

dotnet run -c Release --project benchmarks/DataPlatform.Sdk.Benchmarks -- generate-tree "$work/tree10k" 200 50 --split
dotnet run -c Release --project benchmarks/DataPlatform.Sdk.Benchmarks -- generate-tree "$work/tree1k" 20 50 --split
[ -n "$(ls "$work"/feed/DataPlatform.Sdk.Cli.linux-x64.*.nupkg 2>/dev/null)" ] || bash .ci/pack-tool "$work/feed" > /dev/null
rm -rf "$work/tool"
NUGET_PACKAGES="$work/packages" dotnet tool install DataPlatform.Sdk.Cli --prerelease --add-source "$work/feed" --tool-path "$work/tool" > /dev/null
tool="$work/tool/dataplatform"
python3 -c 'import yaml, sys; sys.exit(0 if yaml.__with_libyaml__ else 1)' || { echo "PyYAML with libyaml is required" >&2; exit 1; }

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# measure NAME COMMAND...: prints "NAME seconds peak-MB"
measure() {
  local name=$1; shift
  local times=() mem=0
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || { cat "$work/stderr.txt" >&2; }
    read -r t m < <(tail -n 1 "$work/time.txt")
    times+=("$t"); [ "$m" -gt "$mem" ] && mem=$m
  done
  printf '%s %s %s\n' "$name" "$(printf '%s\n' "${times[@]}" | median)" "$((mem / 1024))"
}

pyyaml='import glob, sys, yaml
for f in glob.glob(sys.argv[1] + "/**/*.yaml", recursive=True):
    with open(f) as h:
        list(yaml.load_all(h, Loader=yaml.CSafeLoader))'

kustomize_all() {
  for dir in "$1"/domains/*/overlays/*; do kubectl kustomize "$dir" > /dev/null; done
}
export -f kustomize_all

echo "tree10k: $(find "$work/tree10k" -type f | wc -l) files; $("$tool" validate "$work/tree10k" 2>&1 >/dev/null | tail -n 1 | cut -d'(' -f1)"
{
  measure "validate-10k" "$tool" validate "$work/tree10k"
  measure "validate-1k" "$tool" validate "$work/tree1k"
  measure "pyyaml-csafeloader-10k" python3 -c "$pyyaml" "$work/tree10k"
} | tee "$work/results.txt"
# kustomize is slow (hundreds of builds): measured once.
/usr/bin/time -f "%e %M" -o "$work/time.txt" bash -c "kustomize_all $work/tree10k"
read -r kt km < <(tail -n 1 "$work/time.txt")
echo "kubectl-kustomize-domains-10k $kt $((km / 1024))" | tee -a "$work/results.txt"

awk '
  { t[$1] = $2; m[$1] = $3 }
  END {
    printf "validate / libyaml parse:     %.2f (gate <= 0.33)\n", t["validate-10k"] / t["pyyaml-csafeloader-10k"]
    printf "kustomize / validate:         %.1fx (gate >= 25x)\n", t["kubectl-kustomize-domains-10k"] / t["validate-10k"]
    printf "time(10k) / time(1k):         %.1f (target <= 11)\n", t["validate-10k"] / t["validate-1k"]
    printf "peak memory, validate 10k:    %d MB (target <= 400)\n", m["validate-10k"]
  }' "$work/results.txt"
