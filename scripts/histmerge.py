#!/usr/bin/env python3
"""histmerge.py - merges the results of load generators run on several
hosts against one server, exactly.

Percentiles do not average: the p99 of two halves is not the mean of their
p99s (one slow host's tail would be halved).  Every build/loadgen JSON
carries its whole latency histogram ("latency_histogram": total, min_ns,
max_ns, sum_ns and the non-empty buckets as [low_ns, high_ns, n], in
loadgen/hist.c's log-linear layout, the same on every host), so we sum the
bucket counts and read the percentiles off the sum, the way loadgen reads
its own: the middle of the bucket holding the rank, kept within min and max.
Counts, errors and rates add up; the duration is the longest part's.

    scripts/histmerge.py a.json b.json ... > merged.json
"""
import json
import math
import sys

# loadgen/report.c's percentiles and their JSON keys.
PCTS = ((50, "p50"), (90, "p90"), (99, "p99"), (99.9, "p99_9"),
        (99.99, "p99_99"))


def merge_hists(hists):
    """One histogram dict from several (loadgen's "latency_histogram")."""
    buckets = {}
    out = dict(total=0, min_ns=None, max_ns=0, sum_ns=0.0)
    for h in hists:
        if not h or not h.get("total"):
            continue
        out["total"] += h["total"]
        out["sum_ns"] += h["sum_ns"]
        out["max_ns"] = max(out["max_ns"], h["max_ns"])
        out["min_ns"] = (h["min_ns"] if out["min_ns"] is None
                         else min(out["min_ns"], h["min_ns"]))
        for low, high, n in h["buckets"]:
            buckets[(low, high)] = buckets.get((low, high), 0) + n
    out["min_ns"] = out["min_ns"] or 0
    out["buckets"] = [[lo, hi, n] for (lo, hi), n in sorted(buckets.items())]
    return out


def percentile_ns(h, p):
    """loadgen/hist.c's hist_percentile on a histogram dict."""
    if not h.get("total"):
        return 0
    rank = min(h["total"], max(1, math.ceil(p / 100.0 * h["total"])))
    seen = 0
    for low, high, n in h["buckets"]:
        seen += n
        if seen >= rank:
            v = low + (high - low) // 2
            return max(h["min_ns"], min(v, h["max_ns"]))
    return h["max_ns"]


def latency_us(h):
    """The JSON's latency_us object (p50 .. p99_99, max, mean) of h."""
    out = {k: round(percentile_ns(h, p) / 1e3, 3) for p, k in PCTS}
    out["max"] = round(h.get("max_ns", 0) / 1e3, 3)
    out["mean"] = round(h["sum_ns"] / h["total"] / 1e3, 3) if h.get(
        "total") else 0.0
    return out


def merge(parts, names=None):
    """One loadgen-shaped result from several (a list of loadgen JSON
    dicts), with a "parts" list saying what each host did."""
    names = names or [str(i) for i in range(len(parts))]
    first = parts[0]
    out = {"tool": first.get("tool", "loadgen"),
           "version": first.get("version"),
           "config": dict(first.get("config", {})), "merged": True}
    out["config"]["connections"] = sum(p["config"]["connections"]
                                       for p in parts)
    for key in ("requests", "bytes_read", "bytes_written",
                "connections_opened", "idle_connected", "idle_answered",
                "errors_total", "backlog"):
        out[key] = sum(p.get(key, 0) for p in parts)
    out["target_rate"] = sum(p.get("target_rate", 0) for p in parts)
    out["duration_s"] = max(p.get("duration_s", 0) for p in parts)
    # Each part's rate over its own measured phase: they ran at once.
    out["rps"] = sum(p.get("rps", 0) for p in parts)
    out["errors"] = {}
    for p in parts:
        for k, v in p.get("errors", {}).items():
            out["errors"][k] = out["errors"].get(k, 0) + v
    for key in ("latency", "latency_raw"):
        h = merge_hists([p.get(key + "_histogram") for p in parts])
        out[key + "_histogram"] = h
        out[key + "_us"] = latency_us(h)
    out["cpu"] = {k: sum(p.get("cpu", {}).get(k, 0) for p in parts)
                  for k in ("user_s", "sys_s")}
    # The run was client-limited if any one client was.
    out["cpu_bound"] = any(p.get("cpu_bound") for p in parts)
    out["parts"] = [dict(host=n, connections=p["config"]["connections"],
                         requests=p.get("requests"), rps=p.get("rps"),
                         latency_count=p.get("latency_histogram",
                                             {}).get("total"),
                         p99_us=p.get("latency_us", {}).get("p99"),
                         start_late_ms=p["config"].get("start_late_ms"),
                         cpu_bound=p.get("cpu_bound"))
                    for n, p in zip(names, parts)]
    return out


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    parts = []
    for path in argv:
        with open(path) as f:
            parts.append(json.load(f))
    json.dump(merge(parts, argv), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
