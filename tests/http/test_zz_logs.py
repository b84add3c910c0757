"""test_zz_logs.py: runs last: no sanitizer report and no unexpected 5xx."""

import glob
import json
import os

from stolik_test import VAR, check


def test_no_sanitizer_reports():
    reports = glob.glob(os.path.join(VAR, "log", "asan*")) + \
        glob.glob(os.path.join(VAR, "log", "ubsan*"))
    text = ""
    for f in reports:
        with open(f, errors="replace") as fh:
            text += fh.read()[:2000]
    with open(os.path.join(VAR, "log", "stolik.log"), errors="replace") as fh:
        log = fh.read()
    check(not reports, "sanitizer reports: %s" % text)
    check("runtime error:" not in log and "AddressSanitizer" not in log,
          "sanitizer output in stolik.log")


def test_no_unexpected_server_errors():
    """Only the deliberate /__test/fail and the requests a negative control
    named (stolik_test.expect_5xx: a path, or a user agent's mark) may have
    answered 500; no 502/504."""
    bad = []
    try:
        with open(os.path.join(VAR, "log", "expected-5xx")) as f:
            expected = [p.strip() for p in f if p.strip()]
    except FileNotFoundError:
        expected = []
    with open(os.path.join(VAR, "log", "nginx-access.log"), errors="replace") as f:
        for line in f:
            parts = line.split('"')
            if len(parts) < 3:
                continue
            status = parts[2].split()[0]
            if status in ("500", "502", "504") and "/__test/fail" not in parts[1] \
                    and not any(p in line for p in expected):
                bad.append(line.strip())
    check(not bad, "unexpected server errors:\n" + "\n".join(bad[:10]))


def test_webhooks_stayed_on_this_machine():
    """No test reaches the internet: every address stolik-webhooks connected
    to (its "addr", logged per attempt) is a loopback one."""
    path = os.path.join(VAR, "log", "webhooks.log")
    seen, away = 0, []
    if os.path.exists(path):
        with open(path, errors="replace") as f:
            for line in f:
                try:
                    o = json.loads(line)
                except ValueError:
                    continue
                addr = o.get("addr") if isinstance(o, dict) else None
                if not addr:
                    continue
                seen += 1
                if not (addr.startswith("127.") or addr == "::1"):
                    away.append(addr)
    print("# %d webhook attempts connected, all to loopback" % seen
          if not away else "# away: %r" % away[:5])
    check(not away, "attempts left this machine: %r" % sorted(set(away))[:5])
