#!/usr/bin/env bash
# The layering rule of docs/architecture.md: a folder of builder/ may include only itself and
# the folders below it. Prints every include that breaks the rule; fails when there is one.
set -euo pipefail
root=${1:?usage: check_layering.sh BUILDER_DIR}
# Each layer and the layers it may use (besides itself).
declare -A allowed=(
  [util]=""
  [rpm]="util"
  [oscar]="util"
  [solve]="rpm util"
  [repo]="solve rpm util"
  [recipe]="repo solve oscar rpm util"
  [kernel]="recipe repo solve oscar rpm util"
  [cluster]="util"
  [image]="kernel recipe cluster repo solve oscar rpm util"
  [debimport]="recipe repo solve oscar rpm util"
  [distro]="debimport recipe repo solve oscar rpm util"
  [tools]=""
  [boot]="image kernel recipe cluster repo solve oscar rpm util"
  [slurm]="image kernel recipe cluster repo solve oscar rpm util"
  [cli]="slurm boot image kernel cluster distro debimport recipe repo solve oscar rpm util"
)
bad=0
for layer in "${!allowed[@]}"; do
  [ -d "$root/$layer" ] || continue
  while IFS= read -r line; do
    file=${line%%:*}
    target=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$line")
    [ "$target" = "$layer" ] && continue
    if [[ " ${allowed[$layer]} " != *" $target "* ]]; then
      echo "layering: $file includes $target/ (a $layer file may use: ${allowed[$layer]:-nothing else})"
      bad=1
    fi
  done < <(grep -rHE '#include "[a-z_]+/' "$root/$layer" || true)
done
if [ "$bad" -eq 0 ]; then echo "layering: ok"; fi
exit "$bad"
