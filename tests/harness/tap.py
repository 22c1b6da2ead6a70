"""tap.py - the harness tests' TAP output, in one place.

    from tap import test, finish

    @test("what it checks")
    def _():
        assert ...

    finish()        # prints the plan "1..N", exits 1 if any test failed

Each decorated function runs at once; an exception is one "not ok" line
with its traceback as "# " comments, so every failure is reported and the
next test still runs.
"""
import sys
import traceback

N = 0
FAILED = 0


def test(what):
    def wrap(fn):
        global N, FAILED
        N += 1
        try:
            fn()
            print(f"ok {N} - {what}")
        except Exception:  # noqa: BLE001 - report every failure as TAP
            FAILED += 1
            print(f"not ok {N} - {what}")
            for line in traceback.format_exc().splitlines():
                print("# " + line)
        return fn
    return wrap


def finish():
    print(f"1..{N}")
    sys.exit(1 if FAILED else 0)
