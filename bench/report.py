#!/usr/bin/env python3
"""Turn bench/run.sh's raw result lines into a Markdown table.

Usage: report.py RAW [LOAD]. RAW holds lines `<tool> <workload> <seconds> <metric>` (several
runs of each pair; the run with the median time is reported) plus the eigen-peak and runner G
lines that run.sh writes. Speed-ups are peer seconds / Backprop Lab seconds, so above 1 means
Backprop Lab is faster. Standard library only.
"""
import datetime
import platform
import statistics
import sys
from collections import defaultdict

GOALS = {"W1": 3.0, "W2": 5.0}  # minimum speed-up over the fastest peer
W3_PEAK_SHARE = 0.70            # W3 GFLOP/s over the single-core Eigen GEMM figure
G_OVERHEAD_MS = 0.5
G_SUMMARY_S = 3.0
G_RSS_MIB = 500
SCALING = 1.9


def parse_metric(text):
    values = {}
    for item in text.split(","):
        if "=" in item:
            key, value = item.split("=", 1)
            try:
                values[key] = float(value)
            except ValueError:
                values[key] = value
    return values


def median_run(runs):
    """Return the (seconds, metric) pair with the median time (the upper one of two)."""
    ordered = sorted(runs, key=lambda run: run[0])
    return ordered[len(ordered) // 2]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    raw = sys.argv[1]
    load = open(sys.argv[2]).read().strip().replace("\n", "; ") if len(sys.argv) > 2 else "not recorded"
    runs = defaultdict(list)   # (tool, workload) -> [(seconds, metric text)]
    peaks = defaultdict(list)  # shape -> [gflops]
    runner = {}
    with open(raw) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3:
                continue
            tool, workload, seconds = parts[0], parts[1], float(parts[2])
            metric = parts[3] if len(parts) > 3 else ""
            if tool == "eigen-peak":
                peaks[workload].append(parse_metric(metric)["gflops"])
            elif tool == "runner" or workload == "G":
                runner[workload] = (seconds, parse_metric(metric))
            else:
                runs[(tool, workload)].append((seconds, metric))

    out = []
    out.append("Machine: %s, %s logical CPUs; %s UTC; load average (1, 5, 15 min): %s"
               % (cpu_model(), len(open("/proc/cpuinfo").read().split("processor")) - 1,
                  datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), load))
    out.append("")
    tools = sorted({tool for tool, _ in runs})
    ours = [tool for tool in tools if tool.startswith("bplab")]
    peers = [tool for tool in tools if not tool.startswith("bplab")]
    gemm_peak = statistics.median(peaks["gemm32x256x256"]) if peaks["gemm32x256x256"] else None

    out.append("| workload | tool | seconds (median of %d) | metric | %s |"
               % (max((len(v) for v in runs.values()), default=0),
                  " | ".join("%s speed-up" % tool for tool in ours)))
    out.append("| --- | --- | --- | --- |" + " --- |" * len(ours))
    chosen = {key: median_run(value) for key, value in runs.items()}
    for workload in ("W1", "W2", "W3"):
        for tool in ours + peers:
            if (tool, workload) not in chosen:
                continue
            seconds, metric = chosen[(tool, workload)]
            ratios = []
            for mine in ours:
                if (mine, workload) in chosen and tool not in ours:
                    ratios.append("%.2f×" % (seconds / chosen[(mine, workload)][0]))
                else:
                    ratios.append("")
            out.append("| %s | %s | %.4f | %s | %s |" % (workload, tool, seconds, metric, " | ".join(ratios)))
    out.append("")

    out.append("Goals:")
    for workload, goal in GOALS.items():
        timed = [(chosen[(p, workload)][0], p) for p in peers if (p, workload) in chosen]
        if not timed:
            out.append("- %s: no peer ran" % workload)
            continue
        fastest_seconds, fastest = min(timed)
        for mine in ours:
            if (mine, workload) in chosen:
                ratio = fastest_seconds / chosen[(mine, workload)][0]
                out.append("- %s %s: %.2f× the fastest peer (%s), goal %.0f×: %s"
                           % (workload, mine, ratio, fastest, goal, "met" if ratio >= goal else "NOT met"))
    if gemm_peak:
        for mine in ours:
            if (mine, "W3") in chosen:
                gflops = parse_metric(chosen[(mine, "W3")][1])["gflops"]
                share = gflops / gemm_peak
                out.append("- W3 %s: %.1f GFLOP/s = %.0f%% of the single-core Eigen GEMM 32×256×256 "
                           "(%.1f GFLOP/s, median of the rounds), goal %.0f%%: %s"
                           % (mine, gflops, 100 * share, gemm_peak, 100 * W3_PEAK_SHARE,
                              "met" if share >= W3_PEAK_SHARE else "NOT met"))

    if "G-j1" in runner and "G" in runner:
        wall, resources = runner["G-j1"]
        fit_total, fit = runner["G"]
        trials = fit["trials"]
        overhead_ms = (wall - fit_total) / trials * 1e3
        out.append("")
        folder = runner["G-folder"][1].get("path", "?") if "G-folder" in runner else "?"
        out.append("G: the runner on %d one-epoch banknote trials, -j 1, trial files in %s:" % (trials, folder))
        out.append("- wall %.1f s, summed training (bare loop) %.1f s, overhead %.3f ms per trial, "
                   "goal ≤ %.1f ms: %s" % (wall, fit_total, overhead_ms, G_OVERHEAD_MS,
                                            "met" if overhead_ms <= G_OVERHEAD_MS else "NOT met"))
        if "user" in resources and "cpu" in fit:
            cpu = resources["user"] + resources["sys"]
            out.append("  - in CPU time: runner %.1f s (user %.1f, system %.1f), training %.1f s, "
                       "overhead %.3f ms per trial" % (cpu, resources["user"], resources["sys"], fit["cpu"],
                                                       (cpu - fit["cpu"]) / trials * 1e3))
        if "G-trial-seconds" in runner:
            inside = runner["G-trial-seconds"][0]
            out.append("  - inside run_trial beyond fit: %.3f ms per trial; outside run_trial "
                       "(scheduling, files, summary, start-up): %.3f ms per trial"
                       % ((inside - fit_total) / trials * 1e3, (wall - inside) / trials * 1e3))
        rss_mib = resources["rss_kib"] / 1024
        out.append("- peak resident memory %.0f MiB, goal < %d MiB: %s"
                   % (rss_mib, G_RSS_MIB, "met" if rss_mib < G_RSS_MIB else "NOT met"))
        if "G-summary-gap" in runner:
            gap = runner["G-summary-gap"][0]
            out.append("- summary written %.2f s after the last trial file, goal ≤ %.0f s: %s"
                       % (gap, G_SUMMARY_S, "met" if gap <= G_SUMMARY_S else "NOT met"))
        if "G-summarize" in runner:
            seconds, summarize = runner["G-summarize"]
            out.append("- `runner summarize` from the %d trial files: %.2f s, %.0f MiB"
                       % (trials, seconds, summarize["rss_kib"] / 1024))
        if "G-order" in runner:
            order = runner["G-order"][1]
            out.append("- run order (-j 1, %d trials of 9 expected costs): %d trials ran after a cheaper one "
                       "(0 = longest expected first); banknote file opened %s time(s) in the run"
                       % (order["trials"], order["later_costlier"], "%g" % order["dataset_opened"]
                          if isinstance(order["dataset_opened"], float) else order["dataset_opened"]))
    if "S-j1" in runner and "S-j2" in runner:
        (wall1, one), (wall2, two) = runner["S-j1"], runner["S-j2"]
        scaling = wall1 / wall2
        out.append("")
        out.append("Scaling: the runner on a %d-trial grid of the same kind%s:" % (
            one["trials"], ", scheduled SCHED_FIFO (chrt -f 1)" if one.get("realtime") else ""))
        out.append("- -j 1 %.2f s, -j 2 %.2f s: %.2f×, goal ≥ %.1f×: %s"
                   % (wall1, wall2, scaling, SCALING, "met" if scaling >= SCALING else "NOT met"))
        out.append("  - CPU time: -j 1 user %.1f s, system %.1f s; -j 2 user %.1f s, system %.1f s"
                   % (one["user"], one["sys"], two["user"], two["sys"]))
    print("\n".join(out))


if __name__ == "__main__":
    main()
