"""style.py - one fixed colour and point type per model, shared by every chart.

A model keeps its colour in every chart of every run, so a reader learns it
once.  A model that is not in the table (a new one added to the Makefile's
MODELS) takes the next spare colour in the order the Makefile lists it, so
adding a model never needs an edit here; add a line to MODEL_STYLE to fix it.
Variants of a model (--blocking, a small --stack-kib, the closed-loop
reference in the latency chart) keep the model's colour and point type and
change the dash pattern.
"""

# model: (colour, gnuplot point type).  Point types: 5 filled square,
# 7 filled circle, 9 filled triangle, 11 filled down-triangle, 13 filled
# diamond, 15 filled pentagon.
MODEL_STYLE = {
    "thread-per-conn": ("#1f77b4", 5),
    "thread-pool": ("#ff7f0e", 7),
    "select": ("#2ca02c", 9),
    "epoll": ("#d62728", 11),
    "libuv": ("#9467bd", 13),
    "libev": ("#8c564b", 15),
    "epoll-per-core": ("#17becf", 10),
    "io-uring": ("#000080", 12),
    "libevent": ("#808000", 14),
    "process-per-conn": ("#7f7f7f", 4),
    "poll": ("#bcbd22", 8),
    "coroutines": ("#e377c2", 6),
    # Peers (servers/peers/).  Python peers: golds and ambers (Python's
    # yellow), marked +, x, * and open shapes.
    "py-threads": ("#7f6000", 1),
    "py-asyncio": ("#e69f00", 2),
    "py-uvloop": ("#f2c14e", 3),
    "py-gevent": ("#c28f00", 6),
    "py-tornado": ("#a67c2e", 8),
    "py-twisted": ("#d9b84a", 12),
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
                "offload": 3, "closed-loop": 4, "capacity": 4}
PREDICTION_COLOUR = "#404040"


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
