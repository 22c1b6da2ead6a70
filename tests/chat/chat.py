#!/usr/bin/python3
"""tests/chat/chat.py - GET /chat in a real browser: two tabs chat.

A teacher starts a server, opens http://127.0.0.1:8080/chat in two browser
tabs and types; the message must appear in both.  This test does exactly
that with Debian's chromium, headless, driven over the Chrome DevTools
Protocol (CDP) with python3-websockets, so nothing but Debian packages is
needed (run it with /usr/bin/python3, which sees them).

For each server binary given: start it on port 0 and read its
`listening on HOST:PORT` line; start chromium with --remote-debugging-port=0
and read the DevTools address it prints; open two pages on /chat and wait
until both page scripts say their WebSocket is open (the page sets
body[data-state=open]); then, as a user would, click into page A's input,
type a message and press Enter, and click into page B's input, type a
reply and click Send.  Each message must appear in both pages, in order,
and each input must be empty again after sending.  No page may throw.
Then the server gets SIGTERM: it must exit 0 without a sanitizer report
(so a build/sanitize-*/servers/M binary can be checked too), and both
pages must say they are disconnected.

Output is TAP ("ok N - what", "not ok N - what", "# " diagnostics, "1..N"
at the end); the exit status is 1 when any check failed.  Every wait has a
timeout, and the server and chromium are killed (their whole process
groups) on every way out, failures and SIGTERM included.

Usage: /usr/bin/python3 tests/chat/chat.py [--screenshots DIR]
           [--timeout S] [--chromium PATH] SERVER...
"""

import argparse
import asyncio
import base64
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time

try:
    import websockets
except ImportError:
    websockets = None

# Every process this test starts leads its own process group; on the way
# out each group is killed, whatever state the test is in.
GROUPS = []


def kill_groups():
    """The last resort, on any way out: SIGKILL every group still there."""
    for pid in GROUPS:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    GROUPS.clear()


async def stop(proc):
    """SIGTERM to the process's group (the server prints its summary and
    exits), SIGKILL if it is not gone within 3 s, and the group always
    SIGKILLed after, for children left behind."""
    for sig, wait in ((signal.SIGTERM, 3), (signal.SIGKILL, 3)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            await asyncio.wait_for(proc.wait(), wait)
            break
        except asyncio.TimeoutError:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, what, diag=()):
        self.n += 1
        if not ok:
            self.failed += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", self.n, what),
              flush=True)
        if not ok:
            for line in diag:
                print("# " + line, flush=True)
        return ok

    def note(self, line):
        print("# " + line, flush=True)


