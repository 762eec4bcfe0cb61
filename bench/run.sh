#!/usr/bin/env bash
# Benchmarks Backprop Lab against the peer tools on the same workloads, in one run:
#   W1, W2, W3  bplab_bench (portable and -march=native builds) and each installed peer, RUNS
#               times round-robin, one pinned CPU, median time reported
#   peak        the peers' single-core Eigen GEMM reference, for W3's share of the peak
#   G           the runner on a generated grid of G_TRIALS one-epoch trials: overhead per
#               trial beyond training, summary time, peak memory, and -j 1 against -j 2
# and prints a table (also written to $OUT/table.md). Usage:
#   bench/run.sh                 everything (6 minutes on 2 busy cores with every peer, after the builds)
# Environment knobs:
#   RUNS=3                  runs of each (tool, workload) pair
#   BUILDS="release native" engine builds to measure (build-bench, build-bench-native)
#   PEERS="numpy sklearn torch fann fann-incr fann-adam tiny-dnn"   peers to run when installed
#   PEERS_DIR=../shared/bench/peers   the peer scripts (read, never copied)
#   G_TRIALS=100000         trials of the G grid (a multiple of 400); 0 skips G
#   G_SCALING=1             time -j 1 against -j 2 on a G_SCALING_TRIALS=20000 grid (SCHED_FIFO as root)
#   G_DIR=/dev/shm          where G writes its trial files (removed afterwards)
#   OUT=build-bench/results where raw lines, logs and the table go
#   BENCH_NICE=-10          nice value of the timed runs (-10 as root, else 0)
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
BUILDS=${BUILDS:-"release native"}
PEERS=${PEERS:-"numpy sklearn torch fann fann-incr fann-adam tiny-dnn"}
PEERS_DIR=${PEERS_DIR:-$ROOT/../shared/bench/peers}
G_TRIALS=${G_TRIALS:-100000}
G_SCALING=${G_SCALING:-1}
G_SCALING_TRIALS=${G_SCALING_TRIALS:-20000}
# G's 100,000 trial files go to memory (tmpfs) where there is one, so that the runner's own
# overhead is measured apart from the state of a shared disk.
G_DIR=${G_DIR:-$([ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")}
OUT=${OUT:-$ROOT/build-bench/results}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

# One thread everywhere, as the peers' own harness sets it.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1 \
       GOTO_NUM_THREADS=1 VECLIB_MAXIMUM_THREADS=1 NUMEXPR_NUM_THREADS=1
export PEERS_SEED=${PEERS_SEED:-1} PYTHONDONTWRITEBYTECODE=1

log() { echo "[bench] $*" >&2; }
mkdir -p "$OUT"
RAW="$OUT/raw.txt"
: > "$RAW"
NCPU=$(env -u OMP_NUM_THREADS nproc)
# Timed runs get a raised priority where that is allowed (root), so that other work on a shared
# machine disturbs them less, and the single-threaded ones share one pinned CPU.
BENCH_NICE=${BENCH_NICE:-$([ "$(id -u)" = 0 ] && echo -10 || echo 0)}
PRIORITY=(nice -n "$BENCH_NICE")
PIN=("${PRIORITY[@]}")
command -v taskset >/dev/null && PIN+=(taskset -c $((NCPU - 1)))

# ---------------------------------------------------------------- build
build_dir() { [ "$1" = native ] && echo "$ROOT/build-bench-native" || echo "$ROOT/build-bench"; }
for build in $BUILDS; do
  dir=$(build_dir "$build")
  native=OFF
  [ "$build" = native ] && native=ON
  log "building $build in $dir"
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBPLAB_NATIVE=$native \
      -DBPLAB_BUILD_TESTS=OFF >"$OUT/cmake-$build.log" 2>&1 || { log "cmake failed, see $OUT/cmake-$build.log"; exit 1; }
  fi
  ninja -C "$dir" bplab_bench runner >"$OUT/ninja-$build.log" 2>&1 || { log "build failed, see $OUT/ninja-$build.log"; exit 1; }
done

# ---------------------------------------------------------------- data and peers
DATA="$OUT/data"
PEER_BIN="$OUT/peers"
mkdir -p "$PEER_BIN"
"$PY" "$PEERS_DIR/prepare_data.py" "$DATA" >&2 || { log "prepare_data.py failed"; exit 1; }

have_py() { "$PY" -c "import $1" 2>/dev/null; }
available=()
for peer in $PEERS; do
  case "$peer" in
    numpy) have_py numpy && available+=(numpy) ;;
    sklearn) have_py sklearn && available+=(sklearn) ;;
    torch) have_py torch && available+=(torch) ;;
    fann|fann-incr|fann-adam)
      if [ ! -x "$PEER_BIN/peer_fann" ] && [ -e /usr/include/doublefann.h ]; then
        gcc -O2 -o "$PEER_BIN/peer_fann" "$PEERS_DIR/peer_fann.c" -ldoublefann -lm 2>>"$OUT/peers-build.log"
      fi
      [ -x "$PEER_BIN/peer_fann" ] && available+=("$peer") ;;
    tiny-dnn)
      if [ ! -x "$PEER_BIN/peer_tinydnn" ] && [ -d /usr/include/tiny_dnn ]; then
        # tiny-dnn's headers include "third_party/stb/*.h"; point them at libstb-dev.
        mkdir -p "$PEER_BIN/include/third_party/stb"
        for h in stb_image stb_image_resize stb_image_write; do
          echo "#include <stb/$h.h>" > "$PEER_BIN/include/third_party/stb/$h.h"
        done
        g++ -std=c++14 -O3 -march=native -DNDEBUG -DCNN_USE_DOUBLE -DCNN_SINGLE_THREAD -DCNN_USE_AVX \
          -I"$PEER_BIN/include" -o "$PEER_BIN/peer_tinydnn" "$PEERS_DIR/peer_tinydnn.cpp" -lpthread 2>>"$OUT/peers-build.log"
      fi
      [ -x "$PEER_BIN/peer_tinydnn" ] && available+=(tiny-dnn) ;;
    *) log "unknown peer $peer" ;;
  esac
