#!/usr/bin/python3
"""report.py: results.json of a bench run as report.md and chart.svg (gnuplot).

  report.py DIR [OTHER_DIR]

With OTHER_DIR (the other scale's run), the report compares the two.
"""

import json
import os
import subprocess
import sys


def load(d):
    with open(os.path.join(d, "results.json")) as f:
        return json.load(f)


def fmt(v, nd=0):
    return ("{:,.%df}" % nd).format(v) if isinstance(v, (int, float)) else str(v)


def chart(res, out):
    """Requests per second of the limits and the scenarios, as an SVG bar chart."""
    rows = [("nginx fixed", res["limits"]["nginx_fixed"]["rps"]),
            ("FastCGI hello", res["limits"]["fastcgi_hello"]["rps"])]
    rows += [(k, v["rps"]) for k, v in res["scenarios"].items()]
    data = os.path.join(out, "chart.dat")
    with open(data, "w") as f:
        for i, (k, v) in enumerate(rows):
            f.write('%d "%s" %.0f\n' % (i, k, v))
    script = """
set terminal svg size 820,380 font "sans,11" background "#ffffff"
set output '%s'
set title "Requests per second, %s dataset (higher is better)"
set style fill solid 0.8 border -1
set boxwidth 0.6
set yrange [0:*]
set grid ytics
set xtics rotate by -25
unset key
plot '%s' using 1:3:xtic(2) with boxes lc rgb "#9f2a2a", \\
     '' using 1:3:(sprintf("%%.0f", $3)) with labels offset 0,0.7 font "sans,9"
""" % (os.path.join(out, "chart.svg"), res["scale"], data)
    p = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if p.returncode != 0:
        print("gnuplot: " + p.stderr, file=sys.stderr)


READ_SCENARIOS = ("search", "restaurant", "availability", "mixed")


def sweep_errors(kn):
    """Failed answers over the booking sweep (results before errors were
    counted there have none)."""
    return sum(p.get("errors", 0) for k in ("direct", "booking")
               for p in kn[k]["points"].values())