async def read_line_matching(stream, pattern, timeout, keep):
    """Read lines from stream until one matches pattern (a compiled regex)
    and return the match; every line read is appended to keep (a list), so
    a failure can show what the process said instead."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no line matching %r within %gs"
                               % (pattern.pattern, timeout))
        line = await asyncio.wait_for(stream.readline(), left)
        if not line:
            raise EOFError("stream ended before a line matching %r"
                           % pattern.pattern)
        text = line.decode(errors="replace").rstrip("\n")
        keep.append(text)
        m = pattern.search(text)
        if m:
            return m


async def drain(stream, keep, limit=200):
    """Keep reading a pipe so the process never blocks on a full one; hold
    on to its last lines for diagnostics."""
    while True:
        line = await stream.readline()
        if not line:
            return
        keep.append(line.decode(errors="replace").rstrip("\n"))
        del keep[:-limit]


class Cdp:
    """A small Chrome DevTools Protocol client over one WebSocket to the
    browser.  Pages are driven through flat sessions (Target.attachToTarget
    with flatten), so every command names its session; events are sorted
    into per-session lists for whoever wants to look at them."""

    def __init__(self, ws, timeout):
        self.ws = ws
        self.timeout = timeout
        self.next_id = 0
        self.waiting = {}
        self.events = {}
        self.reader = asyncio.ensure_future(self.read())

    async def read(self):
        try:
            async for raw in self.ws:
                msg = json.loads(raw)
                if "id" in msg:
                    fut = self.waiting.pop(msg["id"], None)
                    if fut and not fut.done():
                        fut.set_result(msg)
                else:
                    self.events.setdefault(msg.get("sessionId"),
                                           []).append(msg)
        finally:
            for fut in self.waiting.values():
                if not fut.done():
                    fut.set_exception(EOFError("DevTools connection closed"))

    async def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        fut = asyncio.get_running_loop().create_future()
        self.waiting[self.next_id] = fut
        await self.ws.send(json.dumps(msg))
        reply = await asyncio.wait_for(fut, self.timeout)
        if "error" in reply:
            raise RuntimeError("%s: %s" % (method, reply["error"]))
        return reply["result"]

    async def close(self):
        self.reader.cancel()
        await self.ws.close()


class Page:
    """One browser tab, attached through its own CDP session."""

    def __init__(self, cdp, name, session):
        self.cdp = cdp
        self.name = name
        self.session = session

    @classmethod
    async def open(cls, cdp, name, url):
        """A new tab, attached, then sent to url.  The tab starts blank
        and navigates only once we listen (Runtime events tell us about
        uncaught exceptions in the page), so no exception of the page's
        is missed."""
        target = await cdp.call("Target.createTarget",
                                {"url": "about:blank"})
        attached = await cdp.call("Target.attachToTarget", {
            "targetId": target["targetId"], "flatten": True})
        page = cls(cdp, name, attached["sessionId"])
        await page.call("Runtime.enable")
        await page.call("Page.enable")
        await page.call("Page.navigate", {"url": url})
        return page

    async def call(self, method, params=None):
        return await self.cdp.call(method, params, self.session)

    async def js(self, expression):
        """The value of a JavaScript expression in the page."""
        r = await self.call("Runtime.evaluate", {
            "expression": expression, "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError("%s: %s" % (
                expression, r["exceptionDetails"].get("text")))
        return r["result"].get("value")

    async def wait_for(self, expression, timeout):
        """Poll until a JavaScript expression is truthy; return its value,
        or None when the timeout passes first."""
        return await self.wait_until(lambda: self.js(expression), timeout)

    # What Runtime.evaluate says while the page is between two documents
    # (navigating, or reloading after an error): not yet, not a failure.
    BETWEEN_DOCUMENTS = re.compile(
        r"context was destroyed|Cannot find (default )?(execution )?context"
        r"|Inspected target navigated", re.I)

    async def wait_log(self, pred, timeout):
        """Poll until pred(the chat log's lines) holds; return the lines,
        or None when the timeout passes first."""
        async def check():
            lines = await self.log_lines()
            return lines if pred(lines) else None
        return await self.wait_until(check, timeout)

    @classmethod
    async def wait_until(cls, probe, timeout):
        """Poll probe until it gives something truthy.  A probe made while
        the page changes documents (a slow machine widens that moment) is
        one more "not yet"; the last such error is raised if the timeout
        passes with nothing else."""
        deadline = time.monotonic() + timeout
        between = None
        while True:
            try:
                value = await probe()
                between = None
            except RuntimeError as e:
                if not cls.BETWEEN_DOCUMENTS.search(str(e)):
                    raise
                value, between = None, e
            if value:
                return value
            if between is not None and time.monotonic() >= deadline:
                raise between
            if time.monotonic() >= deadline:
                return None
            await asyncio.sleep(0.05)

    async def click(self, selector):
        """Press and release the left mouse button over the middle of the
        element, as a user's click: the browser does the rest (focus,
        button activation, form submission)."""
        box = await self.js(
            "(() => { const r = document.querySelector(%s)"
            ".getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
            % json.dumps(selector))
        for kind in ("mousePressed", "mouseReleased"):
            await self.call("Input.dispatchMouseEvent", {
                "type": kind, "x": box[0], "y": box[1],
                "button": "left", "clickCount": 1})

    async def type_text(self, text):
        """Text into the focused element, as typing or an input method
        would put it there (the input's own events fire)."""
        await self.call("Input.insertText", {"text": text})

    async def press_enter(self):
        for kind in ("keyDown", "keyUp"):
            params = {"type": kind, "key": "Enter", "code": "Enter",
                      "windowsVirtualKeyCode": 13,
                      "nativeVirtualKeyCode": 13}
            if kind == "keyDown":
                params["text"] = "\r"
            await self.call("Input.dispatchKeyEvent", params)

    async def log_lines(self):
        return await self.js(
            "Array.from(document.querySelectorAll('#log li'),"
            " li => li.textContent)")

    def exceptions(self):
        return [e["params"]["exceptionDetails"].get("text", "?")
                + " " + json.dumps(e["params"]["exceptionDetails"]
                                   .get("exception", {})
                                   .get("description", ""))
                for e in self.cdp.events.get(self.session, [])
                if e.get("method") == "Runtime.exceptionThrown"]

    async def screenshot(self, path):
        shot = await self.call("Page.captureScreenshot", {"format": "png"})
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))


