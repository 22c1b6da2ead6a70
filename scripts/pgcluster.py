"""pgcluster.py - a throwaway PostgreSQL cluster with TechEmpower's data.

The database lessons need a real PostgreSQL behind the models, set up the
way TechEmpower's benchmark sets up its own: database `hello_world`, user
`benchmarkdbuser` (password `benchmarkdbpass`), table `world` (ids
1..10000, each with a random number 1..10000) and table `fortune` (TFB's
12 rows, the <script> one and the Japanese one included), durability off
(fsync, synchronous_commit and full_page_writes), and pg_stat_statements
loaded so a test can count the queries a model really ran.

    with Cluster(max_connections=200) as pg:
        os.environ["DATABASE_URL"] = pg.url
        ...
        pg.reset_stats()
        ...
        pg.statement_calls()   # {normalized query: calls}

The cluster lives in one directory: data/ (owned by the `postgres` user,
since PostgreSQL refuses to run as root), sock/ (its Unix socket) and
log. The server listens on a free TCP port of 127.0.0.1 (the models
connect over TCP, as TFB's do) and on the socket, where the superuser
`postgres` is trusted: that is how this module loads the data and reads
the statistics. Readiness is pg_ctl's own wait (-w), never a sleep.

scripts/pg is the command line over this module (scripts/pg --help).
"""
import os
import re
import pwd
import shutil
import socket
import subprocess
import tempfile

PG_BIN = "/usr/lib/postgresql/15/bin"
PG_USER = "postgres"
DB_NAME = "hello_world"
DB_USER = "benchmarkdbuser"
DB_PASS = "benchmarkdbpass"
START_TIMEOUT_S = 60

# TechEmpower's fortune rows (toolset/databases/postgres/create-postgres.sql),
# byte for byte: the fortunes test compares the rendered table exactly.
FORTUNES = [
    (1, "fortune: No such file or directory"),
    (2, "A computer scientist is someone who fixes things that "
        "aren't broken."),
    (3, "After enough decimal places, nobody gives a damn."),
    (4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
    (5, "A computer program does what you tell it to do, not what you "
        "want it to do."),
    (6, "Emacs is a nice operating system, but I prefer UNIX. "
        "\u2014 Tom Christaensen"),
    (7, "Any program that runs right is obsolete."),
    (8, "A list is only as strong as its weakest link. \u2014 Donald Knuth"),
    (9, "Feature: A bug with seniority."),
    (10, "Computers make very fast, very accurate mistakes."),
    (11, "<script>alert(\"This should not be displayed in a browser alert "
         "box.\");</script>"),
    (12, "\u30d5\u30ec\u30fc\u30e0\u30ef\u30fc\u30af\u306e\u30d9\u30f3"
         "\u30c1\u30de\u30fc\u30af"),
]

# The settings TFB's benchmark configuration turns off: a crash may lose
# the last commits, which a benchmark's throwaway data can afford.
DURABILITY_OFF = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}


class ClusterError(RuntimeError):
    pass


def _sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def schema_sql():
    """The tables and rows, as TFB's create-postgres.sql makes them."""
    rows = ",\n".join("(%d, %s)" % (i, _sql_str(m)) for i, m in FORTUNES)
    return f"""
BEGIN;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE TABLE world (
  id integer NOT NULL,
  randomnumber integer NOT NULL DEFAULT 0,
  PRIMARY KEY (id)
);
INSERT INTO world (id, randomnumber)
SELECT x.id, least(floor(random() * 10000 + 1), 10000)
FROM generate_series(1, 10000) AS x(id);
CREATE TABLE fortune (
  id integer NOT NULL,
  message varchar(2048) NOT NULL,
  PRIMARY KEY (id)
);
INSERT INTO fortune (id, message) VALUES
{rows};
GRANT ALL PRIVILEGES ON world TO {DB_USER};
GRANT ALL PRIVILEGES ON fortune TO {DB_USER};
COMMIT;
ANALYZE world;
ANALYZE fortune;
"""


