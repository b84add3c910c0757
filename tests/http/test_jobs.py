"""test_jobs.py: stolik-remind, stolik-noshow and stolik-sweep (issue 5, RELIABILITY §E).

The jobs take --now in test builds, so time moves without sleeping.
"""

import re
import subprocess
import threading
import time

from stolik_test import (BASE, Browser, check, count, csrf_of, eq, get, job, job_cmd,
                         links_of, local_date, mail_html, mail_text, post_json, psql,
                         wait_mails)

TZ = "Europe/Warsaw"
R = "jobs-bistro"
R2 = "jobs-diner"     # another zone: America/New_York


def setup_module():
    psql("""
    INSERT INTO restaurants (owner_id, slug, name, cuisine, city, address, phone,
        email, timezone, slot_minutes, booking_window_days, min_notice_minutes,
        cancel_cutoff_minutes, max_party, confirmation_mode, status,
        noshow_grace_minutes, reminder_hours)
    SELECT id, s, n, 'bistro', c, 'Main street 1', '+48 22 111 11 11',
        'owner@' || s || '.example', tz, 30, 120, 0, 60, 4, 'auto', 'active', 30,
        '{24,2}'
    FROM users, (VALUES (:'r', 'Jobs Bistro', 'Warszawa', 'Europe/Warsaw'),
                        (:'r2', 'Jobs Diner', 'New York', 'America/New_York'))
         v(s, n, c, tz)
    WHERE email = 'owner@stolik.test';
    INSERT INTO opening_hours (restaurant_id, weekday, opens, closes, name)
    SELECT r.id, d, '00:00', '23:59', 'All day' FROM restaurants r,
        generate_series(1, 7) d WHERE r.slug IN (:'r', :'r2');
    INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
    SELECT r.id, 'J' || n, 1, 4 FROM restaurants r, generate_series(1, 30) n
    WHERE r.slug IN (:'r', :'r2');
    INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
    SELECT id, 1, 4, 90 FROM restaurants WHERE slug IN (:'r', :'r2');
    """, r=R, r2=R2)


def teardown_module():
    psql("""
    DELETE FROM outbox WHERE reservation_id IN (SELECT v.id FROM reservations v
        JOIN restaurants r ON r.id = v.restaurant_id WHERE r.slug IN (:'r', :'r2'));
    DELETE FROM reservations WHERE restaurant_id IN (SELECT id FROM restaurants
        WHERE slug IN (:'r', :'r2'));
    -- what the sweep moved to the history, and its events
    DELETE FROM reservation_events WHERE restaurant_id IN (SELECT id FROM restaurants
        WHERE slug IN (:'r', :'r2'));
    DELETE FROM reservations_history WHERE restaurant_id IN (SELECT id FROM restaurants
        WHERE slug IN (:'r', :'r2'));
    DELETE FROM restaurants WHERE slug IN (:'r', :'r2');
    """, r=R, r2=R2)


_n = [0]


def insert(local_start, status="confirmed", slug=R, table=None, created="2026-01-01",
           email="jobs@example.com", minutes=90):
    """A booking straight into the table: its code. local_start in the zone of slug."""
    _n[0] += 1
    code = "JB%08d" % _n[0]
    psql("""
    INSERT INTO reservations (code, restaurant_id, table_id, guest_name, guest_email,
        party_size, starts_at, ends_at, status, hold_expires_at, created_at)
    SELECT :'code', r.id, t.id, 'Job Guest', nullif(:'email', ''), 2,
        (:'start'::timestamp AT TIME ZONE r.timezone),
        (:'start'::timestamp AT TIME ZONE r.timezone) + make_interval(mins => :'m'::int),
        :'st'::reservation_status,
        CASE WHEN :'st' = 'held' THEN (:'start'::timestamp AT TIME ZONE r.timezone) END,
        :'created'::timestamptz
    FROM restaurants r JOIN dining_tables t ON t.restaurant_id = r.id
    WHERE r.slug = :'slug' AND t.label = :'table'
    """, code=code, start=local_start, st=status, slug=slug,
         table=table or "J%d" % (_n[0] % 30 + 1), created=created, email=email,
         m=minutes)
    return code