async def start_server(binary, timeout, said):
    """Start the server on port 0; return it, its host and its port.  Its
    output goes on into said (a list), read by proc.drained."""
    proc = await asyncio.create_subprocess_exec(
        binary, "--port", "0", stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        start_new_session=True)
    GROUPS.append(proc.pid)
    m = await read_line_matching(
        proc.stdout, re.compile(r"^listening on (\S+):(\d+)$"), timeout, said)
    proc.drained = asyncio.ensure_future(drain(proc.stdout, said))
    return proc, m.group(1), int(m.group(2))


async def start_chromium(chromium, profile, timeout, said):
    """Start chromium; return it and its DevTools address.  What it prints
    goes on into said (a list)."""
    # --no-sandbox: the sandbox refuses to run as root (CI runs as root).
    # --disable-dev-shm-usage: containers often have a 64 MiB /dev/shm, too
    # small for chromium's shared memory; Debian's launcher adds it only
    # when it can tell.  The rest keeps the browser from calling home.
    proc = await asyncio.create_subprocess_exec(
        chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile, "--remote-debugging-port=0",
        "--window-size=900,700", "about:blank",
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE, start_new_session=True)
    GROUPS.append(proc.pid)
    m = await read_line_matching(
        proc.stderr, re.compile(r"DevTools listening on (ws://\S+)"),
        timeout, said)
    asyncio.ensure_future(drain(proc.stderr, said))
    return proc, m.group(1)


async def chat_one(tap, binary, args):
    # "epoll" for build/servers/epoll; a sanitized build keeps its folder.
    name = re.sub(r"^(\./)?build/servers/", "", binary)
    profile = tempfile.mkdtemp(prefix="tve-chat-")
    server_said, browser_said = [], []
    procs = []
    try:
        try:
            server, host, port = await start_server(
                binary, args.timeout, server_said)
            procs.append(server)
        except (OSError, TimeoutError, EOFError) as e:
            tap.check(False, "%s: server starts" % name,
                      [str(e)] + server_said[-10:])
            return
        url = "http://%s:%d/chat" % (host, port)
        try:
            browser, devtools = await start_chromium(
                args.chromium, profile, args.timeout, browser_said)
            procs.append(browser)
            ws = await asyncio.wait_for(
                websockets.connect(devtools, max_size=None), args.timeout)
        except (OSError, TimeoutError, EOFError) as e:
            tap.check(False, "%s: chromium starts with DevTools" % name,
                      [str(e)] + browser_said[-10:])
            return
        cdp = Cdp(ws, args.timeout)
        try:
            await chat_pages(tap, name, cdp, url, server, server_said, args)
        except (OSError, RuntimeError, EOFError, asyncio.TimeoutError,
                websockets.ConnectionClosed) as e:
            # A DevTools command failed or timed out: say which, and what
            # the browser printed last.
            tap.check(False, "%s: drive the pages over DevTools" % name,
                      ["%s: %s" % (type(e).__name__, e)]
                      + browser_said[-10:])
        finally:
            try:
                await asyncio.wait_for(cdp.call("Browser.close"), 2)
            except Exception:
                pass
            await cdp.close()
    finally:
        for proc in reversed(procs):
            await stop(proc)
        kill_groups()
        shutil.rmtree(profile, ignore_errors=True)


