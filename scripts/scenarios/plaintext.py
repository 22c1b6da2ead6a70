"""plaintext - TechEmpower's plaintext test: GET /plaintext, 16 requests
pipelined on every connection, no database.

Pipelining takes the network round trip out: a connection sends 16
requests before it reads an answer, so a model that answers in order from
one buffer serves many requests per wake-up and per system call.  TFB runs
it at 256 to 16,384 connections; this lesson measures a few of those counts
with the load generator's --pipeline 16, and its paragraph sets the server's
CPU per request beside TFB's way of measuring.
"""
import kit as K
from scenarios import json as tfb_json

NAME = "plaintext"
ABOUT = ("TFB plaintext: GET /plaintext pipelined 16 deep, closed loop, a "
         "few of TFB's connection counts")
ORDER = 13
PATH = "/plaintext"
# TFB pipelines 16 requests per connection in this test.
PIPELINE = 16
# TFB's plaintext concurrency levels are 256, 1,024, 4,096 and 16,384.
SWEEP = {"smoke": [16], "quick": [256], "default": [256],
         "full": [256, 1024, 4096, 16384]}
SWEEP_ENV = "CONNS"


def points(ctx):
    ctx.note("pipeline", PIPELINE)
    return ctx.interleave(ctx.sweep(), lambda m, c: [
        ctx.point(m, connections=c, path=PATH, pipeline=PIPELINE,
                  params={"pipeline": PIPELINE})]
        if K.serves(m, PATH) else [])


def charts(c):
    return [tfb_json.tfb_chart(c, NAME, f"GET /plaintext, {PIPELINE} "
                               "pipelined (TFB plaintext)")]


def paragraph(name, d):
    return K.text_throughput(d, NAME) + " " + tfb_json.per_core_text(
        d, NAME, "256 to 16,384 connections",
        f" with {PIPELINE} requests pipelined on each, as here")


HEADLINE = [("plaintext peak (req/s @ conns)", K.peak(NAME))]
