"""rows.py - results.csv: its columns and the writer of its rows.

One row per measured repetition of a point, written and flushed as soon
as it is measured, so an interrupted or crashed run keeps what it had.
The columns are a contract (docs/DESIGN.md): these in this order, new
ones only at the end.
"""
import csv
import json
import os

COLUMNS = (
    "run_id,model,variant,scenario,connections,idle,rate,offered_fraction,"
    "delay_ms,cpu_us,workers,stack_kib,blocking,repetition,status,reason,"
    "client_limited,loadgen,requests,duration_s,rps,lat_p50_us,lat_p90_us,"
    "lat_p99_us,lat_p999_us,lat_p9999_us,lat_max_us,raw_p99_us,errors,"
    "err_connect,err_read,err_write,err_timeout,err_status,err_mismatch,"
    "server_cpu_s,server_cpu_us_per_req,server_rss_kib,server_rss_peak_kib,"
    "server_threads,kernel_stack_delta_kib,sock_mem_delta_kib,slab_delta_kib,"
    "loadgen_cpu_s,loadgen_cpu_us_per_req,json,"
    "pagetables_delta_kib,tcp_inuse_delta,server_accepted,server_refused,"
    "pinned,wall_s,server_kstack_est_kib,other_cpu_frac,"
    # --offload, extra server flags, and a second, concurrent load (bg_*)
    # measured beside the main one.
    "offload,server_args,bg_path,bg_connections,bg_requests,bg_rps,"
    "bg_lat_p50_us,bg_lat_p99_us,bg_errors,"
    # Processes in the server's tree (its /proc memory is then PSS).
    "server_procs,"
    # Per-server accounting: how it was read (cgroup-v2, cgroup-v1, proc);
    # the /proc CPU figure beside the cgroup's server_cpu_s; what the
    # server's cgroup was charged (all memory, its kernel part, its
    # sockets); machine-wide figures that a cgroup cannot give (both
    # ends of a loopback connection); when the server held every
    # connection; whether the point used the database.
    "accounting,server_cpu_proc_s,server_mem_kib,server_kmem_kib,"
    "server_sock_kib,machine_sock_mem_delta_kib,machine_tcp_inuse_delta,"
    "settled_s,db,"
    # A scenario's own parameters, compact JSON with sorted keys.
    "params").split(",")


def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return 1 if v else 0
    if isinstance(v, float):
        return f"{v:.6g}"
    return v


def point_cells(pt, run_id, workers_passed):
    """The columns that describe the point itself."""
    bg = pt.get("background")
    return dict(
        run_id=run_id, model=pt["model"], variant=pt["variant"],
        scenario=pt["scenario"], connections=pt["connections"],
        idle=pt["idle"], rate=int(pt["rate"]) if pt.get("rate") else "",
        offered_fraction=pt["offered_fraction"], delay_ms=pt["delay_ms"],
        cpu_us=pt["cpu_us"],
        workers=pt["workers"] if workers_passed else "",
        stack_kib=pt["stack_kib"], blocking=bool(pt["blocking"]),
        offload=bool(pt["offload"]), server_args=" ".join(pt["server_args"]),
        bg_path=bg["path"] if bg else "",
        bg_connections=bg["connections"] if bg else "",
        repetition=pt["repetition"], pinned=bool(pt["pinned"]),
        db=bool(pt.get("db")),
        params=(json.dumps(pt["params"], sort_keys=True,
                           separators=(",", ":"))
                if pt.get("params") else ""))


class Writer:
    """results.csv in run_dir; rows also kept in .rows (the scenarios'
    prepare() reads the earlier ones)."""

    def __init__(self, run_dir, run_id):
        self.run_id = run_id
        self.rows = []
        self.file = open(os.path.join(run_dir, "results.csv"), "w",
                         newline="")
        self.csv = csv.DictWriter(self.file, fieldnames=COLUMNS,
                                  extrasaction="ignore")
        self.csv.writeheader()
        self.file.flush()

    def record(self, pt, workers_passed, **figures):
        row = {c: "" for c in COLUMNS}
        row.update(point_cells(pt, self.run_id, workers_passed))
        row.update(figures)
        row = {k: cell(v) for k, v in row.items()}
        self.rows.append(row)
        self.csv.writerow(row)
        self.file.flush()
        return row

    def close(self):
        self.file.close()
