"""tfb.py - TechEmpower's verification rules for its six test types.

TechEmpower's toolset checks every framework before it measures it
(toolset/test_types/*/ and verifications.py): the headers every response
needs (Server, Date in RFC 1123 form and not cached, Content-Type of the
right kind, Content-Length), the JSON shapes and their types, the array
lengths the `queries` parameter must give (1, 0, foo, 501, -1 and
nothing: 1..500 with clamping), the fortunes table to the byte after
normalizing harmless differences, and that /updates really writes.  Its
query count rule is here too: after N requests, pg_stat_statements must
have counted exactly the queries they cost (one per row, no IN lists, no
caching).

Every check returns a list of problems, (level, message, url) with level
"fail" or "warn" as TechEmpower grades them.  check_all(host, port) runs
them all; the conformance suite and the Python peers' tests call it.

    problems = check_all("127.0.0.1", 8080, db_url=os.environ["DATABASE_URL"])
    failures = fails(problems)
"""
import datetime
import html.parser
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
import pgcluster  # noqa: E402

MAX_QUERIES = 500
TIMEOUT_S = 10

CONTENT_TYPES = {
    "json": r"^application/json(; ?charset=(UTF|utf)-8)?$",
    "html": r"^text/html; ?charset=(UTF|utf)-8$",
    "plaintext": r"^text/plain(; ?charset=(UTF|utf)-8)?$",
}

# `queries` values and the array length each must give.
QUERY_CASES = [("2", 2), ("0", 1), ("foo", 1), ("501", MAX_QUERIES),
               ("", 1), ("-1", 1), ("20", 20)]


def fails(problems):
    return [p for p in problems if p[0] == "fail"]


def fetch(host, port, path, method="GET", conn=None):
    """One request; returns (status, {lower-case header: value}, body)."""
    own = conn is None
    if own:
        conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT_S)
    try:
        conn.request(method, path)
        r = conn.getresponse()
        body = r.read()
        headers = {k.lower(): v for k, v in r.getheaders()}
        return r.status, headers, body
    finally:
        if own:
            conn.close()


def verify_headers(headers, url, should_be):
    problems = []
    for name in ("Server", "Date", "Content-Type"):
        if name.lower() not in headers:
            problems.append(("fail", "required header missing: %s" % name,
                             url))
    if "content-length" not in headers and \
            "transfer-encoding" not in headers:
        problems.append(("fail", "no Content-Length nor Transfer-Encoding",
                         url))
    date = headers.get("date")
    if date is not None:
        try:
            datetime.datetime.strptime(date, "%a, %d %b %Y %H:%M:%S %Z")
        except ValueError:
            problems.append(("warn", "Date %r is not RFC 1123" % date, url))
    ctype = headers.get("content-type")
    if ctype is not None and not re.match(CONTENT_TYPES[should_be], ctype):
        problems.append(("fail", "Content-Type %r does not match %s"
                         % (ctype, CONTENT_TYPES[should_be]), url))
    return problems


def verify_date_changes(host, port, path="/json"):
    """The Date header is not cached: it changes as seconds go by."""
    url = path
    _, h1, _ = fetch(host, port, path)
    deadline = time.monotonic() + 3
    # Wait for the clock, not for the server: poll until a second passed.
    while time.monotonic() < deadline:
        time.sleep(0.25)
        _, h2, _ = fetch(host, port, path)
        if h2.get("date") != h1.get("date"):
            return []
    return [("fail", "Date %r unchanged over 3 s: cached" % h1.get("date"),
             url)]


def _status(status, url):
    return [] if status == 200 else [("fail", "status %d" % status, url)]


def verify_json(host, port):
    url = "/json"
    status, headers, body = fetch(host, port, url)
    problems = _status(status, url) + verify_headers(headers, url, "json")
    try:
        obj = json.loads(body)
    except ValueError as e:
        return problems + [("fail", "invalid JSON: %s" % e, url)]
    if not isinstance(obj, dict):
        return problems + [("fail", "not a JSON object", url)]
    low = {str(k).lower(): v for k, v in obj.items()}
    if str(low.get("message", "")).lower() != "hello, world!":
        problems.append(("fail", "message is %r" % low.get("message"), url))
    if len(low) > 1:
        problems.append(("warn", "extra keys: %s" % sorted(low), url))
    return problems


