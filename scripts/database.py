"""database.py - the run's PostgreSQL, when a point needs one.

A point that says `db=True` gets `--db URL` on its server's command line.
If no selected point needs the database, none is started.  Otherwise:

    DATABASE_URL=...   an existing server: used as it is, none started
    (unset)            one throwaway cluster for the whole run
                       (scripts/pgcluster.py), stopped on every way out

    with database.for_run(points) as db:
        db.url, db.info()      # info() goes into the manifest
        db.reset_stats(); db.statement_calls()   # per point, when known

A cluster that cannot start fails the database points (with the reason),
not the run: the other points still measure.
"""
import contextlib
import os


class External:
    """DATABASE_URL: someone else's server; nothing is started."""

    def __init__(self, url):
        self.url = url
        self.error = None

    def info(self):
        return {"url": self.url, "started_by_bench": False}

    def reset_stats(self):
        pass

    def statement_calls(self):
        return None


class Missing:
    """No database: why the database points cannot run."""
    url = None

    def __init__(self, error):
        self.error = error

    def info(self):
        return {"error": self.error}

    def reset_stats(self):
        pass

    def statement_calls(self):
        return None


def max_connections(points):
    """Enough for every server's pool and a few side programs."""
    most = max((p["connections"] for p in points if p.get("db")),
               default=0)
    return max(100, min(1000, most + 50))


@contextlib.contextmanager
def for_run(points):
    if not any(p.get("db") for p in points):
        yield None
        return
    url = os.environ.get("DATABASE_URL")
    if url:
        yield External(url)
        return
    try:
        import pgcluster
    except ImportError as e:
        yield Missing(f"no scripts/pgcluster.py to start a cluster ({e}); "
                      "give DATABASE_URL to use an existing server")
        return
    try:
        # In a temporary directory of its own (the postgres user must own
        # it), removed when the run ends.
        cluster = pgcluster.Cluster(max_connections=max_connections(points))
        db = cluster.__enter__()
    except Exception as e:  # noqa: BLE001 - the points say why
        yield Missing(f"the throwaway PostgreSQL cluster did not start: {e}")
        return
    try:
        yield db
    finally:
        cluster.__exit__(None, None, None)