async def chat_pages(tap, name, cdp, url, server, server_said, args):
    t = args.timeout
    a = await Page.open(cdp, "A", url)
    b = await Page.open(cdp, "B", url)
    state = "document.body && document.body.dataset.state === 'open'"
    opened = [await p.wait_for(state, t) for p in (a, b)]
    if not tap.check(all(opened), "%s: both /chat pages open their "
                     "WebSocket to /ws" % name,
                     ["page %s: body.dataset.state = %r, log %r, text %r"
                      % (p.name, await p.js("document.body && "
                                            "document.body.dataset.state"),
                         await p.log_lines(),
                         await p.js("document.body && document.body"
                                    ".innerText.slice(0, 200)"))
                      for p in (a, b)] + ["page %s threw: %s" % (p.name, x)
                                          for p in (a, b)
                                          for x in p.exceptions()]):
        return

    # Page A: click into the input, type, press Enter (the form submits).
    first = "hello from A, %s \u00e9\u03bb\U0001f600" % name
    await a.click("#text")
    await a.type_text(first)
    await a.press_enter()
    got_b = await b.wait_log(lambda lines: first in lines, t)
    tap.check(got_b, "%s: a message typed in page A (Enter) appears in "
              "page B" % name,
              ["page B's log: %r" % await b.log_lines(),
               "page A's log: %r" % await a.log_lines(),
               "page A's input: %r" % await a.js(
                   "document.getElementById('text').value")])
    got_a = await a.wait_log(lambda lines: first in lines, t)
    tap.check(got_a, "%s: ... and in page A itself" % name,
              ["page A's log: %r" % await a.log_lines()])
    left = await a.js("document.getElementById('text').value")
    tap.check(left == "", "%s: page A's input is empty after sending" % name,
              ["it holds %r" % left])

    # Page B answers with the Send button instead of Enter.
    second = "reply from B (Send button)"
    await b.click("#text")
    await b.type_text(second)
    await b.click("#send")
    want = [first, second]
    for p in (a, b):
        ok = await p.wait_log(lambda lines: lines == want, t)
        tap.check(ok, "%s: page %s shows both messages, in order" % (
            name, p.name), ["page %s's log: %r (want %r)" % (
                p.name, await p.log_lines(), want)])

    thrown = ["page %s threw: %s" % (p.name, x) for p in (a, b)
              for x in p.exceptions()]
    tap.check(not thrown, "%s: no page threw a JavaScript exception" % name,
              thrown)

    if args.screenshots:
        os.makedirs(args.screenshots, exist_ok=True)
        for p in (a, b):
            path = os.path.join(args.screenshots, "chat-%s-%s.png" % (
                name.replace("/", "-"), p.name.lower()))
            await p.screenshot(path)
            tap.note("screenshot of page %s: %s" % (p.name, path))

    # The server goes away: both pages must say so, not look connected.
    alive = server.returncode is None
    tap.check(alive, "%s: the server is still up after the chat" % name,
              ["exit status %s" % server.returncode] + server_said[-10:])
    await stop(server)
    try:
        await asyncio.wait_for(server.drained, t)
    except asyncio.TimeoutError:
        pass
    # A sanitized build (build/sanitize-*/servers/M) reports here.
    report = [line for line in server_said
              if re.search(r"Sanitizer|runtime error:", line)]
    tap.check(server.returncode == 0 and not report,
              "%s: the server exits 0 on SIGTERM, no sanitizer report" % name,
              ["exit status %s" % server.returncode]
              + (report or server_said)[-10:])
    closed = "document.body.dataset.state === 'closed'"
    for p in (a, b):
        ok = await p.wait_for(closed, t)
        if args.screenshots and p is a:
            path = os.path.join(args.screenshots, "chat-%s-a-closed.png"
                                % name.replace("/", "-"))
            await p.screenshot(path)
            tap.note("screenshot of page A, disconnected: %s" % path)
        tap.check(ok, "%s: page %s says it is disconnected once the server "
                  "stops" % (name, p.name),
                  ["page %s: body.dataset.state = %r, status %r" % (
                      p.name, await p.js("document.body.dataset.state"),
                      await p.js("document.getElementById('status')"
                                 " && document.getElementById('status')"
                                 ".textContent"))])


async def main(args):
    tap = Tap()
    if websockets is None:
        tap.check(False, "python3-websockets is importable",
                  ["run with /usr/bin/python3 (Debian's python3-websockets);"
                   " scripts/install-deps installs it"])
    elif not shutil.which(args.chromium):
        tap.check(False, "chromium is installed",
                  ["%s not found; scripts/install-deps installs Debian's "
                   "chromium" % args.chromium])
    else:
        for binary in args.servers:
            await chat_one(tap, binary, args)
    print("1..%d" % tap.n, flush=True)
    return 1 if tap.failed else 0


def parse_args():
    p = argparse.ArgumentParser(
        description="Two headless chromium pages on a server's GET /chat: "
        "a message typed in one must appear in both (TAP output).")
    p.add_argument("servers", nargs="+", metavar="SERVER",
                   help="server binary (e.g. build/servers/epoll); it is "
                   "started with --port 0")
    # Generous: a wait ends as soon as its condition holds, so only a
    # failing run waits this long, while a loaded machine may take seconds
    # to start chromium or lay out a page.
    p.add_argument("--timeout", type=float, default=20,
                   help="seconds for each wait (default 20)")
    p.add_argument("--chromium", default="chromium",
                   help="the browser to run (default: chromium)")
    p.add_argument("--screenshots", metavar="DIR",
                   help="after chatting, save both pages as "
                   "DIR/chat-MODEL-a.png and -b.png, and page A once the "
                   "server stopped as DIR/chat-MODEL-a-closed.png")
    return p.parse_args()


if __name__ == "__main__":
    args = parse_args()
    # `timeout` (tests/run) ends a suite with SIGTERM: turn it into an
    # exception, so the finally blocks and kill_groups() below still run.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        rc = asyncio.run(main(args))
    finally:
        kill_groups()
    sys.exit(rc)