def verify_plaintext(host, port):
    url = "/plaintext"
    status, headers, body = fetch(host, port, url)
    problems = _status(status, url) + verify_headers(headers, url,
                                                     "plaintext")
    if body.strip().lower() != b"hello, world!":
        problems.append(("fail", "body %r" % body[:40], url))
    elif body != b"Hello, World!":
        problems.append(("warn", "body %r, not exactly Hello, World!"
                         % body[:40], url))
    return problems


def verify_world(obj, url, level="fail"):
    """{"id": 1..10000, "randomNumber": int}, keys case-insensitive."""
    if not isinstance(obj, dict):
        return [(level, "expected a JSON object, got %r" % (obj,), url)]
    low = {str(k).lower(): v for k, v in obj.items()}
    problems = []
    for key in ("id", "randomnumber"):
        if key not in low:
            problems.append((level, "missing key %s" % key, url))
        elif isinstance(low[key], bool) or not isinstance(low[key], int):
            problems.append((level, "%s is %r, not an integer"
                             % (key, low[key]), url))
    if problems:
        return problems
    if len(low) > 2:
        problems.append(("warn", "extra keys: %s" % sorted(low), url))
    if not 1 <= low["id"] <= 10000:
        problems.append(("warn", "id %d outside 1..10000" % low["id"], url))
    if low["randomnumber"] > 10000:
        problems.append(("warn", "randomNumber over 10000", url))
    return problems


def verify_world_list(body, expected_len, url, level="fail"):
    try:
        obj = json.loads(body)
    except ValueError as e:
        return [(level, "invalid JSON: %s" % e, url)]
    if not isinstance(obj, list):
        return [(level, "top-level JSON is not an array", url)] + \
            verify_world(obj, url, level)
    problems = []
    if len(obj) != expected_len:
        problems.append((level, "array of %d, expected %d"
                         % (len(obj), expected_len), url))
    bad = 0
    for item in obj:
        found = verify_world(item, url, level)
        if found:
            problems += found
            bad += 1
            if bad >= 5:
                break
    return problems


def verify_db(host, port):
    url = "/db"
    status, headers, body = fetch(host, port, url)
    problems = _status(status, url) + verify_headers(headers, url, "json")
    try:
        obj = json.loads(body)
    except ValueError as e:
        return problems + [("fail", "invalid JSON: %s" % e, url)]
    if isinstance(obj, list):
        problems.append(("warn", "an array, not an object", url))
        obj = obj[0] if len(obj) == 1 else obj
    return problems + verify_world(obj, url)


def verify_queries(host, port, path="/queries?queries="):
    problems = []
    for q, expected in QUERY_CASES:
        url = path + q
        status, headers, body = fetch(host, port, url)
        problems += _status(status, url)
        problems += verify_headers(headers, url, "json")
        problems += verify_world_list(body, expected, url)
    return problems


# ---- fortunes

EXTRA_FORTUNE = (0, "Additional fortune added at request time.")