def targets(res, other):
    """(target, measured, met) rows: met is True, False or None (not measured).

    Rates are judged against the machine's own limits from the same run (issue
    21): F, nginx to a FastCGI hello world, for the reads; W, the raw booking
    SQL on the exclusion constraint, for the bookings (issue 14)."""
    s = res["scenarios"]
    F = res["limits"]["fastcgi_hello"]["rps"]
    W = res["limits"]["pgbench_booking"]["tps"]
    out = []
    for name, label, share in (("restaurant", "restaurant page", 50),
                               ("availability", "availability JSON", 60),
                               ("mixed", "mixed workload", 40)):
        r = s[name]["rps"]
        out.append(("%s ≥ %d %% of F (the FastCGI hello-world rate)" % (label, share),
                    "%s / %s req/s = %.0f %%" % (fmt(r), fmt(F), 100 * r / F),
                    r >= share / 100 * F))
    book = s["booking"]
    book_rate = book.get("booked", 0) / book["seconds"]    # confirmed bookings
    direct = s.get("direct")
    if direct is not None:
        direct_rate = direct.get("booked", 0) / direct["seconds"]
        out.append(("direct booking ≥ 40 % of W (bookings made per second against "
                    "the raw booking SQL's transactions, synchronous commit on)",
                    "%.0f bookings/s / %.0f tps = %.0f %%"
                    % (direct_rate, W, 100 * direct_rate / W),
                    direct_rate >= 0.4 * W))
    out.append(("hold + confirm ≥ 25 % of W (confirmed bookings per second)",
                "%.0f bookings/s / %.0f tps = %.0f %%"
                % (book_rate, W, 100 * book_rate / W), book_rate >= 0.25 * W))
    worst = max([book["p99_ms"]] + ([direct["p99_ms"]] if direct else []))
    wp99 = res["limits"]["pgbench_booking"].get("p99_ms")
    at32 = "%.2f ms (W: %s)" % (worst, "%.2f ms" % wp99 if wp99 else "—")
    kn = res.get("knee")
    name = ("booking p99 ≤ 20 ms at saturation: at the knee of the connection sweep "
            "(the fewest connections within %d %% of the sweep's best rate; median of "
            "three passes), the worse of direct and hold + confirm"
            % round(100 * (kn or {}).get("share", 0.9)))
    if kn:
        d, b = kn["direct"], kn["booking"]
        w = max((d, b), key=lambda v: v["p99_ms"])
        out.append((name, "%.2f ms at %d connections (direct %.2f ms at %d, hold + confirm "
                    "%.2f ms at %d; W %.2f ms at the same connections; %s failed answers "
                    "over the sweep). Past the knee, at %d connections: %s"
                    % (w["p99_ms"], w["knee"], d["p99_ms"], d["knee"], b["p99_ms"],
                       b["knee"], w["W_p99_ms"], fmt(sweep_errors(kn)),
                       res["settings"]["connections"], at32),
                    w["p99_ms"] <= 20 and not sweep_errors(kn)))
    else:
        out.append((name, "not measured (no sweep); at %d connections: %s"
                    % (res["settings"]["connections"], at32), None))
    lat = res.get("latency", {}).get("mixed", {}).get("75")
    out.append(("p99 ≤ 5 ms at 75 % of the mixed saturation rate (evenly paced "
                "open loop)",
                "%.2f ms (at %s/s)" % (lat["p99_ms"], fmt(lat["offered"]))
                if lat else "not measured",
                lat["p99_ms"] <= 5 if lat else None))
    # the shared cache is one mapping of every worker: PSS counts it once
    # across them, RSS in each worker that has touched it
    rss = max(v.get("worker_rss_kb", 0) for v in s.values())
    pss = max(v.get("worker_pss_kb", 0) for v in s.values())
    out.append(("worker PSS ≤ 8 MB (the largest worker; RSS in brackets counts "
                "the shared cache in full in every worker)",
                "%.1f MB (RSS %.1f MB)" % (pss / 1024, rss / 1024)
                if pss else "not measured",
                pss <= 8 * 1024 if pss else None))
    # the small dataset's rate over the large one's, per read scenario
    name = "large dataset within 1.5× of the small one on every read scenario " \
        "(small req/s ÷ large req/s)"
    if other is None or other.get("scale") == res["scale"]:
        out.append((name, "not measured (no run of the other scale)", None))
    else:
        small, large = (other, res) if res["scale"] == "large" else (res, other)
        ratios = [(small["scenarios"][k]["rps"] / max(1, large["scenarios"][k]["rps"]), k)
                  for k in READ_SCENARIOS
                  if k in small["scenarios"] and k in large["scenarios"]]
        if not ratios:
            out.append((name, "not measured (no read scenario in both runs)", None))
        else:
            worst, k = max(ratios)
            missing = [k for k in READ_SCENARIOS if k not in {n for _, n in ratios}]
            out.append((name, "worst %.2f× (%s)%s" % (
                worst, k, "; not measured: " + ", ".join(missing) if missing else ""),
                worst <= 1.5))
    return out


def latency_table(L, passes, paced):
    """One row per workload and share; openloop also gives p99.9 and errors."""
    extra = ["p99.9 ms", "errors"] if paced else []
    head = ["workload", "share of saturation", "offered", "achieved", "p50 ms", "p90 ms",
            "p99 ms"] + extra[:1] + ["non-2xx"] + extra[1:]
    L.append("| %s |" % " | ".join(head))
    L.append("|%s" % ("---|" * len(head)))
    for k, byshare in passes.items():
        for share in sorted(byshare, key=int):
            r = byshare[share]
            row = [k, "%s %%" % share, "%s/s" % fmt(r["offered"]),
                   "%s/s" % fmt(r["achieved"]), "%.2f" % r["p50_ms"],
                   "%.2f" % r["p90_ms"], "%.2f" % r["p99_ms"]]
            if paced:
                row.append("%.2f" % r["p99_9_ms"])
            row.append(fmt(r["non2xx"]))
            if paced:
                row.append(fmt(r["errors"]))
            L.append("| %s |" % " | ".join(row))
    L.append("")


