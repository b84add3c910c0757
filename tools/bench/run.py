#!/usr/bin/python3
"""run.py: tools/dev bench's measurements against a running bench stack.

tools/dev bench builds an optimised binary, starts its own stack, loads the
dataset and calls this with the stack's coordinates in the environment. It
measures the machine's limits (nginx's fixed answer, nginx to a FastCGI hello
world, pgbench select-only and a booking script on the same exclusion
constraint), the app's scenarios with wrk, the bookings' knee over a sweep of
connections, and fixed-rate latency passes; it records whole-stack CPU per
request from /proc and writes results.json, report.md and chart.svg into
BENCH_OUT.
"""

import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time

TOP = os.environ["STOLIK_TOP"]
VAR = os.environ["BENCH_VAR"]
OUT = os.environ["BENCH_OUT"]
BASE = os.environ["BENCH_BASE"]
FIXED = os.environ["BENCH_FIXED"]
HELLO = os.environ["BENCH_HELLO"]
PGHOST = os.environ["BENCH_PGHOST"]
SCALE = os.environ.get("BENCH_SCALE", "small")
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "8"))
SHARED_MB = int(os.environ.get("BENCH_SHARED_CACHE_MB", "0"))
CONNS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
# the booking sweep's connection counts, for its knee
SWEEP = (1, 2, 4, 8, 16, 32)
KNEE_SHARE = 0.9
HZ = os.sysconf("SC_CLK_TCK")
SCENARIOS = ["search", "restaurant", "availability", "booking", "direct", "lookbook",
             "mixed"]


def say(*a):
    print(*a, flush=True)


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def psql(sql):
    p = sh(["psql", "-X", "-q", "-At", "-h", PGHOST, "-U", "stolik", "-d", "stolik",
            "-c", sql])
    if p.returncode != 0:
        raise SystemExit("psql: " + p.stderr)
    return p.stdout.strip()


# --- CPU and memory from /proc -----------------------------------------------------

def children(pid):
    out = sh(["ps", "-o", "pid=", "--ppid", str(pid)]).stdout.split()
    return [int(x) for x in out]


def read_pid(path):
    with open(path) as f:
        return int(f.readline().strip())


def groups():
    """pid lists of the stack's parts: nginx, app (master and workers), postgres."""
    ng = read_pid(os.path.join(VAR, "run", "nginx.pid"))
    app = read_pid(os.path.join(VAR, "run", "stolik.pid"))
    pg = read_pid(os.path.join(os.environ["BENCH_PGDATA"], "postmaster.pid"))
    return {"nginx": [ng] + children(ng), "app": [app] + children(app),
            "postgres": [pg] + children(pg)}


def ticks(pids):
    t = 0
    for p in pids:
        try:
            with open("/proc/%d/stat" % p) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            t += int(fields[11]) + int(fields[12])      # utime, stime
        except (OSError, IndexError):
            pass
    return t


def cpu_snapshot():
    g = groups()
    return {k: ticks(v) for k, v in g.items()}, g


def total_busy():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v) - v[3] - v[4], sum(v)      # busy (no idle, iowait), all


def worker_memory():
    """The largest worker's RSS, PSS and private memory, in kB.

    RSS counts every page of the shared cache a worker has touched in full;
    PSS counts a shared page divided by the number of processes mapping it,
    so the cache is counted once across the workers."""
    app = read_pid(os.path.join(VAR, "run", "stolik.pid"))
    out = {"rss": 0, "pss": 0, "private": 0}
    for p in children(app):
        try:
            with open("/proc/%d/smaps_rollup" % p) as f:
                t = f.read()
        except OSError:
            continue
        v = {k: int(n) for k, n in re.findall(r"^(\w+):\s+(\d+) kB", t, re.M)}
        out["rss"] = max(out["rss"], v.get("Rss", 0))
        out["pss"] = max(out["pss"], v.get("Pss", 0))
        out["private"] = max(out["private"], v.get("Private_Clean", 0) +
                             v.get("Private_Dirty", 0))
    return out


def measured(run):
    """Run run() (which returns (requests, extra)) with CPU recorded per part."""
    before, g = cpu_snapshot()
    b0, a0 = total_busy()
    t0 = time.time()
    n, extra = run()
    wall = time.time() - t0
    after = {k: ticks(v) for k, v in g.items()}
    b1, a1 = total_busy()
    cpu = {k: (after[k] - before[k]) / HZ for k in before}
    res = dict(extra)
    res["cpu_seconds"] = cpu
    res["machine_busy_seconds"] = (b1 - b0) / HZ
    if n > 0:
        res["cpu_us_per_request"] = {k: round(v * 1e6 / n, 1) for k, v in cpu.items()}
        res["cpu_us_per_request"]["stack"] = round(sum(cpu.values()) * 1e6 / n, 1)
    res["wall_seconds"] = round(wall, 2)
    return res


