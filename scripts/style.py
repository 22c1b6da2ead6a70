"""style.py - one fixed colour and point type per model, shared by every chart.

A model keeps its colour in every chart of every run, so a reader learns it
once.  A model that is not in the table (a new one added to the Makefile's
MODELS) takes the next spare colour in the order the Makefile lists it, so
adding a model never needs an edit here; add a line to MODEL_STYLE to fix it.
Variants of a model (--blocking, a small --stack-kib, the closed-loop
reference in the latency chart) keep the model's colour and point type and
change the dash pattern.
"""

# model: (colour, gnuplot point type).  Point types: 4 empty square,
# 5 filled square, 6 empty circle, 7 filled circle, 8 empty triangle,
# 9 filled triangle, 10 empty down-triangle, 11 filled down-triangle,
# 12 empty diamond, 13 filled diamond, 14 empty pentagon, 15 filled
# pentagon.  The twelve models come in three families, one hue each, so a
# reader sees the families before the models: processes and threads in
# blues, readiness loops in reds, oranges and browns, completion rings and
# coroutines in purples and magenta.  Within a family the point types
# differ.
MODEL_STYLE = {
    # processes and threads
    "process-per-conn": ("#08306b", 4),
    "thread-per-conn": ("#1f77b4", 5),
    "thread-pool": ("#6baed6", 7),
    # readiness loops
    "select": ("#ff7f0e", 9),
    "poll": ("#b15928", 8),
    "epoll": ("#d62728", 11),
    "epoll-per-core": ("#8b0000", 10),
    "libev": ("#8c564b", 15),
    "libevent": ("#e6a06a", 14),
    # completion and coroutines
    "libuv": ("#9467bd", 13),
    "io-uring": ("#3f007d", 12),
    "coroutines": ("#e377c2", 6),
    # Peers (servers/peers/).  Python peers: golds and ambers (Python's
    # yellow), marked +, x, * and open shapes.
    "py-threads": ("#7f6000", 1),
    "py-asyncio": ("#e69f00", 2),
    "py-uvloop": ("#f2c14e", 3),
    "py-gevent": ("#c28f00", 6),
    "py-tornado": ("#a67c2e", 8),
    "py-twisted": ("#d9b84a", 12),
    # The servers Python programs are deployed on (several worker
    # processes behind a launcher): Python's yellows turned olive for
    # the sync workers (process pools), gold to burnt orange for the
    # async ones.
    "gunicorn-sync": ("#5f5f00", 4),
    "uwsgi": ("#9e9a00", 5),
    "gunicorn-gevent": ("#8a6a3a", 10),
    "uvicorn": ("#ffcc00", 13),
    "aiohttp": ("#cc6600", 11),
    # Real web servers: teals and sea greens; the Apache MPMs from dark
    # (prefork) to light (event).
    "nginx": ("#009e73", 7),
    "lighttpd": ("#8fd3b6", 9),
    "apache-prefork": ("#00403a", 5),
    "apache-worker": ("#00756a", 11),
    "apache-event": ("#26a69a", 13),
}
SPARE_STYLES = [("#e377c2", 4), ("#7f7f7f", 6), ("#bcbd22", 8),
                ("#17becf", 10), ("#000080", 12), ("#808000", 14)]

# variant: gnuplot dash type (1 solid, 2 dashed, 3 dotted, 4 dash-dot).
VARIANT_DASH = {"": 1, "timer": 1, "blocking": 2, "stack64k": 3,
                "offload": 3, "closed-loop": 4, "capacity": 4,
                # py-asyncio's database drivers (the pydriver lesson).
                "async": 1, "executor": 3,
                # A web server sized in advance (webservers, --sized N).
                "sized": 2}
PREDICTION_COLOUR = "#404040"

# A client measured on its own, not a model (results.client_only): what it
# stands for, and a style no model or spare takes (black, dashed, open
# stars), so "the database alone" never reads as one more server.
CLIENT_ROLE = {"pgbench": "the database alone"}
CLIENT_COLOUR, CLIENT_POINT = "#000000", 3


def client_title(name):
    """ "pgbench: the database alone"."""
    return f"{name}: {CLIENT_ROLE.get(name, 'the client alone')}"


def client_style(name=""):
    """A gnuplot style clause for a client measured on its own."""
    return (f'lc rgb "{CLIENT_COLOUR}" pt {CLIENT_POINT} dt 2 lw 2 '
            "ps 1.6")


def model_style(model, all_models=()):
    """Returns (colour, point type) for a model."""
    if model in MODEL_STYLE:
        return MODEL_STYLE[model]
    extra = [m for m in all_models if m not in MODEL_STYLE]
    i = extra.index(model) if model in extra else abs(hash(model))
    return SPARE_STYLES[i % len(SPARE_STYLES)]


def series_style(model, variant="", all_models=()):
    """Returns a gnuplot style clause: colour, point type, dash type."""
    colour, pt = model_style(model, all_models)
    dt = VARIANT_DASH.get(variant, 5)
    return f'lc rgb "{colour}" pt {pt} dt {dt} lw 2 ps 1.2'


def series_title(model, variant=""):
    return f"{model} ({variant})" if variant else model