def reminders(code):
    return psql("SELECT coalesce(string_agg(o.dedupe_key, ' ' ORDER BY o.id), '') "
                "FROM outbox o JOIN reservations v ON v.id = o.reservation_id "
                "WHERE v.code = :'c' AND o.kind = 'reminder'", c=code)


def remind(now):
    rc, lines, err = job("remind", "--now", now)
    eq(rc, 0, "stolik-remind: " + err[-300:])
    return lines


def epoch(sql_ts):
    return psql("SELECT extract(epoch FROM :'t'::timestamptz)::bigint", t=sql_ts)


# --- reminders -------------------------------------------------------------------

def test_reminders_at_local_time_across_dst():
    """RELIABILITY E2: a day before keeps the local time when the clocks change."""
    # Warsaw springs forward on 2026-03-29 at 02:00 and falls back on 2026-10-25
    spring = insert("2026-03-29 19:00", table="J1")     # 17:00Z, CEST
    autumn = insert("2026-10-25 19:00", table="J2")     # 18:00Z, CET
    early = insert("2026-10-25 02:30", table="J3")      # an hour that comes twice
    # the 24-hour reminder: 19:00 local the day before, not 24 real hours
    remind("2026-03-28T17:30:00Z")              # 18:30 CET: 24 real hours before
    eq(reminders(spring), "", "spring: not yet at 24 real hours")
    remind("2026-03-28T17:59:59Z")
    eq(reminders(spring), "", "spring: not before 19:00 local")
    remind("2026-03-28T18:00:00Z")              # 19:00 CET on the 28th
    eq(reminders(spring), "reminder-24h:%d" % int(psql(
        "SELECT id FROM reservations WHERE code = :'c'", c=spring)), "spring 24 h")
    remind("2026-10-24T16:59:00Z")
    eq(reminders(autumn), "", "autumn: not yet")
    remind("2026-10-24T17:00:00Z")              # 19:00 CEST on the 24th
    check(reminders(autumn).startswith("reminder-24h"), "autumn 24 h")
    # the 2-hour reminder is two real hours before
    remind("2026-03-29T14:59:00Z")
    check("reminder-2h" not in reminders(spring), "spring 2 h not early")
    remind("2026-03-29T15:00:00Z")
    check("reminder-2h" in reminders(spring), "spring 2 h")
    # a booking inside the repeated hour: two real hours before its start
    due = int(psql("SELECT extract(epoch FROM starts_at - interval '2 hours')::bigint "
                   "FROM reservations WHERE code = :'c'", c=early))
    remind(str(due - 60))
    check("reminder-2h" not in reminders(early), "repeated hour: not early")
    remind(str(due))
    check("reminder-2h" in reminders(early), "repeated hour: on time")
    # both reminders, once each, in order
    eq(len(reminders(spring).split()), 2, "two reminders")


def test_reminders_in_two_zones():
    ny = insert("2026-11-01 19:00", slug=R2, table="J1")    # EST since that morning
    remind("2026-10-31T22:59:00Z")              # 18:59 EDT
    eq(reminders(ny), "", "New York: not yet")
    remind("2026-10-31T23:00:00Z")              # 19:00 EDT the day before
    check(reminders(ny).startswith("reminder-24h"), "New York 24 h")


def test_reminders_once_however_often_run():
    """RELIABILITY E1: three runs in a row and two at once: one reminder each."""
    codes = [insert("2026-06-10 %02d:00" % (12 + k), table="J%d" % (10 + k))
             for k in range(5)]
    for _ in range(3):
        remind("2026-06-09T15:00:00Z")
    for c in codes:
        eq(len(reminders(c).split()), 1, "one: " + c)
    # two at once: the advisory lock or the dedupe key keeps it to one
    more = [insert("2026-06-12 %02d:00" % (12 + k), table="J%d" % (10 + k))
            for k in range(5)]
    ps = [subprocess.Popen(job_cmd("remind", "--now", "2026-06-11T15:00:00Z"),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True) for _ in range(2)]
    errs = [p.communicate()[1] for p in ps]
    eq([p.returncode for p in ps], [0, 0], "both exit 0: %r" % errs)
    for c in more:
        eq(len(reminders(c).split()), 1, "one: " + c)