done
if [ ! -x "$PEER_BIN/peak_eigen" ]; then
  g++ -O3 -march=native -DNDEBUG -DEIGEN_DONT_PARALLELIZE -I/usr/include/eigen3 \
    -o "$PEER_BIN/peak_eigen" "$PEERS_DIR/peak_eigen.cpp" 2>>"$OUT/peers-build.log"
fi
log "peers available: ${available[*]:-none} (setup: bash $PEERS_DIR/setup_deps.sh as root)"

# ---------------------------------------------------------------- W1, W2, W3
command_for() {  # tool workload -> command line, empty when it does not apply
  case "$1" in
    bplab-release) echo "$ROOT/build-bench/bin/bplab_bench $2 $DATA" ;;
    bplab-native) echo "$ROOT/build-bench-native/bin/bplab_bench $2 $DATA" ;;
    numpy|sklearn|torch) echo "$PY $PEERS_DIR/peer_$1.py $2" ;;
    fann) echo "$PEER_BIN/peer_fann batch $2 $DATA" ;;
    fann-incr) echo "$PEER_BIN/peer_fann incr $2 $DATA" ;;
    fann-adam) [ "$2" = W2 ] && echo "$PEER_BIN/peer_fann adam $2 $DATA" ;;
    tiny-dnn) echo "$PEER_BIN/peer_tinydnn $2 $DATA" ;;
  esac
}
tools=()
for build in $BUILDS; do tools+=("bplab-$build"); done
tools+=("${available[@]}")
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$OUT/load.txt"
for run in $(seq 1 "$RUNS"); do
  # The peak GEMM reference runs in each round too, so it sees the same machine state.
  "${PIN[@]}" "$PEER_BIN/peak_eigen" >> "$RAW" 2>/dev/null
  for tool in "${tools[@]}"; do
    for workload in W1 W2 W3; do
      cmd=$(command_for "$tool" "$workload")
      [ -n "$cmd" ] || continue
      # shellcheck disable=SC2086
      line=$(PEERS_SPLIT_DIR="$DATA" timeout 600 "${PIN[@]}" $cmd 2>>"$OUT/stderr.log" | grep -E "^[a-z-]+ $workload [0-9.]+ " | tail -1)
      if [ -z "$line" ]; then
        log "run $run: $tool $workload failed (see $OUT/stderr.log)"
        continue
      fi
      # bplab_bench prints "bplab"; name the build.
      [[ "$tool" == bplab-* ]] && line="$tool ${line#bplab }"
      log "run $run: $line"
      echo "$line" >> "$RAW"
    done
  done
done
echo "load after workloads: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"

