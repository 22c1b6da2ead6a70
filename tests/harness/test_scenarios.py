#!/usr/bin/env python3
"""tests/harness/test_scenarios.py - runs the verdict fixtures of every
scenario and lesson (scenarios.lessons()): each t_* function of scripts/scenarios/fixtures/<NAME>.py (and
of fixtures/<NAME>.py beside a scenario found through TVE_SCENARIO_PATH)
builds synthetic results.csv rows that must confirm, refute or not show
the scenario's claims.  A scenario with claims and no fixtures fails.
Prints TAP ("ok N - what"), exits 1 if any test failed.
"""
import importlib.util
import os
import sys
import traceback

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))

import scenarios  # noqa: E402


def fixture_file(mod):
    folder = os.path.dirname(os.path.abspath(mod.__file__))
    path = os.path.join(folder, "fixtures", mod.NAME + ".py")
    return path if os.path.exists(path) else None


def load_fixtures(mod, path):
    spec = importlib.util.spec_from_file_location(
        "tve_fixtures_" + mod.NAME, path)
    fx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fx)
    return fx


def tests():
    """(name, fn) of every fixture of every scenario, in scenario order."""
    out = []
    for mod in scenarios.lessons():
        path = fixture_file(mod)
        if path is None:
            if getattr(mod, "CLAIMS", ()):
                def missing(mod=mod):
                    raise AssertionError(
                        f"scenario {mod.NAME} has claims and no "
                        f"fixtures/{mod.NAME}.py beside it")
                out.append((f"{mod.NAME}: fixtures present", missing))
            continue
        fx = load_fixtures(mod, path)
        fns = sorted(((n, f) for n, f in vars(fx).items()
                      if n.startswith("t_") and callable(f)),
                     key=lambda nf: nf[1].__code__.co_firstlineno)
        if not fns and getattr(mod, "CLAIMS", ()):
            def empty(mod=mod):
                raise AssertionError(f"fixtures/{mod.NAME}.py has no t_*")
            fns = [("t_fixtures_present", empty)]
        out += [(f"{mod.NAME}: {n[2:].replace('_', ' ')}", f)
                for n, f in fns]
    return out


def main():
    todo = tests()
    failed = 0
    print(f"1..{len(todo)}")
    for i, (name, fn) in enumerate(todo, 1):
        try:
            fn()
            print(f"ok {i} - {name}")
        except Exception:  # noqa: BLE001 - report every failure as TAP
            failed += 1
            print(f"not ok {i} - {name}")
            for line in traceback.format_exc().splitlines():
                print("# " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
