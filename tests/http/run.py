#!/usr/bin/python3
"""run.py: runs every test_*() in tests/http/test_*.py against the stack.

Prints one TAP line per test and, last, "# http: P passed, F failed".
Modules run in name order, tests in the order they are written; a module may
define setup_module() and teardown_module(). Pass module or test names as
arguments to run only those.
"""

import importlib.util
import inspect
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def load(path):
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def tests_of(mod):
    fns = [(n, f) for n, f in vars(mod).items()
           if n.startswith("test_") and inspect.isfunction(f)
           and f.__module__ == mod.__name__]
    fns.sort(key=lambda nf: nf[1].__code__.co_firstlineno)
    return fns


def main(argv):
    only = set(argv[1:])
    files = sorted(f for f in os.listdir(HERE)
                   if f.startswith("test_") and f.endswith(".py"))
    n = passed = failed = 0
    for f in files:
        mod = load(os.path.join(HERE, f))
        tests = [(name, fn) for name, fn in tests_of(mod)
                 if not only or mod.__name__ in only or name in only]
        if not tests:
            continue
        setup_ok = True
        if hasattr(mod, "setup_module"):
            try:
                mod.setup_module()
            except Exception:
                setup_ok = False
                print("# setup of %s failed:" % mod.__name__)
                print("#   " + traceback.format_exc().replace("\n", "\n#   "))
        for name, fn in tests:
            n += 1
            t = time.time()
            try:
                if not setup_ok:
                    raise RuntimeError("module setup failed")
                fn()
                passed += 1
                print("ok %d - %s.%s (%.2f s)" % (n, mod.__name__, name,
                                                  time.time() - t), flush=True)
            except Exception as e:
                failed += 1
                print("not ok %d - %s.%s: %s" % (n, mod.__name__, name, e),
                      flush=True)
                tb = traceback.format_exc().rstrip().split("\n")
                for line in tb[-8:]:
                    print("#   " + line)
        if hasattr(mod, "teardown_module"):
            try:
                mod.teardown_module()
            except Exception:
                print("# teardown of %s failed: %s" % (mod.__name__,
                                                      traceback.format_exc()))
    print("1..%d" % n)
    print("# http: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