# ---------------------------------------------------------------- G: runner grid
write_grid() {  # trial count (a multiple of 400), file
  local rates=$(($1 / 400))
  {
    echo "# Generated by bench/run.sh: $((rates * 400)) one-epoch trials on banknote."
    echo "name: g_grid"
    echo "dataset: {name: banknote}"
    echo "split: {kind: holdout, test: 0.2, stratify: true}"
    echo "model: {hidden: [4], activation: tanh}"
    echo "training: {epochs: 1, batch_size: 32}"
    echo "optimizer: {name: sgd, lr: 0.001}"
    printf 'seeds: ['; seq -s ', ' 1 100 | tr -d '\n'; echo ']'
    echo "grid:"
    echo "  model.hidden: [[4], [8], [4, 4], [8, 8]]"
    printf '  optimizer.lr: ['; seq -s ', ' 1 "$rates" | awk -F', ' '{for (i = 1; i <= NF; i++) printf "%s%.3f", (i > 1 ? ", " : ""), $i / 1000}'; echo ']'
  } > "$2"
}
runner="$ROOT/build-bench/bin/runner"
if [ "$G_TRIALS" -gt 0 ]; then
  rates=$((G_TRIALS / 400))
  yaml="$OUT/g_grid.yaml"
  write_grid "$G_TRIALS" "$yaml"
  for build in $BUILDS; do
    [ "$build" = release ] || continue
    # Each run writes into its own new folder, and nothing is deleted until the end: ext4 skips
    # recently freed inodes when it allocates new ones, so creating files right after deleting
    # 100,000 costs many times the usual system time.
    results=$(mktemp -d "$G_DIR/bplab-bench-g.XXXXXX")
    echo "runner G-folder 0 path=$G_DIR" >> "$RAW"
    for jobs in 1; do
      log "G: runner -j $jobs on $((rates * 400)) trials"
      "${PRIORITY[@]}" /usr/bin/time -f "%e %M %U %S" -o "$OUT/g_time_j$jobs.txt" "$runner" "$yaml" -q -j "$jobs" \
        -o "$results/out$jobs" >"$OUT/g_runner_j$jobs.log" 2>&1 || log "runner -j $jobs exited with $?"
      read -r wall rss user sys < "$OUT/g_time_j$jobs.txt"
      echo "runner G-j$jobs $wall rss_kib=$rss,user=$user,sys=$sys" >> "$RAW"
      if [ "$jobs" = 1 ]; then
        # Summary: the gap between the last trial file and summary.json, then a rebuild of
        # the summary from the trial files alone with `runner summarize`.
        last_trial=$(find "$results/out1/trials" -name '*.json' -printf '%T@\n' | sort -g | tail -1)
        summary=$(stat -c %.Y "$results/out1/summary.json" 2>/dev/null || echo 0)
        echo "runner G-summary-gap $(awk -v a="$last_trial" -v b="$summary" 'BEGIN { printf "%.4f", b - a }') in_run" >> "$RAW"
        "${PRIORITY[@]}" /usr/bin/time -f "%e %M" -o "$OUT/g_summarize.txt" "$runner" summarize "$results/out1" >/dev/null 2>&1
        read -r wall rss < "$OUT/g_summarize.txt"
        echo "runner G-summarize $wall rss_kib=$rss" >> "$RAW"
        "$PY" - "$results/out1/trials" >> "$RAW" <<'EOF'
# Sums the trials' own timing.seconds: the time inside run_trial, training included.
import json, os, sys
folder = sys.argv[1]
total, count = 0.0, 0
for name in os.listdir(folder):
    if name.endswith(".json"):
        with open(os.path.join(folder, name)) as f:
            total += json.load(f)["timing"]["seconds"]
        count += 1
print("runner G-trial-seconds %.4f trials=%d" % (total, count))
EOF
      fi
    done
    log "G: the same training in a bare loop"
    "${PIN[@]}" "$ROOT/build-bench/bin/bplab_bench" G "$DATA" --trials "$G_TRIALS" >> "$RAW" 2>>"$OUT/stderr.log"
    rm -rf "$results"
  done