def report(res, out, other):
    L = []
    L.append("# Performance")
    L.append("")
    L.append("The latest `tools/dev bench --scale %s` run, %s. Everything on one "
             "%d-vCPU machine (%s): nginx, the FastCGI workers, PostgreSQL and the load "
             "generator share it, unpinned; figures are from one run, compared as "
             "ratios to the machine's own limits measured in the same run."
             % (res["scale"], res["when"], res["machine"]["cpus"], res["machine"]["model"]))
    L.append("")
    d = res["dataset"]
    L.append("Dataset: %s restaurants, %s tables, %s users, %s live bookings and %s in "
             "the history partitions." % (fmt(d["restaurants"]), fmt(d["tables"]),
                                          fmt(d["users"]), fmt(d["live_reservations"]),
                                          fmt(d["history_reservations"])))
    st = res["settings"]
    L.append("Settings: %d FastCGI workers%s, wrk with %d connections for %d s per "
             "scenario after a warm-up, PostgreSQL with fsync %s and synchronous_commit %s."
             % (st["workers"], ", a %d MB shared cache" % st["shared_cache_mb"]
                if st.get("shared_cache_mb") else "", st["connections"], st["seconds"],
                st["fsync"], st["synchronous_commit"]))
    L.append("")
    L.append("## Targets")
    L.append("")
    L.append("Judged against this run's own limits (issue 21): F, nginx to a FastCGI "
             "hello world, for the reads; W, the raw booking SQL on the exclusion "
             "constraint, for the bookings (issue 14); the large dataset against the "
             "other scale's last run; — marks a target this run did not measure.")
    L.append("")
    L.append("| target | measured | met |")
    L.append("|---|---|---|")
    for name, got, ok in targets(res, other):
        L.append("| %s | %s | %s |" % (name, got, "—" if ok is None
                                      else "yes" if ok else "**no**"))
    L.append("")
    L.append("## The machine's limits")
    L.append("")
    lim = res["limits"]
    L.append("| limit | rate | stack CPU µs/req |")
    L.append("|---|---|---|")
    L.append("| nginx fixed answer (N) | %s req/s | %s |" % (
        fmt(lim["nginx_fixed"]["rps"]),
        fmt(lim["nginx_fixed"].get("cpu_us_per_request", {}).get("stack", 0), 1)))
    L.append("| nginx → FastCGI hello world, %d workers (F) | %s req/s | %s |" % (
        st["workers"], fmt(lim["fastcgi_hello"]["rps"]),
        fmt(lim["fastcgi_hello"].get("cpu_us_per_request", {}).get("stack", 0), 1)))
    for k in sorted(lim):
        if k.startswith("pgbench_select"):
            L.append("| pgbench select-only, prepared, %s clients | %s tps | |" % (
                k.rsplit("c", 1)[1], fmt(lim[k]["tps"])))
    b = lim["pgbench_booking"]
    L.append("| pgbench booking on the exclusion constraint, %d clients (W) | %s tps "
             "(%s accepted, %s conflicts%s) | |" % (
                 st["connections"], fmt(b["tps"]), fmt(b["accepted"]),
                 fmt(b["conflicts"]), "; latency p50 %.2f, p99 %.2f ms" % (
                     b["p50_ms"], b["p99_ms"]) if "p99_ms" in b else ""))
    L.append("")
    L.append("HTTP-stack overhead F/N = %.2f." % (lim["fastcgi_hello"]["rps"] /
                                                lim["nginx_fixed"]["rps"]))
    L.append("")
    kn = res.get("knee")
    if kn:
        L.append("## Booking knee (closed loop, connection sweep)")
        L.append("")
        L.append("Each workload at %s connections, %d s each. "
                 "The knee is the fewest connections whose rate is within %d %% of the "
                 "sweep's best; past it more connections add no throughput, only a queue "
                 "in front of the %d workers (or, for W, the backends), so latency there "
                 "grows with the client count. The p99 at the knee is the median of three "
                 "passes. Bookings/s counts bookings made (hold + confirm: confirmed)."
                 % (", ".join(map(str, kn["connections"])), kn["seconds"],
                    round(100 * kn["share"]), st["workers"]))
        L.append("")
        names = (("direct", "direct"), ("booking", "hold + confirm"), ("W", "W"))
        L.append("| connections | " + " | ".join(
            "%s %s | bookings/s | p50 ms | p99 ms" % (label, "tps" if key == "W" else "req/s")
            for key, label in names) + " |")
        L.append("|---|" + "---|---|---|---|" * len(names))
        for c in kn["connections"]:
            row = []
            for key, _ in names:
                v = kn[key]["points"][str(c)]
                mark = "**" if c == kn[key]["knee"] else ""
                row.append("%s%s%s | %s | %.2f | %.2f" % (
                    mark, fmt(v["rps"]), mark, fmt(v["bookings_per_s"]), v["p50_ms"],
                    v["p99_ms"]))
            L.append("| %d | %s |" % (c, " | ".join(row)))
        L.append("")
        Wb = kn["W"]["best_rps"]
        for key, label in names:
            v = kn[key]
            best = max(p["bookings_per_s"] for p in v["points"].values())
            L.append("- %s: knee at %d connections (bold), p99 %.2f ms (passes %s)%s."
                     % (label, v["knee"], v["p99_ms"],
                        ", ".join("%.2f" % x for x in v["p99_passes_ms"]),
                        "" if key == "W" else
                        "; best %s bookings/s = %.0f %% of W's best, %s tps"
                        % (fmt(best), 100 * best / Wb, fmt(Wb))))
        L.append("")
    L.append("## Scenarios (closed loop, saturation)")
    L.append("")
    L.append("| scenario | req/s | p50 ms | p95 ms | p99 ms | 409 | errors | "
             "µs/req nginx | app | postgres | stack | worker PSS (RSS) | vs F |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    F = lim["fastcgi_hello"]["rps"]
    for k, v in res["scenarios"].items():
        c = v.get("cpu_us_per_request", {})
        errors = sum(n for s, n in v["status"].items()
                     if s not in ("200", "201", "303", "409")) + v["socket_errors"]
        L.append("| %s | %s | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s | %s | %.1f (%.1f) MB "
                 "| %.0f %% |" % (k, fmt(v["rps"]), v["p50_ms"], v["p95_ms"], v["p99_ms"],
                                  fmt(v["status"].get("409", 0)), fmt(errors),
                                  fmt(c.get("nginx", 0), 1), fmt(c.get("app", 0), 1),
                                  fmt(c.get("postgres", 0), 1), fmt(c.get("stack", 0), 1),
                                  v.get("worker_pss_kb", 0) / 1024,
                                  v.get("worker_rss_kb", 0) / 1024, 100 * v["rps"] / F))
    L.append("")
    L.append("Mixed: search 30 %, restaurant page 30 %, availability JSON 25 %, direct "
             "booking 10 %, account page 5 %. A direct booking (the API without a "
             "hold; the direct scenario sends only these) is one call of the "
             "booking core: one statement, its own transaction (rsv_take: the "
             "client's and the restaurant-day's locks, the limits, the insert on "
             "the first free table, its event and its mails; the tables the "
             "worker's shared copy of the day shows free are tried first, when it "
             "holds the day, and the bookings around the time are read only if "
             "each was taken), and after the commit "
             "a NOTIFY to the mailer, at most one per 50 ms across the workers "
             "(each is a flushed commit of its own); the day's bookings are read "
             "only when the time "
             "turns out to be taken, for the nearest free times. "
             "The booking scenario is a "
             "hold and its confirmation (two requests). The lookbook scenario is a "
             "look at a day's free times (the availability JSON) and then a direct "
             "booking of that restaurant and day (two requests; its req/s counts "
             "both), the way a diner or an API client books: the look leaves the "
             "day in the workers' shared cache, and the booking's write tries the "
             "tables it shows free without reading the bookings. "
             "409 answers are tables taken, "
             "not errors, "
             "and 429 answers would be the hold limits per client. Bookings come from "
             "400 client addresses (X-Forwarded-For, trusted from the loopback in the "
             "bench stack only), as from many diners: the holds of one address are "
             "counted one at a time, under a lock, and each booking is made afresh "
             "(random restaurant, day and time), so few find their table taken. The "
             "search scenario draws its words "
             "from a list of ten, so its result lists mostly come from the workers' "
             "30-second cache of recent searches (ended by any restaurant's change); "
             "the free times shown with them are worked out each time from each "
             "restaurant-day's bookings in the workers' shared cache (issue 21; one "
             "range scan for the restaurants it misses). The restaurant "
             "page's profile, reviews and photos, and the parts of the page made from "
             "them, come from the workers' caches (until the restaurant changes, "
             "five to ten minutes pass or its local day ends; the clock on the page is "
             "worked out per request); its free times are worked out per "
             "request from the day's bookings, which come from the workers' shared "
             "cache once one worker read them: a page view asks PostgreSQL nothing. "
             "A booking's writer drops the day from that cache after its commit and "
             "before it answers (so the 10 % of bookings in the mixed scenario make "
             "days be read again), other writers through a NOTIFY; a copy lives 30 s "
             "at most. stolik.fcgi is built optimised and linked "
             "with mimalloc. Every request of a scenario picks its restaurant afresh "
             "from slugs.txt: 1,000 restaurants at the small scale, 2,000 at the large "
             "one. Each worker keeps 1,024 set-ups and 1,024 pages (4 MB) of its own, "
             "and behind them a cache all workers share (App.SharedCacheMB, 32 MB, "
             "mapped by the master): what one worker read from the database the "
             "others copy from there, so each restaurant's page is read once, "
             "not once per worker. Worker memory is shown as PSS, which "
             "counts that shared cache once across the workers, and RSS, which "
             "counts it in full in every worker that has touched it.")
    L.append("")
    if res.get("latency"):
        L.append("## Fixed-rate latency (open loop, evenly paced)")
        L.append("")
        L.append("tools/bench/openloop.c sends request i at start + i / rate whatever "
                 "became of the ones before, over as many keep-alive connections as "
                 "it needs, and counts each latency from that due time to the end of "
                 "the response: a stall shows in every request it holds up (no "
                 "coordinated omission). It is C with epoll and sleeps on a timerfd "
                 "until each due time: about 60 µs of CPU per request, mostly system "
                 "calls, on the same two cores. The mixed pass books as the mixed "
                 "scenario does (409s are tables taken).%s"
                 % (" Each pass runs %d s." % res["settings"]["paced_seconds"]
                    if "paced_seconds" in res["settings"] else ""))
        L.append("")
        latency_table(L, res["latency"], paced=True)
    if res.get("latency_autocannon"):
        L.append("### The same passes with autocannon")
        L.append("")
        L.append("autocannon's rate limit lets each connection send its quota for the "
                 "second back to back and then wait for the next second "
                 "(lib/httpClient.js), so its passes are bursts at saturation for part "
                 "of every second, and it times each request from when it was written. "
                 "Kept for comparison; it also spends about 140 µs of CPU per request "
                 "on the same two cores.")
        L.append("")
        latency_table(L, res["latency_autocannon"], paced=False)
    L.append("![requests per second](%s)" % ("performance.svg" if out.endswith("docs")
                                            else "chart.svg"))
    L.append("")
    return "\n".join(L) + "\n"


def main():
    d = sys.argv[1]
    other = load(sys.argv[2]) if len(sys.argv) > 2 and os.path.exists(
        os.path.join(sys.argv[2], "results.json")) else None
    res = load(d)
    chart(res, d)
    with open(os.path.join(d, "report.md"), "w") as f:
        f.write(report(res, d, other))
    print("report: %s" % os.path.join(d, "report.md"))


if __name__ == "__main__":
    main()
