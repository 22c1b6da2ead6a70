#!/usr/bin/python3
"""tests/harness/test_report_html.py - scripts/report_html.py on a copy of
results/reference, checked as text and in Debian's headless chromium.

As text: the converter's Markdown subset (escaping, code spans, links,
tables), then the page written for the copy: every heading, table and
verdict of REPORT.md is on it, every link inside the page has its target,
every chart of the run's chart index is an interactive SVG, and nothing is
fetched from elsewhere (no src or href to another host, no external script
or style).

In the browser (driven over the DevTools protocol by tests/chat/cdp.py):
the page loads with no JavaScript exception and no console error,
gnuplot_svg.js has taken every chart, clicking a model's key entry (a real
mouse click at its place on the page) hides that model's lines in that
chart only and a second click shows them again, hovering over a point
shows its values, and a model's checkbox hides it in every chart.  Two
screenshots are saved (the top of the page, and the hello_throughput chart
with one model hidden and a value shown): DIR/report-top.png and
DIR/report-chart.png, DIR from --screenshots (default
$TMPDIR/tve-report-html).

Run it with /usr/bin/python3 (python3-websockets); scripts/report_html.py
itself runs with `python3`, as the harness runs it.  Output is TAP.
"""

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "chat"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from cdp import (Cdp, Page, Tap, kill_groups, start_chromium,  # noqa: E402
                 stop)
import report_html  # noqa: E402

try:
    import websockets
except ImportError:
    websockets = None


def check_converter(tap):
    out, heads = report_html.convert(
        "# Title\n\nA *b* **c** `x*y<z` [l](#t) <tag> & 5 * 3\n\n"
        "| a | b |\n|---|---:|\n| 1 | `p\\|q` |\n\n"
        "### Claim: A slow backend, (sometimes) -- yes\n", lambda a, s: "")
    tap.check("<em>b</em>" in out and "<strong>c</strong>" in out,
              "converter: italics and bold", [out])
    tap.check("<code>x*y&lt;z</code>" in out,
              "converter: a code span is escaped and holds no markup", [out])
    tap.check('<a href="#t">l</a>' in out and "&lt;tag&gt; &amp; 5 * 3"
              in out, "converter: links; other text escaped", [out])
    tap.check('<td style="text-align:right"><code>p|q</code></td>' in out,
              "converter: table alignment and an escaped pipe", [out])
    tap.check(heads[-1][1] == "claim-a-slow-backend-sometimes----yes",
              "converter: GitHub's heading ids", [repr(heads)])


def check_text(tap, run, page):
    with open(os.path.join(run, "REPORT.md"), encoding="utf-8") as f:
        md = f.read()
    with open(os.path.join(run, "charts", "index.json")) as f:
        index = json.load(f)
    text = re.sub(r"<[^>]+>", "", page)
    missing = [h for h in re.findall(r"^#+ (.*)$", md, re.M)
               if report_html.html.escape(report_html.plain(h),
                                          quote=True) not in text]
    tap.check(not missing, "every heading of REPORT.md is on the page",
              missing[:5])
    tables = len(re.findall(r"^\|? *:?-+:? *(\| *:?-+:? *)*\|? *$", md,
                            re.M))
    tap.check(page.count("<table>") == tables,
              "every table of REPORT.md is on the page (%d)" % tables,
              ["%d tables on the page" % page.count("<table>")])
    verdicts = re.findall(r"\*\*Verdict: (.*?)\*\*", md)
    found = re.findall(r"<strong>Verdict: (.*?)</strong>", page)
    tap.check(verdicts and found == verdicts,
              "the verdicts are on the page, in order (%d)" % len(verdicts),
              ["REPORT.md: %r" % verdicts, "page: %r" % found])
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    broken = [h for h in re.findall(r'href="#([^"]*)"', page)
              if h not in ids]
    tap.check(not broken, "every link inside the page has its target",
              broken[:5])
    toc = re.search(r'<nav id="contents">(.*?)</nav>', page, re.S)
    claims = re.findall(r"^### (Claim: .*)$", md, re.M)
    tap.check(toc and all(report_html.html.escape(c) in toc.group(1)
                          for c in claims),
              "the table of contents lists every claim")
    no_svg = [n for n in index["charts"] if not re.search(
        r'<figure class="chart" id="chart-%s"><svg [^>]*class="gnuplot"'
        % re.escape(n), page)]
    tap.check(not no_svg, "every chart of the index is an interactive SVG "
              "(%d)" % len(index["charts"]), no_svg)
    outside = re.findall(r'(?:src|href)="(?!#|data:)([a-z]+:[^"]*)"', page)
    outside += re.findall(r"<script[^>]* src=|<link [^>]*stylesheet|"
                          r"@import|url\((?!#)", page)
    tap.check(not outside, "the page loads nothing from elsewhere",
              outside[:5])


