"""tests/chat/cdp.py - a small Chrome DevTools Protocol driver for Debian's
headless chromium, shared by the browser tests (tests/chat/chat.py drives
GET /chat with it, tests/harness/test_report_html.py the HTML report).

Nothing but Debian packages: chromium and python3-websockets, so the tests
run with /usr/bin/python3.  start_chromium() starts the browser with
--remote-debugging-port=0 and reads the DevTools address it prints (no
sleeping); Cdp speaks the protocol over one WebSocket; Page is one tab,
attached through its own flat session; Tap prints TAP lines.  Every wait has
a timeout, and every process started here leads its own process group,
which kill_groups() kills on the way out.
"""

import asyncio
import base64
import json
import os
import re
import signal
import time

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


async def start_chromium(chromium, profile, timeout, said,
                         window="900,700"):
    """Start chromium; return it and its DevTools address.  What it prints
    goes on into said (a list); window is its size, "WIDTH,HEIGHT"."""
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
        "--window-size=" + window, "about:blank",
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE, start_new_session=True)
    GROUPS.append(proc.pid)
    m = await read_line_matching(
        proc.stderr, re.compile(r"DevTools listening on (ws://\S+)"),
        timeout, said)
    asyncio.ensure_future(drain(proc.stderr, said))
    return proc, m.group(1)
