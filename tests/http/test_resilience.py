"""test_resilience.py: database restarts, dying workers, reload and graceful stop."""

import os
import re
import signal
import threading
import time

from stolik_test import (VAR, app_restart, check, config_path, eq, get, local_date,
                         master_pid, pg_ctl, psql, wait_until, worker_pids)

SLUG = "borshch-i-vyshnia"


class Flow(threading.Thread):
    """Requests in a loop until stopped, recording what came back."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path = path
        self.seen = []          # (status, retry_after, body excerpt)
        self.stop = False

    def run(self):
        while not self.stop:
            try:
                # {n}: a new query each time, past the workers' caches
                r = get(self.path.replace("{n}", str(len(self.seen))))
                self.seen.append((r.status, r.header("retry-after"), r.text[:2000]))
            except Exception as e:          # a dropped connection is a failure too
                self.seen.append((-1, None, str(e)))
            time.sleep(0.01)


def test_database_restart_while_requests_flow():
    before = worker_pids()
    flows = [Flow("/r/" + SLUG), Flow("/search?q=pizza+{n}"), Flow("/healthz")]
    for f in flows:
        f.start()
    time.sleep(0.5)
    pg_ctl("stop", "-m", "fast", "-w")
    time.sleep(1.5)
    pg_ctl("start", "-w", "-t", "60", "-l", os.path.join(VAR, "pg", "log", "server.log"))
    check(wait_until(lambda: get("/healthz").status == 200, 10), "healthz back")
    time.sleep(0.5)
    for f in flows:
        f.stop = True
    for f in flows:
        f.join()
    for f in flows:
        codes = [s for s, _, _ in f.seen]
        check(set(codes) <= {200, 503}, "%s saw %r" % (f.path, sorted(set(codes))))
        check(503 in codes, "%s never saw the outage" % f.path)
        check(codes[-1] == 200, "%s did not recover" % f.path)
        for s, retry, body in f.seen:
            if s == 503:
                eq(retry, "5", "Retry-After")
        if f.path != "/healthz":
            page = next(b for s, _, b in f.seen if s == 503)
            check("briefly unavailable" in page, "friendly 503 page")
    eq(worker_pids(), before, "worker PIDs")
    # each worker reconnected by itself
    seen = {}
    for _ in range(40):
        p = get("/__test/pid").json()
        seen[p["pid"]] = p["reconnects"]
    check(all(n >= 1 for n in seen.values()), "reconnects %r" % seen)


def test_dead_worker_is_respawned():
    before = worker_pids()
    victim = before[0]
    os.kill(victim, signal.SIGKILL)
    check(wait_until(lambda: len(worker_pids()) == len(before) and
                     victim not in worker_pids(), 5), "respawned")
    for _ in range(10):
        eq(get("/r/" + SLUG).status, 200, "serving")


def test_reload_on_sighup():
    path = config_path()
    with open(path) as f:
        original = f.read()
    before = worker_pids()
    flow = Flow("/r/" + SLUG)
    flow.start()
    try:
        with open(path, "w") as f:
            f.write(original + "\nApp.SiteName = Stolik Reloaded\n")
        os.kill(master_pid(), signal.SIGHUP)
        check(wait_until(lambda: "Stolik Reloaded" in get("/").text, 10),
              "new configuration served")
        after = wait_until(lambda: (lambda p: p if len(p) == len(before) and
                                    not set(p) & set(before) else None)(worker_pids()),
                           10)
        check(after, "workers replaced")
        time.sleep(0.3)
    finally:
        flow.stop = True
        flow.join()
        with open(path, "w") as f:
            f.write(original)
    eq(sorted(set(s for s, _, _ in flow.seen)), [200], "no request failed")
    # a broken configuration is refused and the old one keeps running
    pids = worker_pids()
    with open(path, "w") as f:
        f.write(original + "\nApp.BaseUrl = not a url\n")
    try:
        os.kill(master_pid(), signal.SIGHUP)
        time.sleep(1.0)
        eq(worker_pids(), pids, "workers kept")
        eq(get("/").status, 200, "still serving")
    finally:
        with open(path, "w") as f:
            f.write(original)
    os.kill(master_pid(), signal.SIGHUP)
    check(wait_until(lambda: "Stolik Reloaded" not in get("/").text, 10), "restored")


def gone(pid):
    """True once pid has exited (reaped, or a zombie)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split()[2] == "Z"
    except OSError:
        return True


def test_reload_forgets_kept_data():
    """A reload starts the new workers without what the old ones kept."""
    url = "/api/v1/restaurants/%s/availability?date=%s&party=2" % (
        SLUG, local_date("Europe/Kyiv", 3))

    def statuses():
        return set(get(url).status for _ in range(12))

    eq(statuses(), {200}, "kept by the workers, and in the shared cache")
    before = worker_pids()
    try:
        # a change that tells nobody (triggers off): the kept set-up stays
        psql("SET session_replication_role = replica; "
             "UPDATE restaurants SET status = 'suspended' WHERE slug = :'s'", s=SLUG)
        check(200 in statuses(), "control: the kept set-up served")
        os.kill(master_pid(), signal.SIGHUP)
        check(wait_until(lambda: not set(worker_pids()) & set(before), 10),
              "workers replaced")
        eq(statuses(), {404}, "the new workers read it afresh")
    finally:
        psql("UPDATE restaurants SET status = 'active' WHERE slug = :'s'", s=SLUG)
    check(wait_until(lambda: statuses() == {200}, 5), "active again")


def test_graceful_stop():
    results = []

    def slow():
        results.append(get("/__test/sleep?ms=1500"))

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.4)
    master = master_pid()
    os.kill(master, signal.SIGTERM)
    t.join()
    try:
        eq(results[0].status, 200, "in-flight request finished")
        check(wait_until(lambda: gone(master), 10), "master exited")
        check(not os.path.exists(os.path.join(VAR, "run", "stolik.sock")),
              "socket removed")
    finally:
        app_restart()
    eq(get("/healthz").status, 200, "restarted")