# In the page: the first data group of a model's line in one chart, by its
# title, and the centre of the key entry that toggles it.
# A line belongs to a model when its title is the model's name, or starts
# with it and a space or colon ("epoll (blocking)", "nginx: 0.4 KiB/conn").
OWNS = """function owns(m, title) {
  return title === m || title.indexOf(m + ' ') === 0 ||
    title.indexOf(m + ':') === 0; }
"""

FIND = OWNS + """(function (chart, model) {
  var svg = document.querySelector('#chart-' + chart + ' svg');
  var g = Array.from(svg.querySelectorAll('g[id^="gnuplot_plot_"]'))
    .find(function (g) {
      var t = g.querySelector(':scope > title');
      return t && owns(model, t.textContent) &&
        !/_keyentry$/.test(g.id); });
  return g ? g.id : null; })(%s, %s)"""

KEY_AT = """(function (chart, id) {
  var svg = document.querySelector('#chart-' + chart + ' svg');
  var k = svg.querySelectorAll('[id="' + id + '_keyentry"]');
  k[0].scrollIntoView({block: 'center'});
  var r = k[0].getBoundingClientRect();
  var x = r.left + r.width / 2, y = r.top + r.height / 2;
  var hit = document.elementFromPoint(x, y);
  return [x, y, !!(hit && hit.closest('[id="' + id + '_keyentry"]'))];
})(%s, %s)"""

VISIBILITY = """(function (chart, id) {
  var svg = document.querySelector('#chart-' + chart + ' svg');
  return svg.getElementById(id).getAttribute('visibility') || 'visible';
})(%s, %s)"""

# [chart, model, other model, a second chart with the first model]: the
# first chart (in the order given) that draws two models of the checkbox
# row, each with hover targets; epoll and thread-pool when it has them.
PICK = OWNS + """(function (names) {
  var models = Array.from(document.querySelectorAll('#models input'),
                          function (b) { return b.dataset.model; });
  function drawn(n) {
    var svg = document.querySelector('#chart-' + n + ' svg');
    if (!svg) return [];
    return models.filter(function (m) {
      return Array.from(svg.querySelectorAll('g[id^="gnuplot_plot_"]'))
        .some(function (g) {
          var t = g.querySelector(':scope > title');
          return t && owns(m, t.textContent) &&
            g.querySelector('use[opacity]'); }); });
  }
  for (var i = 0; i < names.length; i++) {
    var d = drawn(names[i]);
    if (d.length < 2) continue;
    var m = d.indexOf('epoll') >= 0 ? 'epoll' : d[0];
    var o = d.indexOf('thread-pool') >= 0 ? 'thread-pool' :
      d.filter(function (x) { return x !== m; })[0];
    for (var j = 0; j < names.length; j++)
      if (j !== i && drawn(names[j]).indexOf(m) >= 0)
        return [names[i], m, o, names[j]];
  }
  return null; })(%s)"""

# A hover target (an invisible point of a line) that the mouse reaches
# there: its centre, in the viewport.
HOVER_AT = """(function (chart, id) {
  var svg = document.querySelector('#chart-' + chart + ' svg');
  var groups = [svg.getElementById(id)].concat(Array.from(
    svg.querySelectorAll('g[id^="gnuplot_plot_"]')));
  for (var pass = 0; pass < 2; pass++) {
    for (var k = 0; k < groups.length; k++) {
      var targets = groups[k].querySelectorAll('use[opacity]');
      var t = groups[k].querySelector(':scope > title');
      for (var i = 0; i < targets.length; i++) {
        if (pass) targets[i].scrollIntoView({block: 'center'});
        var r = targets[i].getBoundingClientRect();
        var x = r.left + r.width / 2, y = r.top + r.height / 2;
        if (document.elementFromPoint(x, y) === targets[i])
          return [x, y, t ? t.textContent : ''];
      }
    }
  }
  return null; })(%s, %s)"""

HOVER_TEXT = """(function (chart) {
  var svg = document.querySelector('#chart-' + chart + ' svg');
  var t = svg.getElementById('hypertext');
  return [t.getAttribute('visibility'), t.textContent]; })(%s)"""


