#!/usr/bin/env bash
# Submits a sharebench campaign to Slurm in SHARDS shards, one job-array task per shard, and the
# merge chained afterany; prints both job ids.
#
#   examples/slurm/submit.sh CAMPAIGN OUT SHARDS [sbatch options for both jobs...]
#   examples/slurm/submit.sh data/seed-matrix /shared/fleet/seed 8 --partition=bench --time=12:00:00
#
# Arguments reach the jobs as arguments (never through a shell string or --export's comma list),
# so paths with spaces or commas are safe. Relative paths are made absolute here: the jobs may
# start in another directory on another node.
set -euo pipefail

usage="usage: submit.sh CAMPAIGN OUT SHARDS [sbatch options...]"
if [ "$#" -lt 3 ]; then
  echo "submit.sh: $usage" >&2
  exit 2
fi
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
campaign=$(realpath -e -- "$1") || { echo "submit.sh: campaign $1 not found; $usage" >&2; exit 2; }
out=$(realpath -m -- "$2")
shards=$3
shift 3
if ! [[ $shards =~ ^[1-9][0-9]*$ ]]; then
  echo "submit.sh: SHARDS must be a whole number of at least 1, got '$shards'; $usage" >&2
  exit 2
fi
mkdir -p -- "$out"

# --parsable prints "<id>" or "<id>;<cluster>".
array=$(sbatch --parsable --array="0-$((shards - 1))" "$@" "$here/run-shard.sbatch" "$campaign" "$out" "$shards")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterany:$array" "$@" "$here/merge.sbatch" "$out")
merge=${merge%%;*}

echo "shards: job array $array (tasks 0-$((shards - 1)), datasets $out/shard=<i>)"
echo "merge:  job $merge (after every task ends, into $out/merged)"
options=""
if [ "$#" -gt 0 ]; then options=$(printf '%q ' "$@"); fi
echo "to redo shard i (after scancel or a node failure; it resumes):"
echo "  sbatch --array=i ${options}$(printf '%q %q %q %q' "$here/run-shard.sbatch" "$campaign" "$out" "$shards")"
echo "  and merge again: sbatch --dependency=afterany:<its job id> ${options}$(printf '%q %q' "$here/merge.sbatch" "$out")"
