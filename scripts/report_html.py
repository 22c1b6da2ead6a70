#!/usr/bin/env python3
"""report_html.py - REPORT.html beside a run's REPORT.md: one page to open in
a browser, with the charts interactive.

    scripts/report_html.py results/<run-id>     (writes <run>/REPORT.html)

The page holds the same sections, verdicts and tables as REPORT.md (it is
REPORT.md converted), a table of contents, and every chart of the run's
chart index (charts/index.json) as an SVG that gnuplot itself redraws from
the chart's script (charts/<name>.gp) with its `svg mouse standalone`
terminal.  The JavaScript that makes those SVGs interactive is the
gnuplot_svg.js Debian's gnuplot ships, inlined once: clicking a model in a
key hides or shows its lines, hovering over a point shows its values,
clicking the plot shows the mouse's coordinates, dragging pans and the right
button resets.  A row of checkboxes hides one model in every chart at once.

The page is self-contained: no network, no build step, nothing to install.
It links to the run's other files (manifest.md, the CSVs) as REPORT.md
does.  REPORT.md and the PNGs are left as they are.

Why a converter of our own instead of python3-markdown: the harness runs
with the pyenv python3, which does not see Debian's Python packages, and
REPORT.md uses a small fixed subset (headings, paragraphs, pipe tables,
images, links, bold, italics, inline code), which fits in a page of code
here; the ids it gives headings are GitHub's, so REPORT.md's own
#claim-... links work on the page too.
"""
import argparse
import base64
import glob
import html
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

# The font the run's own SVGs and PNGs are drawn in (scripts/charts.py).
FONT = "Sans,11"
# Every chart's script keeps the run's data inline, so gnuplot is quick;
# this only bounds a gnuplot that hangs.
GNUPLOT_TIMEOUT_S = 60


# ------------------------------------------------------------ Markdown --

def slug(text, seen):
    """GitHub's anchor for a heading: lower case, punctuation dropped,
    spaces to hyphens, -1, -2, ... for repeats.  REPORT.md links to its
    claims this way."""
    s = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
    n = seen.get(s, 0)
    seen[s] = n + 1
    return s if n == 0 else f"{s}-{n}"


def plain(md):
    """The text of a Markdown fragment without its markup."""
    md = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", md)
    return re.sub(r"[`*]", "", md)


INLINE = [
    (re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)"),
     r'<img alt="\1" src="\2">'),
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), r'<a href="\2">\1</a>'),
    (re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"),
     r"<em>\1</em>"),
]


def inline(md):
    """One line of Markdown to HTML: code spans first (nothing inside them
    is markup), then images, links, bold and italics, with the text
    escaped."""
    out = []
    for i, part in enumerate(re.split(r"(`[^`]*`)", md)):
        if i % 2:
            out.append("<code>%s</code>" % html.escape(part[1:-1]))
            continue
        part = html.escape(part, quote=True)
        for pattern, repl in INLINE:
            part = pattern.sub(repl, part)
        out.append(part)
    return "".join(out)


def table_cells(line):
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [c.strip().replace("\\|", "|")
            for c in re.split(r"(?<!\\)\|", line)]


SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
IMAGE_ALONE = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)\)$")