async def mouse(page, kind, x, y):
    params = {"type": kind, "x": x, "y": y}
    if kind != "mouseMoved":
        params.update(button="left", clickCount=1)
    await page.call("Input.dispatchMouseEvent", params)


async def click_at(page, x, y):
    await mouse(page, "mouseMoved", x, y)
    await mouse(page, "mousePressed", x, y)
    await mouse(page, "mouseReleased", x, y)


def js_args(*args):
    return tuple(json.dumps(a) for a in args)


async def browse(tap, cdp, url, index, shots, timeout):
    page = await Page.open(cdp, "report", url)
    await page.call("Log.enable")
    ready = await page.wait_for("document.body && "
                                "document.body.dataset.ready === 'yes'",
                                timeout)
    tap.check(ready, "the page loads and its script sets up the charts",
              [str(await page.js("document.readyState"))])
    events = cdp.events.get(page.session, [])
    errors = page.exceptions() + [
        json.dumps(e["params"]) for e in events
        if (e.get("method") == "Runtime.consoleAPICalled"
            and e["params"].get("type") == "error")
        or (e.get("method") == "Log.entryAdded"
            and e["params"]["entry"].get("level") == "error")]
    tap.check(not errors, "no JavaScript exception or console error",
              errors[:5])
    names = index["charts"]
    taken = await page.js(
        "%s.filter(function (n) { var s = document.querySelector("
        "'#chart-' + n + ' svg'); return !(s && s.gnuplot); })"
        % json.dumps(names))
    tap.check(taken == [], "gnuplot_svg.js has taken every chart of the "
              "index (%d)" % len(names), ["not taken: %r" % taken])

    # hello_throughput's epoll and thread-pool (hello_p99 beside), or in
    # another run the first chart with two models of the checkbox row.
    pick = await page.js(PICK % json.dumps(
        ["hello_throughput"] + [n for n in names if n != "hello_throughput"]))
    if not tap.check(pick, "a chart draws two models of the checkbox row"):
        return
    chart, model, other, chart2 = pick
    gid = await page.js(FIND % js_args(chart, model))
    oid = await page.js(FIND % js_args(chart, other))
    gid2 = await page.js(FIND % js_args(chart2, model))
    if not tap.check(gid and oid and gid2, "the %s chart draws %s and %s"
                     % (chart, model, other), [repr((gid, oid, gid2))]):
        return
    x, y, on_key = await page.js(KEY_AT % js_args(chart, gid))
    tap.check(on_key, "%s's key entry is where the mouse clicks" % model)
    await click_at(page, x, y)
    vis = [await page.js(VISIBILITY % js_args(*a)) for a in
           ((chart, gid), (chart, oid), (chart2, gid2))]
    tap.check(vis == ["hidden", "visible", "visible"],
              "clicking %s in the key hides its lines in that chart only"
              % model, ["%s, %s, %s in %s: %r"
                        % (model, other, model, chart2, vis)])
    # The whole chart in view under the checkbox row, for the screenshot.
    await page.js("(function () { var f = document.getElementById("
                  "'chart-%s'); f.scrollIntoView(); window.scrollBy(0, "
                  "-document.getElementById('models').offsetHeight - 8); "
                  "})()" % chart)
    at = await page.js(HOVER_AT % js_args(chart, oid))
    shown = None
    if at:
        await mouse(page, "mouseMoved", at[0], at[1])
        shown = await page.wait_until(
            lambda: page.js(HOVER_TEXT % js_args(chart)), timeout)
    # The first line's points may all lie under another's (the same
    # value): then a point of another line is hovered.
    line = at[2] if at else other
    tap.check(at and shown and shown[0] == "visible"
              and shown[1].startswith(line)
              and re.search(r"\d", shown[1][len(line):]),
              "hovering over a point of %s shows its values" % line,
              ["hover target at %r, hypertext %r" % (at, shown)])
    if shots:
        os.makedirs(shots, exist_ok=True)
        path = os.path.join(shots, "report-chart.png")
        await page.screenshot(path)
        tap.note("screenshot of %s (%s hidden, %s's value shown): %s"
                 % (chart, model, line, path))
    await mouse(page, "mouseMoved", 1, 1)
    x, y, on_key = await page.js(KEY_AT % js_args(chart, gid))
    await click_at(page, x, y)
    tap.check(await page.js(VISIBILITY % js_args(chart, gid)) == "visible",
              "a second click on the key entry shows %s again" % model)

    # The checkbox row: one click hides a model in every chart.
    count = OWNS + """(function (m, want) {
      var n = 0, of = 0;
      document.querySelectorAll('svg.gnuplot').forEach(function (svg) {
        var seen = {};
        svg.querySelectorAll('g[id^="gnuplot_plot_"]').forEach(function (g) {
          var t = g.querySelector(':scope > title');
          if (seen[g.id] || !t || !owns(m, t.textContent)) return;
          seen[g.id] = 1; of++;
          if ((g.getAttribute('visibility') || 'visible') === want) n++;
        });
      });
      return [n, of]; })(%s, %s)"""
    box = "#models input[data-model=%s]" % json.dumps(model)
    await page.js("window.scrollTo(0, 0)")
    await page.click(box)
    hidden, lines = await page.js(count % js_args(model, "hidden"))
    tap.check(lines > 5 and hidden == lines,
              "the %s checkbox hides its lines in every chart" % model,
              ["%d of %d hidden" % (hidden, lines)])
    await page.click(box)
    shown, lines = await page.js(count % js_args(model, "visible"))
    tap.check(shown == lines, "... and a second click shows them again",
              ["%d of %d visible" % (shown, lines)])
    if shots:
        path = os.path.join(shots, "report-top.png")
        await page.screenshot(path)
        tap.note("screenshot of the top of the page: %s" % path)
    errors = page.exceptions()
    tap.check(not errors, "no JavaScript exception while clicking",
              errors[:5])