def test_no_reminder_for_late_bookings_or_other_statuses():
    # booked an hour before: the 24-hour reminder's time had passed already
    late = insert("2026-07-01 20:00", table="J20", created="2026-07-01 17:00+02")
    pending = insert("2026-07-01 20:00", table="J21", status="pending")
    cancelled = insert("2026-07-01 20:00", table="J22", status="cancelled")
    phone = insert("2026-07-01 20:00", table="J23", email="")
    remind("2026-07-01T16:30:00Z")              # 18:30 local: 2 h reminder due
    check(reminders(late).startswith("reminder-2h"), "late booking: only 2 h")
    eq(len(reminders(late).split()), 1, "one")
    for c in (pending, cancelled, phone):
        eq(reminders(c), "", "none for " + c)


def test_advisory_lock_and_dry_run():
    code = insert("2026-08-01 20:00", table="J24")
    # another copy holds the lock: this one leaves, changing nothing
    holder = subprocess.Popen(
        ["psql", "-X", "-q", "-At", "-h", __import__("stolik_test").PGHOST, "-U", "stolik",
         "-d", "stolik"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    holder.stdin.write("SELECT pg_advisory_lock(hashtext('stolik-job:remind'));\n"
                       "\\echo locked\n")
    holder.stdin.flush()
    try:
        line = ""
        while line.strip() != "locked":
            line = holder.stdout.readline()
            check(line != "", "lock taken")
        rc, lines, err = job("remind", "--now", "2026-07-31T19:00:00Z")
        eq(rc, 0, "exit 0")
        check(any("another stolik-remind" in x.get("msg", "") for x in lines),
              "says why: " + err)
        eq(reminders(code), "", "nothing queued")
    finally:
        holder.stdin.close()
        holder.wait()
    # --dry-run reports and changes nothing
    rc, lines, err = job("remind", "--dry-run", "--now", "2026-07-31T19:00:00Z")
    eq(rc, 0, err)
    check(any(x.get("msg") == "reminder queued" and x.get("dry_run") for x in lines),
          "reports the reminder")
    eq(reminders(code), "", "dry run changed nothing")
    remind("2026-07-31T19:00:00Z")
    check(reminders(code).startswith("reminder-24h"), "the real run")


def test_reminder_buttons_work():
    """Done-when: a booking a day ahead, stolik-remind, and the buttons work."""
    d = local_date(TZ, 2)
    r = post_json("/api/v1/reservations", {
        "restaurant": R, "start": d + "T19:00", "party": 2, "name": "Rita Remind",
        "email": "rita@example.com", "phone": "+48 600 100 200"})
    eq(r.status, 201, r.text)
    code = r.json()["code"]
    psql("UPDATE reservations SET created_at = now() - interval '3 days' "
         "WHERE code = :'c'", c=code)
    start = int(psql("SELECT extract(epoch FROM starts_at)::bigint FROM reservations "
                     "WHERE code = :'c'", c=code))
    remind(str(start - 23 * 3600))
    mid = psql("SELECT o.message_id FROM outbox o JOIN reservations v ON "
               "v.id = o.reservation_id WHERE v.code = :'c' AND o.kind = 'reminder'",
               c=code)
    (p, m), = wait_mails(lambda x: x["message-id"] == mid)
    check("Jobs Bistro" in m["subject"] and "19:00" in m["subject"], m["subject"])
    text, html = mail_text(m), mail_html(m)
    for want in ("Jobs Bistro", "Main street 1", "+48 22 111 11 11", "Europe/Warsaw"):
        check(want in text and want in html, want)
    replies = sorted(set(u for u in links_of(text) if "/reply?" in u))
    eq(len(replies), 3, "three answers: %r" % replies)
    eq(set(u for u in links_of(html) if "/reply?" in u), set(replies),
       "the same answers in the HTML part")
    # following every link (as a mail scanner would) changes nothing
    for u in links_of(text) + links_of(html):
        r = get(u[len(BASE):])
        eq(r.status, 200, u)
    eq(psql("SELECT status || '/' || coalesce(reminder_answer, '-') FROM reservations "
            "WHERE code = :'c'", c=code), "confirmed/-", "GETs changed nothing")

    def press(answer):
        b = Browser()
        u = [x for x in replies if "a=" + answer in x][0]
        page = b.get(u[len(BASE):])
        eq(page.status, 200, "page")
        form = re.search(r'<form method="post" action="/b/%s/reply">(.*?)</form>'
                         % code, page.text, re.S)
        check(form is not None, "a form that posts")
        eq(form.group(1).count("<button"), 1, "one button")
        t = re.search(r'name="t" value="([^"]+)"', page.text).group(1)
        r = b.post("/b/%s/reply" % code, {"csrf": csrf_of(page.text), "t": t,
                                          "a": answer})
        eq(r.status, 303, "answer " + answer)
        return b.get(r.header("location"))
    page = press("late")
    check("running late" in page.text, "result shown")
    eq(psql("SELECT reminder_answer FROM reservations WHERE code = :'c'", c=code),
       "late", "kept for the owner")
    page = press("coming")
    check("knows you are coming" in page.text, "result shown")
    eq(psql("SELECT reminder_answer FROM reservations WHERE code = :'c'", c=code),
       "coming", "changed")
    # the API shows it too
    tok = re.search(r"t=([^&\s]+)", replies[0]).group(1)
    eq(get("/api/v1/reservations/%s?t=%s" % (code, tok)).json()["reminder_answer"],
       "coming", "API")
    page = press("cancel")
    eq(psql("SELECT status FROM reservations WHERE code = :'c'", c=code),
       "cancelled", "cancelled")
    # a signed link that is forged or expired opens nothing
    bad = replies[0].replace("t=s", "t=s1")
    eq(get(bad[len(BASE):]).status, 404, "forged")
    # answering a cancelled booking is refused, and nothing changes
    b = Browser()
    page = b.get(replies[0][len(BASE):])
    check("nothing to answer" in page.text, "no button for a cancelled booking")


# --- no-shows --------------------------------------------------------------------

def test_noshow_after_grace_only():
    """RELIABILITY E3."""
    base = "2026-05-05 19:00"
    conf = insert(base, table="J1")
    arr = insert(base, table="J2", status="arrived")
    seated = insert(base, table="J3", status="seated")
    cancel = insert(base, table="J4", status="cancelled")
    later = insert("2026-05-05 19:30", table="J5")
    t0 = int(epoch("2026-05-05 19:00 Europe/Warsaw"))

    def status(c):
        return psql("SELECT status FROM reservations WHERE code = :'c'", c=c)

    def run(offset_min):
        rc, lines, err = job("noshow", "--now", str(t0 + offset_min * 60))
        eq(rc, 0, err[-300:])
        return [x for x in lines if x.get("msg") == "done"][0]["marked"]
    run(-1)             # what other tests left before this evening
    eq(run(29), 0, "within the grace period")
    eq(status(conf), "confirmed", "still confirmed")
    dry = job("noshow", "--dry-run", "--now", str(t0 + 31 * 60))
    eq(status(conf), "confirmed", "dry run changed nothing")
    check(any(x.get("msg") == "no-show" and x.get("dry_run") for x in dry[1]), "dry")
    eq(run(31), 2, "confirmed and arrived")
    eq([status(c) for c in (conf, arr, seated, cancel, later)],
       ["no_show", "no_show", "seated", "cancelled", "confirmed"], "statuses")
    eq(run(31), 0, "a second run changes nothing")
    eq(run(61), 1, "the later one after its own grace")
    # an event row and notices to both sides (these started within a day)
    eq(psql("SELECT actor || ':' || from_status || '>' || to_status FROM "
            "reservation_events e JOIN reservations v ON v.id = e.reservation_id "
            "WHERE v.code = :'c'", c=conf), "system:confirmed>no_show", "event")
    kinds = psql("SELECT string_agg(o.kind, ' ' ORDER BY o.kind) FROM outbox o JOIN "
                 "reservations v ON v.id = o.reservation_id WHERE v.code = :'c'",
                 c=conf)
    eq(kinds, "noshow owner_noshow", "notices")


def test_noshow_mails_read_well():
    now = int(psql("SELECT extract(epoch FROM now())::bigint"))
    start = psql("SELECT to_char((now() - interval '40 minutes') AT TIME ZONE :'tz', "
                 "'YYYY-MM-DD HH24:MI')", tz=TZ)
    code = insert(start, table="J9", created="2026-01-01", email="nora@example.com")
    rc, lines, err = job("noshow", "--now", str(now))
    eq(rc, 0, err)
    mid = psql("SELECT o.message_id FROM outbox o JOIN reservations v ON "
               "v.id = o.reservation_id WHERE v.code = :'c' AND o.kind = 'noshow'",
               c=code)
    (p, m), = wait_mails(lambda x: x["message-id"] == mid)
    check("We missed you" in m["subject"], m["subject"])
    check("no-show" in mail_text(m), "says what happened")
    mid = psql("SELECT o.message_id FROM outbox o JOIN reservations v ON "
               "v.id = o.reservation_id WHERE v.code = :'c' AND o.kind = 'owner_noshow'",
               c=code)
    (p, m), = wait_mails(lambda x: x["message-id"] == mid)
    check(m["subject"].startswith("No-show: Job Guest"), m["subject"])


# --- the sweep -------------------------------------------------------------------

def test_sweep():
    t0 = int(epoch("2026-09-09 12:00 Europe/Warsaw"))
    held = insert("2026-09-09 11:50", status="held", table="J1")   # hold ran out 11:50
    seated = insert("2026-09-09 10:00", status="seated", table="J2")   # ends 11:30
    seated_on = insert("2026-09-09 11:00", status="seated", table="J3")  # ends 12:30
    done = insert("2026-09-09 08:00", status="finished", table="J4",
                  email="rev@example.com")                      # ends 09:30
    psql("UPDATE reservations SET updated_at = '2026-09-09 09:59+02' "
         "WHERE code = :'c'", c=done)
    psql("""
    INSERT INTO sessions (token_hash, user_id, csrf_secret, created_at, last_seen_at,
        expires_at)
    SELECT sha256(('sweep' || g)::bytea), u.id, sha256('x'::bytea),
        '2026-09-08 00:00+00', '2026-09-08 00:00+00',
        CASE WHEN g = 1 THEN '2026-09-08 01:00+00'::timestamptz
             ELSE '2026-09-10 00:00+00' END
    FROM users u, generate_series(1, 3) g WHERE u.email = 'diner@stolik.test'
    """)

    def status(c):
        return psql("SELECT status FROM reservations WHERE code = :'c'", c=c)

    def sessions():
        return count("SELECT count(*) FROM sessions WHERE token_hash IN "
                     "(SELECT sha256(('sweep' || g)::bytea) FROM generate_series(1, 3) g)")
    rc, lines, err = job("sweep", "--dry-run", "--now", str(t0))
    eq(rc, 0, err)
    eq([status(c) for c in (held, seated)], ["held", "seated"], "dry run")
    eq(sessions(), 3, "dry run kept sessions")
    rc, lines, err = job("sweep", "--now", str(t0))
    eq(rc, 0, err)
    eq([status(c) for c in (held, seated, seated_on)],
       ["expired", "finished", "seated"], "statuses")
    eq(sessions(), 0, "expired and idle sessions deleted")
    summary = [x for x in lines if x.get("msg") == "done"][0]
    check(summary["holds_expired"] >= 1 and summary["finished"] >= 1, repr(summary))
    # review invitations: two hours after the visit, once
    rv = "SELECT count(*) FROM outbox o JOIN reservations v ON v.id = o.reservation_id " \
         "WHERE v.code = :'c' AND o.kind = 'review_invitation'"
    eq(count(rv, c=done), 1, "invited")
    eq(count(rv, c=seated), 0, "not yet for the one just finished")
    job("sweep", "--now", str(t0 + 3 * 3600))
    job("sweep", "--now", str(t0 + 3 * 3600))
    eq(count(rv, c=done), 1, "once")
    eq(count(rv, c=seated), 1, "later for the other")
    eq(psql("SELECT string_agg(e.actor || ':' || e.to_status, ' ') FROM "
            "reservation_events e JOIN reservations v ON v.id = e.reservation_id "
            "WHERE v.code = :'c'", c=held), "system:expired", "event")