fi
# ---------------------------------------------------------------- scaling
# -j 1 against -j 2 on a smaller grid of the same kind. Two threads only show their scaling
# when two cores are free, so as root the runs are scheduled SCHED_FIFO (chrt -f 1): they
# then run ahead of every ordinary process, which keeps the 5% of each second that Linux
# leaves to them by default. The grid is small so that others wait only seconds.
if [ "$G_SCALING" = 1 ] && [ "$G_SCALING_TRIALS" -gt 0 ]; then
  yaml="$OUT/scaling_grid.yaml"
  write_grid "$G_SCALING_TRIALS" "$yaml"
  realtime=()
  [ "$(id -u)" = 0 ] && command -v chrt >/dev/null && realtime=(chrt -f 1)
  results=$(mktemp -d "$G_DIR/bplab-bench-scaling.XXXXXX")
  for jobs in 1 2; do
    log "scaling: runner -j $jobs on $G_SCALING_TRIALS trials ${realtime[*]}"
    /usr/bin/time -f "%e %M %U %S" -o "$OUT/scaling_j$jobs.txt" "${realtime[@]}" "$runner" "$yaml" -q -j "$jobs" \
      -o "$results/out$jobs" >"$OUT/scaling_j$jobs.log" 2>&1 || log "runner -j $jobs exited with $?"
    read -r wall rss user sys < "$OUT/scaling_j$jobs.txt"
    echo "runner S-j$jobs $wall trials=$G_SCALING_TRIALS,user=$user,sys=$sys,realtime=${#realtime[@]}" >> "$RAW"
  done
  rm -rf "$results"
fi

# ---------------------------------------------------------------- runner checks
# Longest expected first, and each dataset read once: a small mixed grid with -j 1, where the
# order in which trial files appear is the run order, under strace when it is installed.
if [ "$G_TRIALS" -gt 0 ]; then
  yaml="$OUT/order_grid.yaml"
  cat > "$yaml" <<'EOF'
# Generated by bench/run.sh: trials of different expected cost, to check the run order.
name: order_grid
dataset: {name: banknote}
model: {activation: tanh}
optimizer: {name: sgd, lr: 0.01}
seeds: [1, 2, 3, 4, 5]
grid:
  training.epochs: [1, 3, 9]
  model.hidden: [[4], [16], [16, 16]]
EOF
  results=$(mktemp -d "${TMPDIR:-/tmp}/bplab-bench-order.XXXXXX")
  trace=()
  rm -f "$OUT/order_openat.txt"
  command -v strace >/dev/null && trace=(strace -f -qq -e trace=openat -o "$OUT/order_openat.txt")
  "${trace[@]}" "$ROOT/build-bench/bin/runner" "$yaml" -q -j 1 -o "$results/out" --force >/dev/null 2>&1
  "$PY" - "$results/out/trials" "$OUT/order_openat.txt" >> "$RAW" <<'EOF'
# Prints how many trials ran after a trial of lower expected cost (0 when longest first) and
# how often the banknote file was opened.
import json, os, sys
folder = sys.argv[1]
trials = []
for name in os.listdir(folder):
    if name.endswith(".json"):
        path = os.path.join(folder, name)
        with open(path) as f:
            config = json.load(f)["config"]
        weights, previous = 0, 4
        for size in config["model"]["hidden"]:
            weights += previous * size
            previous = size
        weights += previous
        trials.append((os.stat(path).st_mtime_ns, config["training"]["epochs"] * weights))
# File times are only as fine as the kernel's clock tick, so files of one tick are unordered:
# count a trial only when it was written in a later tick than a cheaper one.
trials.sort()
inversions = 0
cheapest_before = None  # the lowest cost among files of earlier ticks
tick_cheapest = None
tick = None
for mtime, cost in trials:
    if mtime != tick:
        if tick_cheapest is not None:
            cheapest_before = tick_cheapest if cheapest_before is None else min(cheapest_before, tick_cheapest)
        tick, tick_cheapest = mtime, cost
    else:
        tick_cheapest = min(tick_cheapest, cost)
    if cheapest_before is not None and cost > cheapest_before:
        inversions += 1
opened = "unknown"
if os.path.exists(sys.argv[2]):
    with open(sys.argv[2]) as f:
        opened = sum(1 for line in f if "data_banknote_authentication.txt" in line and "ENOENT" not in line)
print("runner G-order %d trials=%d,later_costlier=%d,dataset_opened=%s" % (inversions, len(trials), inversions, opened))
EOF
  rm -rf "$results"
fi
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"

# ---------------------------------------------------------------- table
"$PY" "$ROOT/bench/report.py" "$RAW" "$OUT/load.txt" | tee "$OUT/table.md"
