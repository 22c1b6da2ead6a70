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
Each page must name the model serving it (its --about name and kind).
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
import json
import os
import re
import shutil
import signal
import sys
import tempfile

try:
    import websockets
except ImportError:
    websockets = None

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import (Cdp, GROUPS, Page, Tap, drain, kill_groups,  # noqa: E402
                 read_line_matching, start_chromium, stop)


class ChatPage(Page):
    """A /chat tab: the page's message list."""

    async def log_lines(self):
        return await self.js(
            "Array.from(document.querySelectorAll('#log li'),"
            " li => li.textContent)")

    async def wait_log(self, pred, timeout):
        """Poll until pred(the chat log's lines) holds; return the lines,
        or None when the timeout passes first."""
        async def check():
            lines = await self.log_lines()
            return lines if pred(lines) else None
        return await self.wait_until(check, timeout)

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


async def read_about(binary, timeout):
    """The model's --about line, as a dict ({} if it says nothing
    readable: the page check then fails and shows what the page said)."""
    proc = await asyncio.create_subprocess_exec(
        binary, "--about", stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout)
        return json.loads(out.decode().splitlines()[0])
    except (asyncio.TimeoutError, ValueError, IndexError):
        proc.kill()
        return {}


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
        about = await read_about(binary, args.timeout)
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
            await chat_pages(tap, name, cdp, url, server, server_said, args,
                             about)
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


async def chat_pages(tap, name, cdp, url, server, server_said, args,
                     about):
    t = args.timeout
    a = await ChatPage.open(cdp, "A", url)
    b = await ChatPage.open(cdp, "B", url)
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

    # Each page names the model that serves it, as its --about does.
    want = "served by %s (%s)" % (about.get("name"), about.get("kind"))
    said = [await p.js("document.getElementById('model') &&"
                       " document.getElementById('model').textContent")
            for p in (a, b)]
    tap.check(said == [want, want], "%s: the page says which model serves "
              "it: %s" % (name, want), ["the pages say %r" % said])

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
