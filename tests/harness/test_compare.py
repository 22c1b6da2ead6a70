#!/usr/bin/env python3
"""tests/harness/test_compare.py - scripts/compare on results/reference.

Against itself it must mark nothing and find the same machine, settings,
verdicts and points.  Against a copy with a few figures shifted (median,
min and max in summary.csv, and the repetition in results.csv) it must mark
exactly those: a throughput halved, a p99 doubled, a memory figure grown by
half and a CPU figure cut to 0.6, and not a throughput moved by 5 % (below
the 10 % asked of a single repetition).  The copy also has two cores more,
one verdict turned and one point left out, and the comparison must say so.
Prints TAP.
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
COMPARE = os.path.join(ROOT, "scripts", "compare")
REFERENCE = os.path.join(ROOT, "results", "reference")

n = failed = 0


def check(ok, what, diag=()):
    global n, failed
    n += 1
    failed += not ok
    print("%s %d - %s" % ("ok" if ok else "not ok", n, what), flush=True)
    if not ok:
        for line in diag:
            print("# " + str(line), flush=True)


def run(*args):
    return subprocess.run([COMPARE, *args], capture_output=True, text=True,
                          timeout=120)


def marks(text):
    """{(scenario, point, figure): "better"|"worse"} from the tables."""
    out, scenario, heads = {}, None, []
    for line in text.split("\n"):
        m = re.match(r"^## (\S+)$", line)
        if m:
            scenario = m.group(1)
        elif line.startswith("| point |"):
            heads = [c.strip() for c in line.strip("|").split("|")]
        elif line.startswith("| ") and scenario and heads:
            cells = [c.strip() for c in line.strip("|").split("|")]
            for head, cell in zip(heads[1:], cells[1:]):
                m = re.search(r"\*\*(better|worse)\*\*", cell)
                if m:
                    out[(scenario, cells[0], head)] = m.group(1)
    return out


# Shifts: (scenario, model, connections, idle, column, factor, the row's
# label, the table's heading, the mark expected or None).
SHIFTS = [
    ("hello", "epoll", "100", "0", "rps", 0.5, "epoll c=100", "req/s",
     "worse"),
    ("delay", "epoll", "100", "0", "lat_p99_us", 2.0, "epoll c=100",
     "p99 (ms)", "worse"),
    ("idle", "select", "8", "1000", "server_mem_kib", 1.5,
     "select idle=1000", "memory/conn (KiB)", "worse"),
    ("cpu", "poll", "32", "0", "server_cpu_us_per_req", 0.6,
     "poll c=32", "server CPU/req (µs)", "better"),
    ("hello", "io-uring", "1", "0", "rps", 1.05, "io-uring c=1", "req/s",
     None),
]
DROP = ("churn", "libuv", "10")


def match(row, s):
    return (row["scenario"], row["model"], row["connections"],
            row["idle"], row["variant"]) == (s[0], s[1], s[2], s[3], "")


def shifted_copy(tmp):
    b = os.path.join(tmp, "b")
    shutil.copytree(REFERENCE, b, ignore=shutil.ignore_patterns("*.tar.xz",
                                                                "charts"))
    for name in ("summary.csv", "results.csv"):
        path = os.path.join(b, name)
        with open(path, newline="") as f:
            reader = csv.DictReader(f)
            rows, fields = list(reader), reader.fieldnames
        found = 0
        keep = []
        for row in rows:
            if (row["scenario"], row["model"], row["connections"]) == DROP:
                continue
            keep.append(row)
            for s in SHIFTS:
                if not match(row, s):
                    continue
                found += 1
                for col in (s[4], s[4] + "_min", s[4] + "_max"):
                    if col in row:
                        row[col] = "%.6g" % (float(row[col]) * s[5])
        check(found == len(SHIFTS), "%s: the %d points to shift are there"
              % (name, len(SHIFTS)), ["found %d" % found])
        with open(path, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields)
            w.writeheader()
            w.writerows(keep)
    path = os.path.join(b, "manifest.json")
    with open(path) as f:
        manifest = json.load(f)
    manifest["machine"]["cores"] += 2
    with open(path, "w") as f:
        json.dump(manifest, f)
    path = os.path.join(b, "verdicts.json")
    with open(path) as f:
        verdicts = json.load(f)
    turned = next(v for v in verdicts if v["id"] == "cpu")
    turned["verdict"] = "refuted"
    with open(path, "w") as f:
        json.dump(verdicts, f)
    return b, turned["claim"]


def main():
    r = run("--help")
    check(r.returncode == 0 and "beyond the noise" in r.stdout,
          "compare --help", [r.stderr])
    r = run(REFERENCE, "/nonexistent")
    check(r.returncode == 2 and "no such run folder" in r.stderr,
          "a missing run folder is a clear error, exit 2",
          [r.returncode, r.stderr])

    r = run(REFERENCE, REFERENCE)
    got = marks(r.stdout)
    check(r.returncode == 0 and "## hello" in r.stdout,
          "results/reference against itself: tables", [r.stderr])
    check(not got, "... marks nothing", list(got.items())[:5])
    check("Same machine and settings" in r.stdout,
          "... same machine and settings")
    check(re.search(r"None of the \d+ verdicts", r.stdout)
          and "both runs measured the same points" in r.stdout,
          "... no verdict changed, no point in one run only")

    tmp = tempfile.mkdtemp(prefix="tve-compare-")
    try:
        b, claim = shifted_copy(tmp)
        r = run(REFERENCE, b)
        got = marks(r.stdout)
        want = {(s[0], s[6], s[7]): s[8] for s in SHIFTS if s[8]}
        check(r.returncode == 0 and got == want,
              "against a copy with figures shifted it marks exactly those "
              "(%d)" % len(want),
              ["marked: %r" % sorted(got.items()),
               "wanted: %r" % sorted(want.items()), r.stderr])
        check("**Different machines**" in r.stdout
              and "- machine.cores: `2` → `4`" in r.stdout,
              "... says up front that the machines differ (cores)")
        check(re.search(r"^\| %s \| confirmed \| refuted \|$"
                        % re.escape(claim), r.stdout, re.M),
              "... lists the verdict that changed")
        check(re.search(r"^\| only in A \| churn \| libuv c=10 \| ok \|$",
                        r.stdout, re.M),
              "... lists the point measured in A only")
        check(r.stdout.index("Different machines") <
              r.stdout.index("## hello"), "... before the tables")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
