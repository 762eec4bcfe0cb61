#!/usr/bin/env bash
# Submits a Backprop Lab experiment to Slurm as N shards plus a summarising job:
#   sbatch --array=1-N shard.sbatch ...                       (task K runs --shard K/N)
#   sbatch --dependency=afterany:<array job> summarize.sbatch  (runner summarize OUTPUT)
# See docs/cluster.md. The runner, the experiment file, its data and OUTPUT must be at the same
# paths on every node, as on a shared file system.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: experiments/slurm/submit.sh -n N [options] EXPERIMENT.yaml [runner options] [key=value ...]

Options:
  -n, --shards N          number of shards, one array task each (required)
  -c, --cpus-per-task C   CPUs of each task, passed to the runner as -j (default 1)
  -o, --output DIR        results folder (default: the runner's, results/<experiment name>
                          below the current folder)
  -r, --runner PATH       the runner binary (default: build/bin/runner of this checkout,
                          else runner on PATH)
      --resume            keep trials that already have a result, as after a node failure
  -s, --sbatch OPTION     one more option for both sbatch calls, such as
                          --sbatch=--partition=short or --sbatch=--time=2:00:00 (repeatable)
      --dry-run           print the two sbatch commands instead of running them
  -h, --help              print this help

Everything after EXPERIMENT.yaml goes to every shard's runner command.
EOF
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shards="" cpus=1 output="" runner="" resume=0 dry_run=0
sbatch_options=()
while (( $# > 0 )); do
  case "$1" in
    -n|--shards) shards=${2:?"$1 needs a value"}; shift 2 ;;
    --shards=*) shards=${1#*=}; shift ;;
    -c|--cpus-per-task) cpus=${2:?"$1 needs a value"}; shift 2 ;;
    --cpus-per-task=*) cpus=${1#*=}; shift ;;
    -o|--output) output=${2:?"$1 needs a value"}; shift 2 ;;
    --output=*) output=${1#*=}; shift ;;
    -r|--runner) runner=${2:?"$1 needs a value"}; shift 2 ;;
    --runner=*) runner=${1#*=}; shift ;;
    --resume) resume=1; shift ;;
    -s|--sbatch) sbatch_options+=("${2:?"$1 needs a value"}"); shift 2 ;;
    --sbatch=*) sbatch_options+=("${1#*=}"); shift ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "error: unknown option '$1'; see --help" >&2; exit 2 ;;
    *) break ;;
  esac
done
if (( $# < 1 )); then
  echo "error: no experiment file given; see --help" >&2
  exit 2
fi
experiment=$1
shift
runner_arguments=("$@")
(( resume )) && runner_arguments+=(--resume)

if ! [[ "$shards" =~ ^[1-9][0-9]*$ ]]; then
  echo "error: -n/--shards: expected a number of shards ≥ 1, got '$shards'" >&2
  exit 2
fi
if ! [[ "$cpus" =~ ^[1-9][0-9]*$ ]]; then
  echo "error: -c/--cpus-per-task: expected a number of CPUs ≥ 1, got '$cpus'" >&2
  exit 2
fi
if [[ -z "$runner" ]]; then
  if [[ -x "$here/../../build/bin/runner" ]]; then
    runner="$here/../../build/bin/runner"
  else
    runner=$(command -v runner || true)
  fi
fi
if [[ -z "$runner" || ! -x "$runner" ]]; then
  echo "error: no runner found; build it (cmake --build --preset release) or pass --runner PATH" >&2
  exit 2
fi
if [[ ! -f "$experiment" ]]; then
  echo "error: $experiment: experiment file not found" >&2
  exit 2
fi
if (( !dry_run )) && ! command -v sbatch > /dev/null; then
  echo "error: sbatch not found; run this on a Slurm login node" >&2
  exit 2
fi

# Every node gets absolute paths, so the jobs do not depend on the folder they start in.
runner=$(realpath "$runner")
experiment=$(realpath "$experiment")

# A dry run here rejects a broken experiment before anything is queued, and names the default
# results folder and the size of the grid.
check_arguments=("$experiment" --dry-run "${runner_arguments[@]}")
[[ -n "$output" ]] && check_arguments+=(--output "$output")
plan=$("$runner" "${check_arguments[@]}") || {
  echo "error: the runner rejected the experiment (see above); nothing was submitted" >&2
  exit 2
}
[[ -z "$output" ]] && output=$(sed -n 's/^output: *//p' <<< "$plan")
output=$(realpath -m "$output")
trials=$(sed -n 's/^trials: *\([0-9]*\).*/\1/p' <<< "$plan")
if [[ -n "$trials" ]] && (( shards > trials )); then
  echo "warning: $shards shards for $trials trials; $(( shards - trials )) shards will have no trial to run" >&2
fi
name=$(basename "$output")
logs="$output/slurm"

shard_command=(sbatch --parsable --array="1-$shards" --cpus-per-task="$cpus" --job-name="bplab-$name"
               --output="$logs/shard-%A_%a.out" --export="ALL,BPLAB_SHARD_COUNT=$shards" "${sbatch_options[@]}"
               "$here/shard.sbatch" "$runner" "$experiment" "$output" "${runner_arguments[@]}")
summary_command() {
  echo sbatch --parsable --dependency="afterany:$1" --cpus-per-task=1 --job-name="bplab-$name-summary" \
       --output="$logs/summarize-%j.out" "${sbatch_options[@]}" "$here/summarize.sbatch" "$runner" "$output"
}
if (( dry_run )); then
  echo "${shard_command[*]}"
  summary_command "<array job id>"
  exit 0
fi

# Slurm does not create the folder of --output files; without it every task fails at once.
mkdir -p "$logs"
array_job=$("${shard_command[@]}")
array_job=${array_job%%;*}
summary_job=$(sbatch --parsable --dependency="afterany:$array_job" --cpus-per-task=1 --job-name="bplab-$name-summary" \
                     --output="$logs/summarize-%j.out" "${sbatch_options[@]}" "$here/summarize.sbatch" "$runner" "$output")
summary_job=${summary_job%%;*}

echo "shards:  job $array_job, array 1-$shards, $cpus CPU(s) each"
echo "summary: job $summary_job, starts when job $array_job has ended"
echo "results: $output"
echo "logs:    $logs"
echo "follow:  squeue -j $array_job,$summary_job"