# --- the load generators -------------------------------------------------------------

def wrk(url, seconds=SECONDS, conns=CONNS, script=None, args=()):
    cmd = ["wrk", "-t%d" % min(2, conns), "-c%d" % conns, "-d%ds" % seconds, "--latency"]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    if args:
        cmd += ["--"] + list(args)
    p = sh(cmd)
    if script:
        m = re.search(r"^BENCH (.*)$", p.stdout, re.M)
        if not m:
            raise SystemExit("wrk: no result\n" + p.stdout + p.stderr)
        return json.loads(m.group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", p.stdout).group(1))
    pct = dict(re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+\w+)", p.stdout, re.M))

    def ms(v):
        m = re.match(r"([\d.]+)(us|ms|s)", v)
        return float(m.group(1)) * {"us": 1e-3, "ms": 1, "s": 1e3}[m.group(2)]
    return {"rps": rps, "p50_ms": ms(pct["50"]), "p99_ms": ms(pct["99"]),
            "requests": int(re.search(r"(\d+) requests in", p.stdout).group(1))}


def pgbench(args, seconds=SECONDS, db="stolik", percentiles=False):
    """percentiles: also p50 and p99 of the transactions' latencies, from
    pgbench's per-transaction log (written under OUT, then removed)."""
    prefix = os.path.join(OUT, "pgbench_log")
    cmd = ["pgbench", "-h", PGHOST, "-U", "stolik", "-n", "-M", "prepared", "-j", "2",
           "-T", str(seconds)] + args
    if percentiles:
        cmd += ["-l", "--log-prefix", prefix]
        for f in os.listdir(OUT):     # an aborted run's logs are not this run's
            if f.startswith("pgbench_log."):
                os.unlink(os.path.join(OUT, f))
    p = sh(cmd + [db])
    m = re.search(r"tps = ([\d.]+) \(without initial connection time\)", p.stdout)
    if not m:
        raise SystemExit("pgbench: " + p.stdout + p.stderr)
    n = re.search(r"number of transactions actually processed: (\d+)", p.stdout)
    lat = re.search(r"latency average = ([\d.]+) ms", p.stdout)
    r = {"tps": float(m.group(1)), "transactions": int(n.group(1)),
         "latency_avg_ms": float(lat.group(1)) if lat else None}
    if percentiles:
        us = []
        for f in os.listdir(OUT):
            if f.startswith("pgbench_log."):
                with open(os.path.join(OUT, f)) as fh:
                    us += [int(line.split()[2]) for line in fh if line.strip()]
                os.unlink(os.path.join(OUT, f))
        us.sort()
        if us:
            r["p50_ms"] = us[len(us) // 2] / 1000
            r["p99_ms"] = us[min(len(us) - 1, len(us) * 99 // 100)] / 1000
    return r


# --- the run -----------------------------------------------------------------------------

def limits(res):
    say("==> limits of this machine")
    r = measured(lambda: (lambda w: (w["requests"], w))(wrk(FIXED + "/fixed")))
    res["limits"]["nginx_fixed"] = r
    say("    nginx fixed answer      %8.0f req/s" % r["rps"])
    r = measured(lambda: (lambda w: (w["requests"], w))(wrk(HELLO + "/hello")))
    res["limits"]["fastcgi_hello"] = r
    say("    nginx -> FastCGI hello  %8.0f req/s (%d workers)" % (r["rps"], WORKERS))
    if not psql("SELECT 1 FROM pg_database WHERE datname = 'pgbench'"):
        psql("CREATE DATABASE pgbench")
        sh(["pgbench", "-h", PGHOST, "-U", "stolik", "-i", "-q", "-s", "10", "pgbench"])
    for c in (8, 16):
        r = pgbench(["-S", "-c", str(c)], db="pgbench")
        res["limits"]["pgbench_select_c%d" % c] = r
        say("    pgbench select-only c=%-2d %8.0f tps" % (c, r["tps"]))
    r = raw_booking(CONNS)
    made = r["accepted"]
    res["limits"]["pgbench_booking"] = r
    say("    pgbench booking c=%d     %8.0f tps (%d accepted, %d conflicts; p50 %.2f, "
        "p99 %.2f ms)" % (CONNS, r["tps"], made, r["conflicts"], r.get("p50_ms", 0),
                          r.get("p99_ms", 0)))


def raw_booking(conns, seconds=SECONDS):
    """W at conns clients: booking.sql on the bench-pgbench restaurant, with
    its latency percentiles and how many it accepted."""
    rid = psql("SELECT id FROM restaurants WHERE slug = 'bench-pgbench'")
    tmin, tn = psql("SELECT min(id) || ' ' || count(*) FROM dining_tables "
                    "WHERE restaurant_id = %s" % int(rid)).split()
    # the same empty book every run: a full one would measure only conflicts
    psql("DELETE FROM reservations WHERE restaurant_id = %s" % int(rid))
    r = pgbench(["-c", str(conns), "-f", os.path.join(TOP, "tools", "bench", "booking.sql"),
                 "-D", "tmin=" + tmin, "-D", "tn=" + tn, "-D", "rid=" + rid],
                seconds=seconds, percentiles=True)
    r["accepted"] = int(psql("SELECT count(*) FROM reservations WHERE restaurant_id = %s"
                             % int(rid)))
    r["conflicts"] = r["transactions"] - r["accepted"]
    psql("DELETE FROM reservations WHERE restaurant_id = %s" % int(rid))
    return r


def fresh_book():
    """The bookings of earlier runs go, so that each run meets the same book."""
    psql("WITH d AS (DELETE FROM reservations"
         " WHERE guest_email ~ '^(load|flow|fixed)[0-9]'"
         " OR (guest_email = '' AND status IN ('held', 'expired'))"
         " RETURNING id)"
         " DELETE FROM outbox WHERE reservation_id IN (SELECT id FROM d)")


def errors(r):
    """A wrk scenario's failed answers: any status but 200, 201, 303 and the
    409 of a taken time, and socket errors."""
    return sum(v for k, v in r["status"].items()
               if k not in ("200", "201", "303", "409")) + r["socket_errors"]


def scenarios(res, slugs, sid):
    script = os.path.join(TOP, "tools", "bench", "scenario.lua")
    fresh_book()
    # and the planner knows the tables each booking writes to (a fresh
    # dataset has no events or mails yet: plans made then would scan them)
    psql("VACUUM ANALYZE reservations, reservation_events, outbox")
    say("==> scenarios (wrk, %d connections, %d s each after a warm-up)"
        % (CONNS, SECONDS))
    for name in SCENARIOS:
        wrk(BASE, seconds=3, script=script, args=(name, slugs, sid))     # warm-up
        r = measured(lambda: (lambda w: (w["requests"], w))(
            wrk(BASE, script=script, args=(name, slugs, sid))))
        m = worker_memory()
        r["worker_rss_kb"] = m["rss"]
        r["worker_pss_kb"] = m["pss"]
        r["worker_private_kb"] = m["private"]
        res["scenarios"][name] = r
        st = r["status"]
        bad = errors(r)
        say("    %-12s %8.0f req/s  p50 %6.2f  p95 %6.2f  p99 %6.2f ms  "
            "%5.0f us/req  409: %d  other errors: %d  bookings: %d"
            % (name, r["rps"], r["p50_ms"], r["p95_ms"], r["p99_ms"],
               r.get("cpu_us_per_request", {}).get("stack", 0), st.get("409", 0), bad,
               r.get("booked", 0)))


def median(v):
    v = sorted(v)
    return v[len(v) // 2]


def knee(res, slugs, sid):
    """The booking knee: direct bookings, hold + confirm and W over a
    closed-loop connection sweep. Past the knee, more connections add no
    throughput, only a queue in front of the workers (or the backends), so
    a latency measured there grows with the client count: the knee is the
    fewest connections whose rate is within 10 % of the sweep's best, and
    its p99 is the median of three passes."""
    script = os.path.join(TOP, "tools", "bench", "scenario.lua")
    seconds = max(4, SECONDS // 3)
    fresh_book()
    say("==> booking knee (closed loop, %s connections, %d s each)"
        % (", ".join(map(str, SWEEP)), seconds))
    runs = {
        "direct": lambda c: wrk(BASE, seconds=seconds, conns=c, script=script,
                                args=("direct", slugs, sid)),
        "booking": lambda c: wrk(BASE, seconds=seconds, conns=c, script=script,
                                 args=("booking", slugs, sid)),
        # pgbench fails the run on an error: a conflict is no error
        "W": lambda c: (lambda r: dict(r, rps=r["tps"], seconds=seconds,
                                       status={}, socket_errors=0))(
            raw_booking(c, seconds)),
    }
    out = res["knee"] = {"connections": list(SWEEP), "seconds": seconds,
                         "share": KNEE_SHARE}
    for name, run in runs.items():
        if name != "W":
            run(4)                                                  # warm-up
        points = {}
        for c in SWEEP:
            r = run(c)
            points[c] = {"rps": r["rps"], "p50_ms": r["p50_ms"], "p99_ms": r["p99_ms"],
                         "bookings_per_s": (r["accepted"] if name == "W" else
                                            r.get("booked", 0)) / r["seconds"],
                         "errors": errors(r)}
            say("    %-8s c=%-2d %8.0f/s  p50 %6.2f  p99 %6.2f ms  errors: %d"
                % (name, c, r["rps"], r["p50_ms"], r["p99_ms"], points[c]["errors"]))
        best = max(p["rps"] for p in points.values())
        k = min(c for c in SWEEP if points[c]["rps"] >= KNEE_SHARE * best)
        p99s = [points[k]["p99_ms"]] + [run(k)["p99_ms"] for _ in range(2)]
        out[name] = {"points": {str(c): v for c, v in points.items()}, "knee": k,
                     "best_rps": best, "p99_passes_ms": p99s, "p99_ms": median(p99s)}
        say("    %-8s knee at %d connections: p99 %.2f ms (median of %s)"
            % (name, k, median(p99s), ", ".join("%.2f" % v for v in p99s)))
    # W's sweep pass at the bookings' knee, for the comparison at the same
    # connections
    for name in ("direct", "booking"):
        out[name]["W_p99_ms"] = out["W"]["points"][str(out[name]["knee"])]["p99_ms"]


def paced_requests(kind, n, slugs, sid, path):
    """n raw requests for openloop (length line, then the bytes), as in
    fixed_rate.mjs: kind restaurant, or mixed; every booking is new."""
    host = re.match(r"http://([^/]+)", BASE).group(1)
    names = [s for s in open(slugs).read().split("\n") if s]
    words = ["italian", "ukrainian", "kyiv", "warsaw", "pizza", "bench"]
    times = ["12:00", "13:00", "18:00", "19:00", "20:00", "21:00"]
    mix = (["search"] * 30 + ["restaurant"] * 30 + ["availability"] * 25 +
           ["book"] * 10 + ["account"] * 5) if kind == "mixed" else ["restaurant"]
    rnd = random.Random(7)

    def day(lo, hi):
        return time.strftime("%Y-%m-%d", time.gmtime(time.time() +
                                                     86400 * rnd.randint(lo, hi)))

    with open(path, "wb") as f:
        for i in range(n):
            k, slug = rnd.choice(mix), rnd.choice(names)
            head, body = "", ""
            if k == "search":
                line = "GET /search?q=%s" % rnd.choice(words)
            elif k == "availability":
                line = "GET /api/v1/restaurants/%s/availability?date=%s&party=2" % (
                    slug, day(1, 45))
            elif k == "book":
                line = "POST /api/v1/reservations"
                body = json.dumps({
                    "restaurant": slug, "start": "%sT%s" % (day(1, 54), rnd.choice(times)),
                    "party": 2, "name": "Fixed rate", "phone": "+48 600 100 200",
                    "email": "fixed%d-%d@bench.example" % (i, rnd.randrange(10 ** 9))})
                head = ("Content-Type: application/json\r\nContent-Length: %d\r\n"
                        "X-Forwarded-For: 10.%d.%d.%d\r\n" % (
                            len(body), i % 7, i % 256, (i * 7) % 251 + 1))
            elif k == "account":
                line = "GET /account"
                head = "Cookie: sid=%s\r\n" % sid
            else:
                line = "GET /r/%s?date=%s&party=2" % (slug, day(1, 45))
            r = ("%s HTTP/1.1\r\nHost: %s\r\n%s\r\n%s" % (line, host, head, body)).encode()
            f.write(b"%d\n" % len(r))
            f.write(r)


def fixed_passes(res, key, tag, command):
    """Restaurant and mixed at 25, 50 and 75 % of their saturation rate:
    command(name, rate) runs one pass, which prints a line "TAG {json}"."""
    res[key] = {}
    for name in ("restaurant", "mixed"):
        sat = res["scenarios"][name]["rps"]
        for share in (25, 50, 75):
            rate = max(1, int(sat * share / 100))
            p = command(name, rate)
            m = re.search(r"^%s (.*)$" % tag, p.stdout, re.M)
            if not m:
                raise SystemExit("%s: %s%s" % (tag, p.stdout, p.stderr))
            r = json.loads(m.group(1))
            res[key].setdefault(name, {})[str(share)] = r
            say("    %-10s %3d %% (%6d/s): achieved %7.0f/s  p50 %6.2f  p99 %6.2f ms"
                % (name, share, rate, r["achieved"], r["p50_ms"], r["p99_ms"]))


def latency_passes(res, slugs, sid):
    seconds = max(5, SECONDS // 2)
    # evenly paced, open loop: the figures the target is judged by; long
    # enough that what happens once a minute or so weighs in every pass
    if os.environ.get("BENCH_OPENLOOP"):
        paced = SECONDS + 5
        say("==> fixed-rate latency (openloop: evenly paced, open loop)")
        host = re.match(r"http://([^/:]+):(\d+)", BASE)
        reqs = os.path.join(OUT, "paced.req")

        def openloop(name, rate):
            paced_requests(name, rate * paced, slugs, sid, reqs)
            try:
                return sh([os.environ["BENCH_OPENLOOP"], host.group(1), host.group(2),
                           str(rate), str(paced), reqs])
            finally:
                os.unlink(reqs)
        fixed_passes(res, "latency", "OPENLOOP", openloop)
        res["settings"]["paced_seconds"] = paced
    node = shutil.which("node")
    if node is None or not os.environ.get("STOLIK_BENCH_MODULES"):
        say("    (no node: autocannon passes skipped)")
        return
    # autocannon's rate limit lets each connection send its quota for the
    # second at once, then wait for the next second: bursts, kept for reference
    say("==> fixed-rate latency (autocannon, bursts each second)")
    fixed_passes(res, "latency_autocannon", "FIXED", lambda name, rate: sh(
        [node, os.path.join(TOP, "tools", "bench", "fixed_rate.mjs"), BASE,
         str(rate), str(seconds), slugs, name, sid]))


def login_sid():
    import http.client
    import urllib.parse
    host = re.match(r"http://([^/:]+):(\d+)", BASE)
    c = http.client.HTTPConnection(host.group(1), int(host.group(2)))
    c.request("GET", "/login")
    r = c.getresponse()
    body = r.read().decode()
    bid = [v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie"]
    tok = re.search(r'name="csrf" value="([^"]+)"', body).group(1)
    c.request("POST", "/login", body=urllib.parse.urlencode({
        "csrf": tok, "email": "user1@bench.example", "password": "bench-password-1"}),
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Cookie": "; ".join(bid), "Sec-Fetch-Site": "same-origin"})
    r = c.getresponse()
    r.read()
    for k, v in r.getheaders():
        if k.lower() == "set-cookie" and v.startswith("sid="):
            return v.split(";")[0][4:]
    raise SystemExit("bench login failed: %d" % r.status)


def main():
    os.makedirs(OUT, exist_ok=True)
    res = {"scale": SCALE, "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
           "machine": {"cpus": os.cpu_count(), "model": cpu_model(),
                       "kernel": platform.release()},
           "settings": {"workers": WORKERS, "shared_cache_mb": SHARED_MB,
                        "connections": CONNS, "seconds": SECONDS,
                        "synchronous_commit": psql("SHOW synchronous_commit"),
                        "fsync": psql("SHOW fsync")},
           "dataset": dataset(), "limits": {}, "scenarios": {}, "latency": {}}
    slugs = os.path.join(OUT, "slugs.txt")
    with open(slugs, "w") as f:
        f.write(psql("SELECT slug FROM restaurants WHERE slug LIKE 'bench-%' "
                     "AND slug <> 'bench-pgbench' ORDER BY random() LIMIT 2000") + "\n")
    sid = login_sid()
    # a fresh dataset's load leaves a checkpoint's worth of dirty pages (the
    # large one: minutes of writing): written now, not in the measurements
    t = time.time()
    psql("CHECKPOINT")
    res["settings"]["checkpoint_seconds"] = round(time.time() - t, 1)
    limits(res)
    scenarios(res, slugs, sid)
    knee(res, slugs, sid)
    latency_passes(res, slugs, sid)
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(res, f, indent=1)
    subprocess.run([sys.executable, os.path.join(TOP, "tools", "bench", "report.py"),
                    OUT], check=True)


def cpu_model():
    with open("/proc/cpuinfo") as f:
        m = re.search(r"model name\s*:\s*(.*)", f.read())
    return m.group(1) if m else "?"


def dataset():
    return {k: int(v) for k, v in zip(
        ["restaurants", "tables", "users", "live_reservations", "history_reservations"],
        psql("SELECT (SELECT count(*) FROM restaurants), (SELECT count(*) FROM "
             "dining_tables), (SELECT count(*) FROM users), (SELECT count(*) FROM "
             "reservations), (SELECT count(*) FROM reservations_history)").split("|"))}


if __name__ == "__main__":
    main()