async def main(args):
    tap = Tap()
    check_converter(tap)
    tmp = tempfile.mkdtemp(prefix="tve-report-html-")
    profile = os.path.join(tmp, "profile")
    run = os.path.join(tmp, "run")
    procs = []
    try:
        shutil.copytree(args.run, run,
                        ignore=shutil.ignore_patterns("*.tar.xz"))
        r = subprocess.run(["python3", os.path.join(ROOT, "scripts",
                                                    "report_html.py"), run],
                           capture_output=True, text=True, timeout=120)
        out = os.path.join(run, "REPORT.html")
        if not tap.check(r.returncode == 0 and os.path.isfile(out)
                         and not r.stderr.strip(),
                         "report_html.py writes REPORT.html, no warning",
                         [r.stdout, r.stderr]):
            return 1
        with open(out, encoding="utf-8") as f:
            page = f.read()
        with open(os.path.join(run, "charts", "index.json")) as f:
            index = json.load(f)
        check_text(tap, run, page)
        if websockets is None or not shutil.which(args.chromium):
            tap.check(False, "chromium and python3-websockets are there",
                      ["run with /usr/bin/python3; scripts/install-deps "
                       "installs both"])
            return 1
        said = []
        browser, devtools = await start_chromium(
            args.chromium, profile, args.timeout, said, window="1200,900")
        procs.append(browser)
        ws = await asyncio.wait_for(
            websockets.connect(devtools, max_size=None), args.timeout)
        cdp = Cdp(ws, args.timeout)
        try:
            await browse(tap, cdp, "file://" + out, index, args.screenshots,
                         args.timeout)
        except (OSError, RuntimeError, EOFError, asyncio.TimeoutError,
                websockets.ConnectionClosed) as e:
            tap.check(False, "drive the page over DevTools",
                      ["%s: %s" % (type(e).__name__, e)] + said[-10:])
        finally:
            try:
                await asyncio.wait_for(cdp.call("Browser.close"), 2)
            except Exception:
                pass
            await cdp.close()
    finally:
        for proc in procs:
            await stop(proc)
        kill_groups()
        shutil.rmtree(tmp, ignore_errors=True)
        print("1..%d" % tap.n, flush=True)
    return 1 if tap.failed else 0


def parse_args():
    p = argparse.ArgumentParser(
        description="scripts/report_html.py on a copy of a run, checked as "
        "text and in headless chromium (TAP output).")
    p.add_argument("--run", default=os.path.join(ROOT, "results",
                                                 "reference"),
                   help="the run to copy (default: results/reference)")
    p.add_argument("--screenshots", metavar="DIR",
                   default=os.path.join(tempfile.gettempdir(),
                                        "tve-report-html"),
                   help="where the screenshots go (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=20,
                   help="seconds for each wait (default 20)")
    p.add_argument("--chromium", default="chromium",
                   help="the browser to run (default: chromium)")
    return p.parse_args()


if __name__ == "__main__":
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        rc = asyncio.run(main(args))
    finally:
        kill_groups()
    sys.exit(rc)