def _norm_text(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&apos;"))


def expected_fortunes():
    """TechEmpower's table in the normalized form its parser produces."""
    rows = sorted(list(pgcluster.FORTUNES) + [EXTRA_FORTUNE],
                  key=lambda r: r[1])
    out = ["<!doctype html><html>\n<head><title>Fortunes</title></head>\n"
           "<body><table>\n<tr><th>id</th><th>message</th></tr>\n"]
    for i, m in rows:
        out.append("<tr><td>%d</td><td>%s</td></tr>\n" % (i, _norm_text(m)))
    out.append("</table></body></html>")
    return "".join(out)


class FortuneNormalizer(html.parser.HTMLParser):
    """Reduces a fortunes page to one canonical string, forgiving what
    TechEmpower forgives: either escaping of quotes and apostrophes,
    numeric character references, case, whitespace between tags, and
    <thead>, <tbody>, <meta>, <link>, <script> elements."""
    IGNORED = {"thead", "tbody", "meta", "link"}
    # Numeric references and what they stand for, normalized.
    REFS = {34: "&quot;", 39: "&apos;", 43: "+", 62: "&gt;", 60: "&lt;",
            47: "/", 40: "(", 41: ")"}

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out = []
        self.in_script = False

    def add(self, s):
        if not self.in_script:
            self.out.append(s)

    def handle_decl(self, decl):
        self.add("<!%s>" % decl.lower())

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.in_script = True
            return
        if tag in self.IGNORED:
            return
        self.add("<%s>" % tag)
        if tag in ("table", "html"):
            self.add("\n")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
            return
        if tag in self.IGNORED:
            return
        self.add("</%s>" % tag)
        if tag in ("tr", "head"):
            self.add("\n")

    def handle_data(self, data):
        if data.strip():
            self.add(data.replace("'", "&apos;").replace('"', "&quot;")
                     .replace(">", "&gt;"))

    def handle_charref(self, name):
        try:
            n = int(name[1:], 16) if name[:1] in "xX" else int(name)
        except ValueError:
            return
        if n in self.REFS:
            self.add(self.REFS[n])
        else:
            self.add(chr(n))

    def handle_entityref(self, name):
        self.add("\u2014" if name == "mdash" else "&%s;" % name)


def verify_fortunes(host, port):
    url = "/fortunes"
    status, headers, body = fetch(host, port, url)
    problems = _status(status, url) + verify_headers(headers, url, "html")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return problems + [("fail", "the page is not UTF-8", url)]
    p = FortuneNormalizer()
    p.feed(text)
    p.close()
    got, want = "".join(p.out), expected_fortunes()
    if got != want:
        for i, (a, b) in enumerate(zip(got, want)):
            if a != b:
                break
        else:
            i = min(len(got), len(want))
        problems.append(("fail", "the table differs at %d: got %r, "
                         "expected %r" % (i, got[i - 20:i + 60],
                                          want[i - 20:i + 60]), url))
    return problems


# ---- the database behind: rows written, queries counted

def psql(db_url, sql):
    """Rows of sql run as the benchmark user (pg_stat_statements shows a
    user's own statements to it)."""
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\x1f",
                        "-v", "ON_ERROR_STOP=1", "-d", db_url, "-c", sql],
                       capture_output=True, text=True, timeout=30)
    if p.returncode != 0:
        raise RuntimeError("psql: %s" % p.stderr.strip())
    return [line.split("\x1f") for line in p.stdout.splitlines() if line]


def world_table(db_url):
    return {int(i): int(n) for i, n in
            psql(db_url, "SELECT id, randomnumber FROM world")}


def statement_calls(db_url):
    """{normalized query: calls} of the current database."""
    out = {}
    for q, c in psql(db_url, "SELECT query, calls FROM pg_stat_statements "
                     "WHERE dbid = (SELECT oid FROM pg_database WHERE "
                     "datname = current_database())"):
        out[q] = out.get(q, 0) + int(c)
    return out


def _calls_like(calls, pattern):
    rx = re.compile(pattern, re.I | re.S)
    return sum(c for q, c in calls.items() if rx.search(q))


SELECT_WORLD = r"^\s*select\b.*\bfrom\s+\"?world\"?\b"
UPDATE_WORLD = r"^\s*update\s+\"?world\"?\b"
SELECT_FORTUNE = r"^\s*select\b.*\bfrom\s+\"?fortune\"?\b"


def verify_updates(host, port, db_url, path="/updates?queries="):
    problems = []
    for q, expected in QUERY_CASES:
        if q in ("501",):
            continue  # the written check below does 500
        url = path + q
        status, headers, body = fetch(host, port, url)
        problems += _status(status, url)
        problems += verify_headers(headers, url, "json")
        problems += verify_world_list(body, expected, url)
    url = path + "501"
    before = world_table(db_url)
    status, headers, body = fetch(host, port, url)
    after = world_table(db_url)
    problems += _status(status, url) + verify_world_list(
        body, MAX_QUERIES, url)
    changed = sum(1 for k in before if before[k] != after.get(k))
    # Random new numbers equal the old ones 1 in 10,000 times; ids may
    # repeat within a request.  TechEmpower's margins: 90% fail, 95% warn.
    try:
        answered = {o["id"]: o["randomNumber"] for o in json.loads(body)}
    except (ValueError, TypeError, KeyError):
        answered = {}
    distinct = len(answered) or MAX_QUERIES
    if changed == 0:
        problems.append(("fail", "no row was updated in the database", url))
    elif changed <= distinct * 0.90:
        problems.append(("fail", "only %d of about %d rows updated"
                         % (changed, distinct), url))
    elif changed <= distinct * 0.95:
        problems.append(("warn", "only %d of about %d rows updated"
                         % (changed, distinct), url))
    wrong = [i for i, n in answered.items() if after.get(i) != n]
    if wrong:
        problems.append(("fail", "%d answered numbers are not in the "
                         "table, e.g. id %d" % (len(wrong), wrong[0]), url))
    return problems


