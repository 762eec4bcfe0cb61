#!/usr/bin/env bash
# End-to-end test of experiments/slurm on a one-node Slurm cluster on this machine:
#   1. installs Debian's slurm-wlm and munge when missing (apt-get, needs root);
#   2. starts munged, slurmctld and slurmd from a temporary folder, on 127.0.0.1 only, with a
#      fresh munge key and a minimal slurm.conf (no cgroups, no accounting);
#   3. runs experiments/banknote_grid.yaml once without Slurm, as the reference;
#   4. submits it with experiments/slurm/submit.sh as 4 shards plus the summarising job and
#      waits for both. It checks that the shards ran every trial once, and that the summary
#      equals the reference: points, ranks and every metric bit for bit, timing ignored;
#   5. deletes three trial files as a lost node would, resubmits with --resume, and checks that
#      only those three ran again and that the summary is still the reference's;
#   6. deletes two more and has Slurm requeue the array (as after a node failure with
#      --requeue): the tasks add --resume themselves and run only those two again.
# Every process it starts is stopped at the end, also on failure or interrupt.
#
# Usage: tests/slurm/run.sh RUNNER        (ctest -L slurm passes the built runner)
# BPLAB_SLURM_KEEP=1 keeps the temporary folder (configuration, logs, results) for inspection.
set -euo pipefail

