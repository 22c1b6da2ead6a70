"""echo - 64-byte echo messages over hello's sweep (in the default mode,
100 and 1,000 connections).

The protocol core out of the way: every byte in goes straight back out, so
the chart shows the cost of the model's own reads, writes and wake-ups.
"""
import kit as K
import models as M
from scenarios import hello

NAME = "echo"
ABOUT = "64-byte echo messages, closed loop, hello's sweep"
ORDER = 20
# hello's sweep without its ends: 1 and 10,000 connections teach the
# same thing twice, and the default run must fit twelve models in 15 min
# (one count: hello already shows how each model scales).
SWEEP = dict(hello.SWEEP, quick=[100], default=[100])
SWEEP_ENV = hello.SWEEP_ENV
ECHO_SIZE = 64


def points(ctx):
    return ctx.interleave(ctx.sweep(), lambda m, c: [
        ctx.point(m, connections=c, proto="echo", size=ECHO_SIZE)]
        if M.proto_ok(m, "echo") else [])


def charts(c):
    return [
        K.Chart("echo_throughput", [c.panel(
            NAME, "rps", 1, "throughput (64-byte messages/s)")],
            "Echo, 64-byte messages: throughput vs concurrent connections"),
        K.Chart("echo_p99", [c.panel(
            NAME, "lat_p99_us", 1e-3, "p99 round-trip latency (ms)")],
            "Echo, 64-byte messages: p99 latency vs concurrent connections"),
    ]


def paragraph(name, d):
    if name == "echo_throughput":
        return K.text_throughput(d, NAME, "msg/s")
    return K.text_p99(d, NAME)


HEADLINE = [("echo peak (msg/s)", K.peak(NAME, where=False))]