def convert(md, image):
    """REPORT.md's Markdown to HTML.  image(alt, src) returns the HTML for
    an image that stands alone in its paragraph (a chart).  Returns the
    HTML and the headings as (level, id, text)."""
    lines = md.split("\n")
    out, headings, seen = [], [], {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if m:
            level, text = len(m.group(1)), m.group(2)
            hid = slug(plain(text), seen)
            headings.append((level, hid, plain(text)))
            out.append(f'<h{level} id="{hid}">{inline(text)}</h{level}>')
            i += 1
            continue
        if line.startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            out.append("<pre><code>%s</code></pre>"
                       % html.escape("\n".join(lines[i + 1:j])))
            i = j + 1
            continue
        if (line.lstrip().startswith("|") and i + 1 < len(lines)
                and SEPARATOR.match(lines[i + 1])):
            out.append(table(lines, i))
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                i += 1
            continue
        m = re.match(r"^\s*([-*]|\d+\.)\s+", line)
        if m:
            tag = "ol" if m.group(1)[0].isdigit() else "ul"
            items = []
            while i < len(lines) and re.match(r"^\s*([-*]|\d+\.)\s+",
                                              lines[i]):
                items.append(re.sub(r"^\s*([-*]|\d+\.)\s+", "", lines[i]))
                i += 1
            out.append(f"<{tag}>" + "".join(f"<li>{inline(t)}</li>"
                                            for t in items) + f"</{tag}>")
            continue
        para = []
        while i < len(lines) and lines[i].strip() and not re.match(
                r"^(#{1,6}\s|```|\s*\|)", lines[i]):
            para.append(lines[i].strip())
            i += 1
        if not para:  # a lone "|" line that is not a table
            para.append(lines[i].strip())
            i += 1
        text = " ".join(para)
        m = IMAGE_ALONE.match(text)
        if m:
            out.append(image(m.group(1), m.group(2)))
        else:
            out.append(f"<p>{inline(text)}</p>")
    return "\n".join(out) + "\n", headings


def table(lines, i):
    head = table_cells(lines[i])
    aligns = []
    for c in table_cells(lines[i + 1]):
        if c.startswith(":") and c.endswith(":"):
            aligns.append("center")
        elif c.endswith(":"):
            aligns.append("right")
        else:
            aligns.append("")

    def cell(tag, k, text):
        a = aligns[k] if k < len(aligns) else ""
        style = f' style="text-align:{a}"' if a else ""
        return f"<{tag}{style}>{inline(text)}</{tag}>"

    rows = ["<tr>" + "".join(cell("th", k, c) for k, c in enumerate(head))
            + "</tr>"]
    j = i + 2
    while j < len(lines) and lines[j].lstrip().startswith("|"):
        cells = table_cells(lines[j])
        rows.append("<tr>" + "".join(cell("td", k, c)
                                     for k, c in enumerate(cells)) + "</tr>")
        j += 1
    return ('<div class="table"><table>\n<thead>' + rows[0] + "</thead>\n"
            "<tbody>\n" + "\n".join(rows[1:]) + "\n</tbody></table></div>")


def toc(headings):
    """The table of contents: the sections (##) and their charts and
    claims (###)."""
    out = ['<nav id="contents"><details open><summary>Contents</summary>',
           "<ul>"]
    open_sub = False
    for level, hid, text in headings:
        if level == 2:
            if open_sub:
                out.append("</ul></li>")
                open_sub = False
            out.append(f'<li><a href="#{hid}">{html.escape(text)}</a>')
            out.append("<ul>")
            open_sub = True
        elif level == 3 and open_sub:
            out.append(f'<li><a href="#{hid}">{html.escape(text)}</a></li>')
    if open_sub:
        out.append("</ul></li>")
    out.append("</ul></details></nav>")
    # Sections without sub-headings leave an empty list behind.
    return "\n".join(out).replace("<ul>\n</ul>", "")


# -------------------------------------------------------------- charts --

PLOT_CLAUSE = re.compile(
    r"^(?P<data>\$\w+) using (?P<x>\d+):(?P<y>\d+)(?::(?P<lo>\d+):"
    r"(?P<hi>\d+))? with (?P<style>\w+)\b.*\btitle \"(?P<title>"
    r"(?:[^\"\\]|\\.)*)\"$")
QUOTED = r"\"((?:[^\"\\]|\\.)*)\""


def hover_text(s):
    """A label for a gnuplot hypertext: no characters that end gnuplot's
    string, the SVG attribute or the plug-in's quoting, and % doubled for
    sprintf."""
    s = re.sub(r"\\(.)", r"\1", s)
    s = re.sub(r"[\"'\\<>&]", "", s)
    return s.replace("%", "%%")


def axis_label(s):
    """An axis label for a hover text: "(ms, log scale)" says "(ms)"."""
    s = re.sub(r",\s*log scale[^),]*", "", s)
    s = re.sub(r"\s*\(log scale[^)]*\)", "", s)
    return s.strip()


def add_hover(script):
    """The chart's gnuplot script with a hover target for every point of
    every line: after each plot command's own plots come invisible points
    `with labels hypertext` over the same data (a line's hover text says
    its title, y and x, and the range over repetitions when there is one).
    Returns the script and, per plot command, {hover plot number: line plot
    number} (gnuplot numbers the plots of a command from 1)."""
    out, owners = [], []
    labels = {"title": "", "xlabel": "", "ylabel": ""}
    multiplot = False
    lines = script.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^set (title|xlabel|ylabel) " + QUOTED, line)
        if m:
            labels[m.group(1)] = m.group(2)
        multiplot = multiplot or line.startswith("set multiplot")
        if not line.startswith("plot "):
            out.append(line)
            i += 1
            continue
        clauses = [line[5:]]
        while clauses[-1].rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            clauses.append(lines[i])
        i += 1
        clauses = [re.sub(r",\s*\\\s*$", "", c).strip() for c in clauses]
        hovers, owner = [], {}
        for n, clause in enumerate(clauses, 1):
            m = PLOT_CLAUSE.match(clause)
            if not m or m.group("style") == "points":
                continue
            name = hover_text(m.group("title"))
            # In a chart of several panels, say which panel.
            panel = labels["title"] if multiplot else ""
            y = hover_text(axis_label(labels["ylabel"])) or "y"
            x = hover_text(axis_label(labels["xlabel"])) or "x"
            head = name + (f" ({hover_text(panel)})" if panel else "")
            fmt = f"{head}\\n{y}: %.6g\\n{x}: %.6g"
            cx, cy = "$" + m.group("x"), "$" + m.group("y")
            if m.group("lo"):
                lo, hi = "$" + m.group("lo"), "$" + m.group("hi")
                text = (f'({lo} != {hi} ? sprintf("{fmt}\\nrepetitions: '
                        f'%.6g to %.6g", {cy}, {cx}, {lo}, {hi}) : '
                        f'sprintf("{fmt}", {cy}, {cx}))')
            else:
                text = f'(sprintf("{fmt}", {cy}, {cx}))'
            hovers.append(f"{m.group('data')} using {m.group('x')}:"
                          f"{m.group('y')}:{text} with labels hypertext "
                          f"point pt 7 ps 1.8 lc rgb '#FF000000' notitle")
            owner[len(clauses) + len(hovers)] = n
        owners.append(owner)
        out.append("plot " + ", \\\n     ".join(clauses + hovers))
    return "\n".join(out), owners


def svg_size(charts_dir, name):
    """The chart's size as the run drew it (its SVG's viewBox)."""
    try:
        with open(os.path.join(charts_dir, name + ".svg")) as f:
            head = f.read(2000)
        m = re.search(r'viewBox="0 0 (\d+) (\d+)"', head)
        if m:
            return int(m.group(1)), int(m.group(2))
    except OSError:
        pass
    return 900, 560


def redraw(charts_dir, name):
    """gnuplot's interactive SVG of one chart, as text; raises
    RuntimeError when gnuplot cannot draw it."""
    with open(os.path.join(charts_dir, name + ".gp")) as f:
        script, owners = add_hover(f.read())
    width, height = svg_size(charts_dir, name)
    term = (f"set terminal svg mouse standalone size {width},{height} "
            f"dynamic enhanced font '{FONT}' background rgb 'white'\n"
            "set output\n")
    try:
        r = subprocess.run(["gnuplot"], input=term + script, text=True,
                           capture_output=True, cwd=charts_dir,
                           timeout=GNUPLOT_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise RuntimeError(f"gnuplot: {e}")
    if r.returncode != 0 or "<svg" not in r.stdout:
        raise RuntimeError("gnuplot failed: " + r.stderr.strip()[-300:])
    return adopt(r.stdout, owners, name)


def adopt(svg_text, owners, name):
    """Makes gnuplot's standalone SVG fit in the page: its copy of
    gnuplot_svg.js goes (the page holds one for every chart; the element
    stays empty, as the plug-in reads its settings from the SVG's second
    script), and each hover plot moves into the group of the line it
    belongs to, so hiding a model hides its hover targets too."""
    root = ET.fromstring(svg_text.encode())
    scripts = root.findall(f"{{{SVG_NS}}}script")
    if scripts:
        scripts[0].text = ""
    parent = {c: p for p in root.iter() for c in p}
    groups = {}  # (panel suffix, number) -> the groups with that id
    panels = []  # panel suffixes, in order: one per plot command
    for g in root.iter(f"{{{SVG_NS}}}g"):
        m = re.match(r"^gnuplot_plot_(\d+)([a-z]*)$", g.get("id", ""))
        if m:
            key = (m.group(2), int(m.group(1)))
            groups.setdefault(key, []).append(g)
            if m.group(2) not in panels:
                panels.append(m.group(2))
    for panel, owner in zip(panels, owners):
        for hover, line in owner.items():
            targets = groups.get((panel, line))
            for k, g in enumerate(groups.get((panel, hover), [])):
                if k == 0 and targets:
                    for child in list(g):
                        if child.tag != f"{{{SVG_NS}}}title":
                            targets[0].append(child)
                parent[g].remove(g)
    root.set("class", "gnuplot")
    root.set("data-chart", name)
    return ET.tostring(root, encoding="unicode")


def gnuplot_js():
    """The gnuplot_svg.js Debian's gnuplot ships."""
    found = sorted(glob.glob("/usr/share/gnuplot*/**/js/gnuplot_svg.js",
                             recursive=True))
    if not found:
        raise RuntimeError("gnuplot_svg.js not found under /usr/share/"
                           "gnuplot*/ (Debian's gnuplot-data ships it)")
    with open(found[-1]) as f:
        js = f.read()
    # Inlined in an HTML <script>, the text must not close the element.
    return js.replace("</script", "<\\/script")


class Charts:
    """The images of REPORT.md, turned into the page's charts: the first
    mention of a chart of the index becomes its interactive SVG, a later
    one a link to it; a picture that is not in the index is inlined as a
    data: URI; a missing one is said to be missing."""

    def __init__(self, run_dir, index):
        self.run_dir = run_dir
        self.charts_dir = os.path.join(run_dir, "charts")
        self.index = index
        self.names = list(index.get("charts", []))
        self.titles = index.get("titles", {})
        self.drawn = {}
        self.problems = []

    def __call__(self, alt, src):
        m = re.match(r"^charts/([\w.-]+)\.(png|svg)$", src)
        name = m.group(1) if m else None
        if name in self.names:
            title = html.escape(self.titles.get(name, name))
            if name in self.drawn:
                return (f'<p class="chart-ref"><a href="#chart-{name}">'
                        f"Chart: {title}</a> (drawn above)</p>")
            self.drawn[name] = True
            return self.figure(name, title)
        path = os.path.join(self.run_dir, src)
        if os.path.isfile(path):
            return '<figure class="chart">%s</figure>' % data_img(path, alt)
        return (f'<p class="chart-missing">(No chart {html.escape(alt)}: '
                "it was not drawn in this run.)</p>")

    def figure(self, name, title):
        try:
            if not shutil.which("gnuplot"):
                raise RuntimeError("gnuplot is not installed")
            body = redraw(self.charts_dir, name)
        except (OSError, RuntimeError, ET.ParseError) as e:
            self.problems.append(f"{name}: {e}")
            png = os.path.join(self.charts_dir, name + ".png")
            body = (data_img(png, name) if os.path.isfile(png) else "")
            body += ('<p class="chart-missing">(Not interactive: %s)</p>'
                     % html.escape(str(e)))
        return (f'<figure class="chart" id="chart-{name}">{body}'
                f"<figcaption>{title} · <code>{name}</code></figcaption>"
                "</figure>")

    def rest(self):
        """Charts of the index that REPORT.md does not show."""
        left = [n for n in self.names if n not in self.drawn]
        if not left:
            return ""
        out = ['<h2 id="other-charts">Other charts</h2>']
        for name in left:
            self.drawn[name] = True
            out.append(self.figure(name, html.escape(
                self.titles.get(name, name))))
        return "\n".join(out)


def data_img(path, alt):
    kind = "image/svg+xml" if path.endswith(".svg") else "image/png"
    with open(path, "rb") as f:
        data = base64.b64encode(f.read()).decode()
    return (f'<img alt="{html.escape(alt)}" '
            f'src="data:{kind};base64,{data}">')


# ---------------------------------------------------------------- page --

# Lines and points drawn later would cover the hover targets of the lines
# drawn before them: only the hover targets and the key entries take the
# mouse.
STYLE = """
body{font:15px/1.45 sans-serif;margin:0 auto;max-width:1400px;
  padding:0 1.2em 3em;color:#222}
h1{margin-top:.8em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;
  margin-top:2em}h3{margin-top:1.6em}
code{background:#f3f3f3;padding:0 .2em;border-radius:3px}
.table{overflow-x:auto}
table{border-collapse:collapse;margin:.6em 0;font-size:13px}
th,td{border:1px solid #ccc;padding:.2em .5em;vertical-align:top}
th{background:#f3f3f3}tbody tr:nth-child(even){background:#fafafa}
figure.chart{margin:.8em 0}figure.chart svg{width:100%;height:auto;
  display:block;border:1px solid #ddd}
figure.chart img{max-width:100%}
svg.gnuplot path,svg.gnuplot use{pointer-events:none}
svg.gnuplot [id$="_keyentry"] path,svg.gnuplot [id$="_keyentry"] use,
svg.gnuplot use[opacity]{pointer-events:auto}
figcaption{font-size:13px;color:#555}
.chart-missing{color:#a00}
#contents ul{margin:.2em 0}#contents li{margin:.1em 0}
#models{position:sticky;top:0;z-index:2;background:#fff;
  border-bottom:1px solid #ccc;padding:.3em 0;font-size:13px}
#models label{margin-right:.8em;white-space:nowrap}
#models .hint,.hint{color:#666}
"""

# After gnuplot_svg.js has set up every chart (on the window's load):
# the model checkboxes, and two changes to how the charts take the mouse
# and keyboard.  The plug-in zooms a chart on the wheel and pans it on the
# arrow keys; in a long page that would take over scrolling, so the wheel
# zooms only with Shift held and the keys scroll the page.
SCRIPT = r"""
(function () {
  var MODELS = %s;
  function owner(title) {
    var best = null;
    MODELS.forEach(function (m) {
      if ((title === m || title.indexOf(m + ' ') === 0 ||
           title.indexOf(m + ':') === 0) &&
          (best === null || m.length > best.length)) best = m;
    });
    return best;
  }
  window.addEventListener('wheel', function (evt) {
    if (!evt.shiftKey) evt.stopPropagation();
  }, true);
  window.addEventListener('keydown', function (evt) {
    if (evt.target === document.body) evt.stopPropagation();
  }, true);
  window.addEventListener('load', function () {
    var lines = {};  // model -> [[svg, group id], ...]
    document.querySelectorAll('svg.gnuplot').forEach(function (svg) {
      var seen = {};
      svg.querySelectorAll('g[id^="gnuplot_plot_"]').forEach(function (g) {
        if (seen[g.id] || /_keyentry$/.test(g.id)) return;
        seen[g.id] = true;
        var t = g.querySelector(':scope > title');
        var m = t && owner(t.textContent);
        if (m) (lines[m] = lines[m] || []).push([svg, g.id]);
      });
    });
    var bar = document.getElementById('models');
    var shown = MODELS.filter(function (m) { return lines[m]; });
    if (!shown.length) { bar.remove(); return; }
    shown.forEach(function (m) {
      var label = document.createElement('label');
      var box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = true;
      box.dataset.model = m;
      box.addEventListener('change', function () {
        lines[m].forEach(function (l) {
          if (l[0].gnuplot) l[0].gnuplot.key(l[1] + '_keyentry', box.checked);
        });
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + m));
      bar.appendChild(label);
    });
    document.body.dataset.ready = 'yes';
  });
})();
"""


HINT = ("<p class=\"hint\">In the charts: click a model in a key to hide or "
        "show its lines (the checkboxes above do it in every chart), hover "
        "over a point for its values, click the plot for the mouse's "
        "coordinates, drag to pan, Shift+wheel to zoom, right click to "
        "reset.</p>\n")


def models_of(run_dir):
    """The run's models in the manifest's order, then any others the
    summary names (peers), for the checkboxes."""
    order = []
    try:
        with open(os.path.join(run_dir, "manifest.json")) as f:
            order = list(json.load(f).get("parameters", {}).get("models")
                         or [])
    except (OSError, ValueError):
        pass
    try:
        import csv
        with open(os.path.join(run_dir, "summary.csv"), newline="") as f:
            for r in csv.DictReader(f):
                if r.get("model") and r["model"] not in order:
                    order.append(r["model"])
    except OSError:
        pass
    return order


def build(run_dir):
    """The page's HTML and the problems met (charts left static)."""
    with open(os.path.join(run_dir, "REPORT.md"), encoding="utf-8") as f:
        md = f.read()
    try:
        with open(os.path.join(run_dir, "charts", "index.json")) as f:
            index = json.load(f)
    except (OSError, ValueError):
        index = {}
    charts = Charts(run_dir, index)
    body, headings = convert(md, charts)
    body += charts.rest()
    if charts.names and charts.names[-1] in charts.drawn and \
            "other-charts" in body:
        headings.append((2, "other-charts", "Other charts"))
    nav = toc(headings)
    # The contents go after the title and the run's first paragraph.
    cut = body.find("</p>")
    cut = cut + len("</p>\n") if cut >= 0 else 0
    body = body[:cut] + nav + "\n" + HINT + body[cut:]
    title = headings[0][2] if headings else "benchmark report"
    run = os.path.basename(os.path.normpath(run_dir))
    page = ("<!doctype html>\n<html lang=\"en\">\n<head>\n"
            "<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width\">\n"
            f"<title>{html.escape(title)}: {html.escape(run)}</title>\n"
            f"<style>{STYLE}</style>\n"
            f"<script>\n{gnuplot_js()}\n</script>\n"
            "<script>\n" + SCRIPT % json.dumps(models_of(run_dir))
            + "</script>\n</head>\n<body>\n"
            '<div id="models"><span class="hint">Show in every chart: '
            "</span></div>\n" + body + "</body>\n</html>\n")
    return page, charts.problems


def write(run_dir):
    page, problems = build(run_dir)
    out = os.path.join(run_dir, "REPORT.html")
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, out)
    for p in problems:
        print(f"report_html: chart left as a picture: {p}", file=sys.stderr)
    return out, problems


def main():
    p = argparse.ArgumentParser(
        description="Write RUN_DIR/REPORT.html: REPORT.md as one "
        "self-contained page, with a table of contents and the run's "
        "charts redrawn by gnuplot as interactive SVG (click a key entry "
        "to hide a model, hover a point for its values).")
    p.add_argument("run_dir", metavar="RUN_DIR",
                   help="a run folder, e.g. results/reference (it must "
                   "hold REPORT.md; charts/index.json and charts/*.gp "
                   "give the charts)")
    args = p.parse_args()
    if not os.path.isfile(os.path.join(args.run_dir, "REPORT.md")):
        p.error(f"{args.run_dir}: no REPORT.md there (is it a run folder?)")
    try:
        out, problems = write(args.run_dir)
    except (OSError, RuntimeError) as e:
        print(f"report_html: {e}", file=sys.stderr)
        return 1
    print(f"wrote {out}" + (f" ({len(problems)} chart(s) not interactive)"
                            if problems else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