if (( $# != 1 )); then
  echo "usage: $0 RUNNER" >&2
  exit 2
fi
runner=$(realpath "$1")
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
experiment="$source_dir/experiments/banknote_grid.yaml"
shards=4
wait_limit=600  # seconds for one submission to finish; the grid itself takes seconds

now() { date +%s.%N; }
seconds_since() { awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.1f", end - start }'; }
fail() {
  echo "FAILED: $*" >&2
  exit 1
}

if [[ ! -x "$runner" ]]; then
  fail "runner not found or not executable: $1"
fi
if [[ $(id -u) -ne 0 ]]; then
  fail "this test installs packages and starts Slurm's daemons as root; run it as root"
fi

# --- 1. Packages -----------------------------------------------------------------------------
started_all=$(now)
missing=()
for package in slurm-wlm munge python3; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if (( ${#missing[@]} > 0 )); then
  echo "installing: ${missing[*]}"
  started=$(now)
  # A lock timeout, because other apt-get runs (another test, unattended upgrades) may hold it.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    "${missing[@]}" > /dev/null
  echo "time: install packages $(seconds_since "$started") s"
fi

# --- 2. The cluster --------------------------------------------------------------------------
work=$(mktemp -d /tmp/bplab-slurm-XXXXXX)
chmod 755 "$work"
daemon_pids=()
submitted_jobs=()

# Stops what outlived the daemons: a job step daemon (slurmstepd) that was still ending a job,
# and the job's processes. They are the processes that hold a file of $work open (a log or a
# trial file), other than this shell.
stop_leftovers() {
  local signal proc pid found
  for signal in TERM KILL; do
    found=0
    for proc in /proc/[0-9]*; do
      pid=${proc#/proc/}
      [[ "$pid" == "$$" ]] && continue
      if ls -l "$proc/fd" 2>/dev/null | grep -q -F "$work/"; then
        echo "stopping leftover process $pid ($(cat "$proc/comm" 2>/dev/null)) with SIG$signal" >&2
        kill "-$signal" "$pid" 2>/dev/null || true
        found=1
      fi
    done
    (( found )) || return 0
    sleep 1
  done
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # Cancelled jobs end through slurmd, so it stays up until they have left the queue.
  if (( ${#submitted_jobs[@]} > 0 )) && [[ -e "$work/slurm.conf" ]]; then
    export SLURM_CONF="$work/slurm.conf"
    timeout 10 scancel "${submitted_jobs[@]}" 2>/dev/null || true
    for _ in $(seq 40); do
      [[ -z "$(timeout 5 squeue -h -o %i 2>/dev/null)" ]] && break
      sleep 0.5
    done
  fi

  # In reverse order of start: slurmd ends while slurmctld still runs, and both before munged.
  local pid
  for (( i = ${#daemon_pids[@]} - 1; i >= 0; i-- )); do
    pid=${daemon_pids[i]}
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  stop_leftovers

  if (( status != 0 )); then
    echo "--- last lines of the logs in $work ---" >&2
    for log in "$work"/log/* "$work"/cluster/slurm/*.out; do
      [[ -f "$log" ]] && { echo "== $log" >&2; tail -n 15 "$log" >&2; }
    done
  fi
  if [[ "${BPLAB_SLURM_KEEP:-0}" == 1 ]]; then
    echo "kept: $work"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Returns success when nothing accepts connections on 127.0.0.1:$1.
port_is_free() { ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
controller_port=0
for _ in $(seq 50); do
  candidate=$(( 20000 + RANDOM % 30000 ))
  if port_is_free "$candidate" && port_is_free $(( candidate + 1 )); then
    controller_port=$candidate
    break
  fi
done
(( controller_port > 0 )) || fail "found no two free ports on 127.0.0.1"
node_port=$(( controller_port + 1 ))

mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/log"
chmod 755 "$work/munge"
started_cluster=$(now)
mungekey --create --keyfile="$work/munge/munge.key" --bits=1024
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/munged.seed" > "$work/log/munged.log" 2>&1 &
daemon_pids+=($!)
for _ in $(seq 100); do
  [[ -S "$work/munge/munge.socket" ]] && break
  sleep 0.1
done
munge --socket="$work/munge/munge.socket" --no-input | unmunge --socket="$work/munge/munge.socket" > /dev/null \
  || fail "munged does not answer on $work/munge/munge.socket"

host=$(hostname -s)
cpus=$(nproc)
cat > "$work/slurm.conf" <<EOF
# A one-node cluster for tests: controller and node on 127.0.0.1, root runs everything.
ClusterName=bplabtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$controller_port
SlurmdPort=$node_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/munge.socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
MailProg=/bin/true
# No cgroups: process tracking by the process table, no task binding, no accounting.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
# Finished jobs stay visible to scontrol for 10 minutes, long enough for the checks below.
MinJobAge=600
NodeName=bplabnode NodeHostname=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1024 State=UNKNOWN
PartitionName=test Nodes=bplabnode Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"

slurmctld -D -i -f "$SLURM_CONF" > "$work/log/slurmctld.out" 2>&1 &
daemon_pids+=($!)
slurmd -D -f "$SLURM_CONF" -N bplabnode > "$work/log/slurmd.out" 2>&1 &
daemon_pids+=($!)
state=""
for _ in $(seq 600); do
  state=$(sinfo -h -n bplabnode -o %t 2>/dev/null || true)
  [[ "$state" == idle ]] && break
  for pid in "${daemon_pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || fail "a Slurm daemon (pid $pid) exited during start-up"
  done
  sleep 0.1
done
[[ "$state" == idle ]] || fail "the node did not become idle within 60 s (state: '${state:-none}')"
cluster_seconds=$(seconds_since "$started_cluster")
echo "cluster: slurmctld and slurmd on 127.0.0.1:$controller_port and :$node_port, $cpus CPUs, node idle"
echo "time: start the cluster $cluster_seconds s"

# --- 3. The reference: one unsharded run -----------------------------------------------------
started=$(now)
"$runner" "$experiment" --output "$work/single" -j "$cpus" --quiet || fail "the single-machine run failed"
single_seconds=$(seconds_since "$started")
echo "time: single-machine run $single_seconds s"

# --- 4. Four shards and the summary through Slurm --------------------------------------------
# Waits until the jobs have left the queue, then checks that each ended COMPLETED with exit
# code 0.
wait_for_jobs() {
  local deadline=$(( $(date +%s) + wait_limit ))
  while [[ -n "$(squeue -h -j "$(IFS=,; echo "$*")" -o %i 2>/dev/null)" ]]; do
    (( $(date +%s) < deadline )) || fail "jobs $* still queued or running after $wait_limit s: $(squeue -h -j "$(IFS=,; echo "$*")")"
    sleep 0.5
  done
  local job line
  for job in "$@"; do
    while read -r line; do
      [[ "$line" == *"JobState=COMPLETED"*"ExitCode=0:0"* ]] || fail "job $job did not complete: $line"
    done < <(scontrol -o show job "$job" | sed -E 's/.*(JobId=[0-9]+).*(JobState=[A-Z_]+).*(ExitCode=[0-9:]+).*/\1 \2 \3/')
  done
}

# Prints the job ids from submit.sh's output.
job_ids() { sed -n -E 's/^(shards|summary): +job ([0-9]+).*/\2/p' <<< "$1"; }

# Compares two summaries value by value: trial counts, and each point in rank order with its
# grid values, label, counts and every metric aggregate exactly. Keys named timing are ignored.
# Python's float parsing is correctly rounded, so equal text means equal doubles.
compare_summaries() {
  python3 - "$1" "$2" <<'EOF'
import json, sys

def differences(expected, actual, path):
    """Yields 'path: actual, expected' for every value that differs; keys named timing are skipped."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            if key != "timing":
                yield from differences(expected.get(key), actual.get(key), f"{path}.{key}")
    elif isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for index, (want, got) in enumerate(zip(expected, actual)):
            label = want.get("label", index) if isinstance(want, dict) else index
            yield from differences(want, got, f"{path}[{label}]")
    elif expected != actual or type(expected) != type(actual):
        yield f"{path}: {actual!r}, expected {expected!r}"

expected, actual = (json.load(open(path)) for path in sys.argv[1:3])
found = list(differences(expected, actual, "summary"))
for line in found[:10]:
    print(line)
if len(found) > 10:
    print(f"... and {len(found) - 10} more")
sys.exit(1 if found else 0)
EOF
}

started=$(now)
submitted=$("$source_dir/experiments/slurm/submit.sh" -n "$shards" -c 1 -o "$work/cluster" -r "$runner" "$experiment")
echo "$submitted"
mapfile -t job_list < <(job_ids "$submitted")
(( ${#job_list[@]} == 2 )) || fail "submit.sh printed no job ids"
submitted_jobs+=("${job_list[@]}")
wait_for_jobs "${job_list[@]}"
slurm_seconds=$(seconds_since "$started")
echo "time: 4 shards and the summary through Slurm, submit to end $slurm_seconds s"

logs="$work/cluster/slurm"
ran=0
for k in $(seq "$shards"); do
  log="$logs/shard-${job_list[0]}_$k.out"
  [[ -f "$log" ]] || fail "no log of shard $k: $log"
  count=$(sed -n -E "s/.*shard $k\/$shards runs ([0-9]+).*/\1/p" "$log")
  [[ -n "$count" ]] || fail "shard $k did not report its share: $(cat "$log")"
  grep -q "^finished $count trials in .*: $count ok" "$log" || fail "shard $k did not finish its $count trials: $(cat "$log")"
  echo "shard $k/$shards: $count trials"
  ran=$(( ran + count ))
done
grid=$(find "$work/single/trials" -name '*.json' | wc -l)
files=$(find "$work/cluster/trials" -name '*.json' | wc -l)
(( ran == grid )) || fail "the shards ran $ran trials; the grid has $grid"
(( files == grid )) || fail "the cluster folder has $files trial files; the grid has $grid"
diff <(cd "$work/single/trials" && ls) <(cd "$work/cluster/trials" && ls) > /dev/null \
  || fail "the trial ids differ from the single-machine run's"
summary_log=$(ls "$logs"/summarize-*.out)
grep -q "^$grid of $grid trials have results ($grid ok, 0 diverged, 0 failed, 0 timed out); 0 still missing" "$summary_log" \
  || fail "unexpected summary output: $(cat "$summary_log")"
compare_summaries "$work/single/summary.json" "$work/cluster/summary.json" \
  || fail "the summary from Slurm differs from the single-machine run's"
echo "summary: equal to the single-machine run's ($grid trials, $(grep -c '"rank"' "$work/single/summary.json") points)"

# --- 5. A lost node: three trials gone, the array resubmitted with --resume ------------------
mapfile -t lost < <(cd "$work/cluster/trials" && ls | sort | head -n 3)
for file in "${lost[@]}"; do
  rm "$work/cluster/trials/$file"
done
rm "$work/cluster/summary.json"
started=$(now)
submitted=$("$source_dir/experiments/slurm/submit.sh" -n "$shards" -c 1 -o "$work/cluster" -r "$runner" --resume "$experiment")
mapfile -t job_list < <(job_ids "$submitted")
(( ${#job_list[@]} == 2 )) || fail "submit.sh printed no job ids on resubmission"
submitted_jobs+=("${job_list[@]}")
wait_for_jobs "${job_list[@]}"
resume_seconds=$(seconds_since "$started")
rerun=0
for k in $(seq "$shards"); do
  count=$(sed -n -E 's/^finished ([0-9]+) trials in .*/\1/p' "$logs/shard-${job_list[0]}_$k.out")
  rerun=$(( rerun + count ))
done
(( rerun == ${#lost[@]} )) || fail "the resubmission ran $rerun trials; ${#lost[@]} were lost"
compare_summaries "$work/single/summary.json" "$work/cluster/summary.json" \
  || fail "the summary after --resume differs from the single-machine run's"
echo "resume: ${#lost[@]} lost trials ran again, $(( grid - rerun )) kept; summary equal"
echo "time: resubmission with --resume, submit to end $resume_seconds s"

# --- 6. Slurm requeues the array itself: the tasks add --resume on their own -----------------
mapfile -t lost < <(cd "$work/cluster/trials" && ls | sort | tail -n 2)
for file in "${lost[@]}"; do
  rm "$work/cluster/trials/$file"
done
started=$(now)
scontrol requeue "${job_list[0]}" || fail "scontrol requeue ${job_list[0]} failed"
# Slurm 22.05 gives a requeued job a later begin time (it started 2.6 min later here), so the
# test moves the begin time to now.
scontrol update JobId="${job_list[0]}" StartTime=now || fail "cannot move the start of job ${job_list[0]} to now"
wait_for_jobs "${job_list[0]}"
requeue_seconds=$(seconds_since "$started")
rerun=0
for k in $(seq "$shards"); do
  log="$logs/shard-${job_list[0]}_$k.out"
  grep -q "restarts: 1" "$log" || fail "shard $k did not run again after the requeue: $(cat "$log")"
  grep -q -- "--shard $k/$shards -j 1 --resume$" "$log" || fail "shard $k ran without --resume after the requeue: $(cat "$log")"
  count=$(sed -n -E 's/^finished ([0-9]+) trials in .*/\1/p' "$log" | tail -n 1)
  rerun=$(( rerun + count ))
done
(( rerun == ${#lost[@]} )) || fail "the requeued tasks ran $rerun trials; ${#lost[@]} were lost"
"$runner" summarize "$work/cluster" > /dev/null || fail "runner summarize failed after the requeue"
compare_summaries "$work/single/summary.json" "$work/cluster/summary.json" \
  || fail "the summary after the requeue differs from the single-machine run's"
echo "requeue: ${#lost[@]} lost trials ran again with --resume added by the tasks; summary equal"
echo "time: requeue of the array to its end $requeue_seconds s"
echo "time: whole test $(seconds_since "$started_all") s"
echo "PASSED"