def free_port(host="127.0.0.1"):
    """A TCP port nobody listens on now (the kernel's pick)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Cluster:
    """A PostgreSQL 15 cluster in `dir` (a fresh temporary directory when
    None), started by start() or by entering it as a context manager.
    Leaving the context stops it and removes the directory."""

    def __init__(self, dir=None, max_connections=100, host="127.0.0.1"):
        if max_connections < 5:
            raise ValueError("max_connections must be at least 5")
        self.dir = os.path.abspath(dir) if dir else None
        # Only a directory this object made (or a cluster's own, for
        # scripts/pg stop) is ever removed.
        self.own_dir = False
        self.max_connections = max_connections
        self.host = host
        self.port = None
        self.url = None

    # ---- paths

    @property
    def data(self):
        return os.path.join(self.dir, "data")

    @property
    def sock(self):
        return os.path.join(self.dir, "sock")

    @property
    def log(self):
        return os.path.join(self.dir, "log")

    # ---- running commands

    def _as_pg(self, argv, **kw):
        """Runs argv as the postgres user (root cannot run PostgreSQL)."""
        if os.geteuid() == 0:
            argv = ["runuser", "-u", PG_USER, "--"] + argv
        return subprocess.run(argv, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, **kw)

    def _check(self, p, what):
        if p.returncode != 0:
            tail = ""
            if os.path.exists(self.log):
                try:
                    with open(self.log, errors="replace") as f:
                        tail = f.read()[-2000:]
                except OSError:
                    pass
            raise ClusterError("%s failed (%d): %s%s%s" % (
                what, p.returncode, p.stderr.strip(), p.stdout.strip(),
                ("\nlog:\n" + tail) if tail else ""))

    def psql(self, sql, db=DB_NAME, user=PG_USER):
        """Runs sql through the Unix socket; returns psql's unaligned,
        tuples-only output (fields split by \\x1f, rows by newlines)."""
        p = subprocess.run(
            [os.path.join(PG_BIN, "psql"), "-X", "-q", "-A", "-t",
             "-F", "\x1f", "-v", "ON_ERROR_STOP=1", "-h", self.sock,
             "-p", str(self.port), "-U", user, "-d", db, "-f", "-"],
            input=sql, capture_output=True, text=True)
        if p.returncode != 0:
            raise ClusterError("psql: %s" % p.stderr.strip())
        return p.stdout

    def rows(self, sql, db=DB_NAME):
        out = self.psql(sql, db=db)
        return [line.split("\x1f") for line in out.splitlines() if line]

    # ---- life cycle

    def _init(self):
        pg = pwd.getpwnam(PG_USER)
        if os.path.exists(self.dir) and os.listdir(self.dir):
            raise ClusterError("%s is not empty" % self.dir)
        parent = os.path.dirname(self.dir)
        if os.geteuid() == 0 and subprocess.run(
                ["runuser", "-u", PG_USER, "--", "test", "-x", parent,
                 "-a", "-d", parent]).returncode != 0:
            raise ClusterError(
                "%s: the %s user cannot reach this directory (every "
                "parent needs o+x)" % (parent, PG_USER))
        os.makedirs(self.dir, exist_ok=True)
        self.own_dir = True
        os.makedirs(self.sock)
        if os.geteuid() == 0:
            for d in (self.dir, self.sock):
                os.chown(d, pg.pw_uid, pg.pw_gid)
        p = self._as_pg([os.path.join(PG_BIN, "initdb"), "-D", self.data,
                         "-U", PG_USER, "-E", "UTF8", "--locale=C.UTF-8",
                         "--auth-local=trust", "--auth-host=md5"])
        self._check(p, "initdb")
        self.port = free_port(self.host)
        conf = {
            "listen_addresses": "'%s'" % self.host,
            "port": str(self.port),
            "unix_socket_directories": "'%s'" % self.sock,
            "max_connections": str(self.max_connections),
            "shared_preload_libraries": "'pg_stat_statements'",
            "pg_stat_statements.max": "1000",
            "logging_collector": "off",
            # md5 passwords over TCP, as TechEmpower's pg_hba.conf: a
            # model that connects per request pays a hash, not SCRAM's
            # 4096 rounds on both sides.
            "password_encryption": "md5",
        }
        conf.update(DURABILITY_OFF)
        with open(os.path.join(self.data, "postgresql.auto.conf"), "a") as f:
            f.write("# scripts/pgcluster.py: a throwaway benchmark cluster\n")
            for k, v in conf.items():
                f.write("%s = %s\n" % (k, v))

    def _read_port(self):
        with open(os.path.join(self.data, "postgresql.auto.conf")) as f:
            for line in f:
                key, _, val = line.partition("=")
                if key.strip() == "port":
                    return int(val.strip())
        raise ClusterError("no port in %s" % self.data)

    def _load(self):
        self.psql(f"CREATE ROLE {DB_USER} LOGIN PASSWORD "
                  f"{_sql_str(DB_PASS)};\n"
                  f"CREATE DATABASE {DB_NAME} OWNER {DB_USER} "
                  f"ENCODING 'UTF8';\n", db="postgres")
        self.psql(schema_sql())

    def start(self):
        """Creates the cluster on first use, then starts it and waits until
        it accepts connections (pg_ctl -w).  Returns self."""
        fresh = False
        if self.dir is None:
            self.dir = tempfile.mkdtemp(prefix="tve-pg-")
            self.own_dir = True
        if not os.path.exists(os.path.join(self.data, "PG_VERSION")):
            self._init()
            fresh = True
        self.port = self._read_port()
        # A session of its own: a Ctrl-C meant for the caller's command
        # must not reach the postmaster; stop() shuts it down in order.
        p = self._as_pg([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data,
                         "-l", self.log, "-w", "-t", str(START_TIMEOUT_S),
                         "start"], start_new_session=True)
        self._check(p, "pg_ctl start")
        if fresh:
            self._load()
        self.url = "postgresql://%s:%s@%s:%d/%s" % (
            DB_USER, DB_PASS, self.host, self.port, DB_NAME)
        with open(os.path.join(self.dir, "url"), "w") as f:
            f.write(self.url + "\n")
        return self

    def running(self):
        return os.path.exists(os.path.join(self.data, "postmaster.pid"))

    def copy(self, name):
        """Makes database `name`, a copy of hello_world (its tables, rows and
        pg_stat_statements), and returns its URL.  PostgreSQL copies a
        database only while nobody is connected to it, so copies are made
        before the first server connects.  Work that runs side by side on
        one cluster, each on its own copy, counts its own queries:
        pg_stat_statements keeps its counts per database."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
            raise ClusterError("%r is not a plain database name" % name)
        if self.port is None:
            self.port = self._read_port()
        self.psql(f"CREATE DATABASE {name} TEMPLATE {DB_NAME} "
                  f"OWNER {DB_USER};\n", db="postgres")
        return "postgresql://%s:%s@%s:%d/%s" % (
            DB_USER, DB_PASS, self.host, self.port, name)

    def stop(self, mode="fast"):
        """Stops the server (fast: open connections are cut) and waits."""
        if not self.dir or not self.running():
            return
        p = self._as_pg([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data,
                         "-m", mode, "-w", "-t", str(START_TIMEOUT_S),
                         "stop"])
        if p.returncode != 0 and self.running():
            self._check(p, "pg_ctl stop")

    def remove(self):
        """Stops the server and removes the directory: the whole of it
        when this object made it or it holds a cluster."""
        if not self.dir:
            return
        try:
            self.stop()
        finally:
            if self.own_dir or os.path.exists(
                    os.path.join(self.data, "PG_VERSION")):
                shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.remove()
            raise

    def __exit__(self, *exc):
        self.remove()
        return False

    # ---- what it is and what it did

    def postmaster_pid(self):
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                return int(f.readline())
        except (OSError, ValueError):
            return None

    def info(self):
        """Version, the settings that matter, where it runs and the CPUs it
        may use: for a run's manifest."""
        names = ["max_connections", "shared_buffers", "fsync",
                 "synchronous_commit", "full_page_writes",
                 "shared_preload_libraries", "max_wal_size", "work_mem"]
        settings = dict(self.rows(
            "SELECT name, current_setting(name) FROM pg_settings "
            "WHERE name IN (%s)" % ", ".join(_sql_str(n) for n in names)))
        version = self.rows("SHOW server_version")[0][0]
        pid = self.postmaster_pid()
        cpus = None
        if pid:
            try:
                cpus = sorted(os.sched_getaffinity(pid))
            except OSError:
                pass
        return {"version": version, "settings": settings,
                "host": self.host, "port": self.port, "socket_dir": self.sock,
                "data_dir": self.data, "pid": pid, "cpus": cpus,
                "url": self.url}

    def reset_stats(self):
        """Forgets pg_stat_statements' counts."""
        self.psql("SELECT pg_stat_statements_reset();")

    def statement_calls(self):
        """{normalized query: calls} in hello_world since reset_stats(),
        for the statements the benchmark user ran."""
        rows = self.rows(
            "SELECT s.query, s.calls FROM pg_stat_statements s "
            "JOIN pg_database d ON d.oid = s.dbid "
            "JOIN pg_roles r ON r.oid = s.userid "
            f"WHERE d.datname = '{DB_NAME}' AND r.rolname = '{DB_USER}'")
        out = {}
        for query, calls in rows:
            out[query] = out.get(query, 0) + int(calls)
        return out

    def world(self):
        """{id: randomnumber} of the whole world table."""
        return {int(i): int(n) for i, n in
                self.rows("SELECT id, randomnumber FROM world")}