def hammer(host, port, path, requests, concurrency):
    """requests GETs of path over concurrency keep-alive connections;
    returns the statuses seen."""
    statuses = []
    lock = threading.Lock()
    left = [requests]

    def worker():
        conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT_S)
        try:
            while True:
                with lock:
                    if left[0] == 0:
                        return
                    left[0] -= 1
                try:
                    status, _, _ = fetch(host, port, path, conn=conn)
                except (OSError, http.client.HTTPException):
                    status = -1
                    conn.close()
                    conn = http.client.HTTPConnection(host, port,
                                                      timeout=TIMEOUT_S)
                with lock:
                    statuses.append(status)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def verify_query_count(host, port, db_url, path, per_request,
                       requests=512, concurrency=32):
    """TechEmpower's count: `requests` GETs of path must cost exactly
    requests * n queries of each kind, n from per_request
    ({pattern: n}), no more (caching shows as fewer, IN lists as fewer,
    a retry as more)."""
    before = statement_calls(db_url)
    statuses = hammer(host, port, path, requests, concurrency)
    after = statement_calls(db_url)
    problems = []
    bad = [s for s in statuses if s != 200]
    if bad:
        problems.append(("fail", "%d of %d requests not 200 (%s)"
                         % (len(bad), requests, sorted(set(bad))), path))
    for pattern, n in per_request.items():
        got = _calls_like(after, pattern) - _calls_like(before, pattern)
        want = n * (requests - len(bad))
        if got != want:
            problems.append(("fail", "%d requests ran %d queries matching "
                             "%r, expected %d" % (requests, got, pattern,
                                                  want), path))
    return problems


def check_all(host, port, db_url=None, date_check=True, count_check=True):
    """Every test type's verification; the database ones need db_url
    (default: $DATABASE_URL) for the updates and the query counts."""
    db_url = db_url or os.environ.get("DATABASE_URL")
    problems = verify_json(host, port) + verify_plaintext(host, port)
    if date_check:
        problems += verify_date_changes(host, port)
    problems += verify_db(host, port)
    problems += verify_queries(host, port)
    problems += verify_fortunes(host, port)
    if not db_url:
        return problems + [("fail", "no DATABASE_URL: updates and query "
                            "counts unchecked", "/updates")]
    problems += verify_updates(host, port, db_url)
    if count_check:
        problems += verify_query_count(host, port, db_url, "/db",
                                       {SELECT_WORLD: 1})
        problems += verify_query_count(host, port, db_url,
                                       "/queries?queries=20",
                                       {SELECT_WORLD: 20}, requests=64)
        problems += verify_query_count(host, port, db_url,
                                       "/updates?queries=20",
                                       {SELECT_WORLD: 20, UPDATE_WORLD: 20},
                                       requests=64)
        problems += verify_query_count(host, port, db_url, "/fortunes",
                                       {SELECT_FORTUNE: 1}, requests=64)
    return problems


def main():
    import argparse
    ap = argparse.ArgumentParser(
        description="TechEmpower's verification of a running server")
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("--db", help="libpq URL (default: $DATABASE_URL)")
    args = ap.parse_args()
    problems = check_all(args.host, args.port, db_url=args.db)
    for level, msg, url in problems:
        print("%s %s: %s" % (level, url, msg))
    print("%d failures, %d warnings" % (
        len(fails(problems)), len(problems) - len(fails(problems))))
    return 1 if fails(problems) else 0


if __name__ == "__main__":
    sys.exit(main())
