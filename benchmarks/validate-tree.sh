#!/usr/bin/env bash
# Whole-process comparison on a generated repository of ~10,000 objects in 200 domains (and ~1,000 objects in 20):
#   dataplatform validate (Native AOT when clang is installed, else ReadyToRun)
#                                       vs  PyYAML's libyaml CSafeLoader parsing the same files
#                                       vs  kubectl kustomize over every domain overlay, as Flux builds them.
# Each command runs 3 times; the median wall time and the peak resident memory are reported.
# Usage: bash benchmarks/validate-tree.sh [work-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"

dotnet run -c Release --project benchmarks/DataPlatform.Sdk.Benchmarks -- generate-tree "$work/tree10k" 200 50
dotnet run -c Release --project benchmarks/DataPlatform.Sdk.Benchmarks -- generate-tree "$work/tree1k" 20 50
if command -v clang > /dev/null; then
  # Native AOT (takes a few minutes). KubernetesClient's models still need reflection-based System.Text.Json, and
  # YamlDotNet, KubernetesClient and Fractions carry trim warnings of their own, hence the three switches.
  dotnet publish src/DataPlatform.Sdk.Cli -c Release -r linux-x64 -p:PublishAot=true \
    -p:JsonSerializerIsReflectionEnabledByDefault=true -p:TrimMode=partial -p:TreatWarningsAsErrors=false -o "$work/cli" > /dev/null
else
  echo "clang not found: publishing ReadyToRun instead of Native AOT (apt-get install clang for AOT)" >&2
  dotnet publish src/DataPlatform.Sdk.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/cli" > /dev/null
fi

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# measure NAME COMMAND...: prints "NAME seconds peak-MB"
measure() {
  local name=$1; shift
  local times=() mem=0
  for _ in 1 2 3; do
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

objects=$("$work/cli/dataplatform" validate "$work/tree10k" 2>&1 >/dev/null | sed -n 's/.* manifest files, \([0-9]*\) objects.*/\1/p')
echo "tree: $objects objects, $(find "$work/tree10k" -type f | wc -l) files"
{
  measure "dataplatform-validate-10k" "$work/cli/dataplatform" validate "$work/tree10k"
  measure "dataplatform-validate-1k" "$work/cli/dataplatform" validate "$work/tree1k"
  measure "pyyaml-csafeloader-10k" python3 -c "$pyyaml" "$work/tree10k"
  measure "kubectl-kustomize-domains-10k" bash -c "kustomize_all $work/tree10k"
} | tee "$work/results.txt"
