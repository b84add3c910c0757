/* db_stmts.c: every SQL statement of the application, prepared once per connection. */
#include "stolik.h"

/* A reservation with its restaurant and the start in the restaurant's zone. */
#define RESERVATION_SELECT \
	    "SELECT v.id, v.restaurant_id, v.table_id, v.code, v.status,"  \
	    " v.guest_name, coalesce(v.guest_email::text, ''), v.guest_phone,"  \
	    " v.special_requests, v.source, v.party_size,"  \
	    " extract(epoch FROM v.starts_at)::bigint,"  \
	    " extract(epoch FROM v.ends_at)::bigint,"  \
	    " coalesce(extract(epoch FROM v.hold_expires_at)::bigint, 0),"  \
	    " extract(epoch FROM now())::bigint,"  \
	    " t.label, r.slug, r.name, r.phone, r.address, r.city, r.timezone,"  \
	    " r.cancel_cutoff_minutes,"  \
	    " coalesce(nullif(r.email::text, ''), (SELECT u.email::text FROM users u"  \
	    "  WHERE u.id = r.owner_id)),"  \
	    " to_char(v.starts_at AT TIME ZONE r.timezone, 'YYYY-MM-DD'),"  \
	    " to_char(v.starts_at AT TIME ZONE r.timezone, 'HH24:MI'),"  \
	    " to_char(v.ends_at AT TIME ZONE r.timezone, 'HH24:MI'),"  \
	    " (extract(epoch FROM (v.starts_at AT TIME ZONE r.timezone)"  \
	    "  - (v.starts_at AT TIME ZONE 'UTC')) / 60)::int,"  \
	    " coalesce(v.user_id, 0),"  \
	    " (SELECT count(*) FROM reservation_events e"  \
	    "  WHERE e.reservation_id = v.id)::int,"  \
	    " coalesce(v.reminder_answer, '')"  \
	    " FROM reservations v JOIN restaurants r ON r.id = v.restaurant_id"  \
	    " JOIN dining_tables t ON t.id = v.table_id"

const char *const db_stmts[STMT__MAX] = {
	[STMT_PING] =
	    "SELECT 1",

	/* $1 slug: one active restaurant with its hours, closures and clock */
	[STMT_RESTAURANT_GET_BY_SLUG] =
	    "SELECT r.id, r.owner_id, r.slug, r.name, r.description, r.cuisine,"
	    " r.address, r.city, r.postal_code, r.country, r.phone,"
	    " coalesce(r.email::text, ''), r.website, r.timezone, r.lat, r.lon,"
	    " r.slot_minutes, r.booking_window_days, r.min_notice_minutes,"
	    " r.cancel_cutoff_minutes, r.max_party,"
	    " r.confirmation_mode = 'manual', r.rating_count,"
	    " coalesce(r.rating_avg, 0),"
	    " to_char(l.t, 'YYYY-MM-DD'), extract(isodow FROM l.t)::int,"
	    " (extract(hour FROM l.t) * 60 + extract(minute FROM l.t))::int,"
	    " (extract(epoch FROM l.t - (now() AT TIME ZONE 'UTC')) / 60)::int,"
	    " (SELECT coalesce(json_agg(json_build_array(h.weekday,"
	    "   (extract(epoch FROM h.opens) / 60)::int,"
	    "   (extract(epoch FROM h.closes) / 60)::int, h.name)"
	    "   ORDER BY h.weekday, h.opens), '[]')"
	    "  FROM opening_hours h WHERE h.restaurant_id = r.id),"
	    " (SELECT coalesce(json_agg(json_build_array(c.starts_on, c.ends_on,"
	    "   c.reason) ORDER BY c.starts_on), '[]')"
	    "  FROM closures c WHERE c.restaurant_id = r.id"
	    "  AND c.ends_on >= l.t::date),"
	    " EXISTS (SELECT 1 FROM closures c WHERE c.restaurant_id = r.id"
	    "  AND l.t::date BETWEEN c.starts_on AND c.ends_on)"
	    " FROM restaurants r"
	    " CROSS JOIN LATERAL (SELECT now() AT TIME ZONE r.timezone AS t) l"
	    " WHERE r.slug = $1 AND r.status = 'active'",

	/*
	 * $1 words ('' for all), $2 city, $3 cuisine ('' for any), $4 limit,
	 * $5 offset. Stemmed and unstemmed matches both count.
	 */
	[STMT_RESTAURANT_SEARCH] =
	    "WITH q AS (SELECT CASE WHEN $1::text = '' THEN NULL"
	    "  ELSE websearch_to_tsquery('english', $1::text)"
	    "   || websearch_to_tsquery('simple', $1::text) END AS tsq)"
	    " SELECT r.slug, r.name, r.cuisine, r.city, r.address,"
	    " coalesce(r.rating_avg, 0), r.rating_count, count(*) OVER (), r.id"
	    " FROM restaurants r, q"
	    " WHERE r.status = 'active'"
	    " AND (q.tsq IS NULL OR r.search @@ q.tsq)"
	    " AND ($2::text = '' OR lower(r.city) = lower($2::text))"
	    " AND ($3::text = '' OR lower(r.cuisine) = lower($3::text))"
	    " ORDER BY CASE WHEN q.tsq IS NULL THEN 0"
	    "  ELSE ts_rank(r.search, q.tsq) END DESC,"
	    " r.rating_count DESC, r.name, r.id"
	    " LIMIT $4::int OFFSET $5::int",

	[STMT_RESTAURANT_FACETS] =
	    "SELECT 'city', city, count(*) FROM restaurants"
	    " WHERE status = 'active' AND city <> '' GROUP BY city"
	    " UNION ALL"
	    " SELECT 'cuisine', cuisine, count(*) FROM restaurants"
	    " WHERE status = 'active' AND cuisine <> '' GROUP BY cuisine"
	    " ORDER BY 1, 3 DESC, 2",

	/* $1 email, $2 hash: RETURNING id, no row if there is no such user */
	[STMT_USER_SET_PASSWORD] =
	    "UPDATE users SET password_hash = $2::text WHERE email = $1::citext"
	    " RETURNING id",

	/* $1 email, $2 name, $3 role, $4 hash or NULL: no row if taken */
	[STMT_USER_INSERT] =
	    "INSERT INTO users (email, name, role, password_hash, email_verified_at)"
	    " VALUES ($1::citext, $2::text, $3::user_role, $4::text, now())"
	    " ON CONFLICT (email) DO NOTHING RETURNING id",

	/* $1 token hash, $2 now, $3 idle minutes: the live session and its user */
	[STMT_SESSION_GET] =
	    "SELECT s.user_id, u.role, u.email, u.name,"
	    " u.email_verified_at IS NOT NULL, encode(s.csrf_secret, 'hex'),"
	    " s.last_seen_at < to_timestamp($2::bigint) - interval '1 minute'"
	    " FROM sessions s JOIN users u ON u.id = s.user_id"
	    " WHERE s.token_hash = $1::bytea"
	    " AND s.expires_at > to_timestamp($2::bigint)"
	    " AND s.last_seen_at > to_timestamp($2::bigint) - make_interval(mins => $3::int)"
	    " AND u.disabled_at IS NULL",

	/*
	 * $1 ids, $2 slug: restaurants with what availability needs; hours,
	 * closures (as day numbers from 2000-01-01), turn times and tables
	 * (smallest first) as JSON arrays.
	 */
	[STMT_SETUP_GET] =
	    "SELECT r.id, r.slug, r.name, r.timezone, r.phone,"
	    " coalesce(nullif(r.email::text, ''), u.email::text), r.address,"
	    " r.city, r.slot_minutes, r.booking_window_days, r.min_notice_minutes,"
	    " r.cancel_cutoff_minutes, coalesce(r.pacing_covers_per_slot, 0),"
	    " r.max_party, r.confirmation_mode = 'manual', r.status = 'active',"
	    " (SELECT coalesce(json_agg(json_build_array(h.weekday,"
	    "   (extract(epoch FROM h.opens) / 60)::int,"
	    "   (extract(epoch FROM h.closes) / 60)::int, h.name)"
	    "   ORDER BY h.weekday, h.opens), '[]')"
	    "  FROM opening_hours h WHERE h.restaurant_id = r.id),"
	    " (SELECT coalesce(json_agg(json_build_array("
	    "   c.starts_on - date '2000-01-01', c.ends_on - date '2000-01-01')), '[]')"
	    "  FROM closures c WHERE c.restaurant_id = r.id"
	    "  AND c.ends_on >= current_date - 2),"
	    " (SELECT coalesce(json_agg(json_build_array(t.party_min, t.party_max,"
	    "   t.minutes) ORDER BY t.party_min), '[]')"
	    "  FROM turn_times t WHERE t.restaurant_id = r.id),"
	    " (SELECT coalesce(json_agg(json_build_array(d.id, d.seats_min,"
	    "   d.seats_max, d.active AND d.bookable = 'online', d.label, d.area)"
	    "   ORDER BY d.seats_max, d.seats_min, d.id), '[]')"
	    "  FROM dining_tables d WHERE d.restaurant_id = r.id)"
	    " FROM restaurants r JOIN users u ON u.id = r.owner_id"
	    " WHERE r.id = ANY($1::bigint[]) OR r.slug = $2::text",

	/*
	 * $1 zone, $2 date: the instant of each local hour of the date and the
	 * next, and whether that wall-clock hour exists (DST gaps do not).
	 */
	[STMT_DAY_CLOCK] =
	    "SELECT extract(epoch FROM ((d + make_interval(hours => h))"
	    "  AT TIME ZONE $1::text))::bigint,"
	    " to_char(((d + make_interval(hours => h)) AT TIME ZONE $1::text)"
	    "  AT TIME ZONE $1::text, 'HH24') = to_char(d + make_interval(hours => h), 'HH24')"
	    " FROM (SELECT $2::date::timestamp AS d) x, generate_series(0, 48) h"
	    " ORDER BY h",

	/* $1 restaurant ids, $2 from, $3 to (epoch): the active bookings */
	[STMT_BOOKED_RANGE] =
	    "SELECT id, restaurant_id, table_id,"
	    " extract(epoch FROM starts_at)::bigint,"
	    " extract(epoch FROM ends_at)::bigint, party_size"
	    " FROM reservations"
	    " WHERE restaurant_id = ANY($1::bigint[])"
	    " AND starts_at >= to_timestamp($2::bigint)"
	    " AND starts_at < to_timestamp($3::bigint)"
	    " AND status IN ('held', 'pending', 'confirmed', 'arrived', 'seated')"
	    " AND (status <> 'held' OR hold_expires_at > now())",

	[STMT_HOLDS_BY_OWNER] =
	    "SELECT count(*) FROM reservations WHERE hold_owner = $1::bytea"
	    " AND status = 'held' AND hold_expires_at > now()",

	[STMT_HOLDS_BY_IP] =
	    "SELECT count(*) FROM reservations WHERE client_ip = $1::inet"
	    " AND status = 'held' AND hold_expires_at > now()",

	/* $1 any text: a transaction-scoped lock on it */
	[STMT_LOCK_KEY] =
	    "SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))",

	/* $1 restaurant, $2 from, $3 to (epoch), $4 a reservation to leave out */
	[STMT_PACING_COVERS] =
	    "SELECT coalesce(sum(party_size), 0) FROM reservations"
	    " WHERE restaurant_id = $1::bigint"
	    " AND starts_at >= to_timestamp($2::bigint)"
	    " AND starts_at < to_timestamp($3::bigint)"
	    " AND status IN ('held', 'pending', 'confirmed', 'arrived', 'seated')"
	    " AND (status <> 'held' OR hold_expires_at > now())"
	    " AND id <> $4::bigint",

	/* $1 table, $2 from, $3 to: expired holds in the way become expired */
	[STMT_EXPIRE_STALE_HOLDS] =
	    "WITH x AS (UPDATE reservations SET status = 'expired',"
	    " updated_at = to_timestamp($1::bigint)"
	    "  WHERE table_id = $1::bigint AND status = 'held'"
	    "  AND hold_expires_at <= now()"
	    "  AND starts_at < to_timestamp($3::bigint)"
	    "  AND ends_at > to_timestamp($2::bigint)"
	    "  RETURNING id, restaurant_id)"
	    " INSERT INTO reservation_events (reservation_id, restaurant_id, actor,"
	    " from_status, to_status, note)"
	    " SELECT id, restaurant_id, 'system', 'held', 'expired',"
	    " 'released for a new booking' FROM x",

	/*
	 * $1 code, $2 restaurant, $3 table, $4 party, $5 start, $6 end,
	 * $7 source, $8 hold minutes, $9 token hash, $10 owner hash, $11 ip
	 */
	[STMT_HOLD_INSERT] =
	    "INSERT INTO reservations (code, restaurant_id, table_id, party_size,"
	    " starts_at, ends_at, status, source, hold_expires_at,"
	    " manage_token_hash, hold_owner, client_ip)"
	    " VALUES ($1::text, $2::bigint, $3::bigint, $4::int,"
	    " to_timestamp($5::bigint), to_timestamp($6::bigint), 'held',"
	    " $7::reservation_source, now() + make_interval(mins => $8::int),"
	    " $9::bytea, $10::bytea, $11::inet)"
	    " RETURNING id, extract(epoch FROM hold_expires_at)::bigint",

	/* $1 reservation, $2 actor, $3 from (or NULL), $4 to, $5 note */
	[STMT_EVENT_INSERT] =
	    "INSERT INTO reservation_events (reservation_id, restaurant_id, actor,"
	    " from_status, to_status, note)"
	    " SELECT id, restaurant_id, $2::text, $3::reservation_status,"
	    " $4::reservation_status, $5::text FROM reservations"
	    " WHERE id = $1::bigint",

	/* $1 code, $2 token hash or NULL for any */
	[STMT_RESERVATION_GET] =
	    RESERVATION_SELECT
	    " WHERE v.code = $1::text"
	    " AND ($2::bytea IS NULL OR v.manage_token_hash = $2::bytea)",

	[STMT_RESERVATION_BY_ID] =
	    RESERVATION_SELECT
	    " WHERE v.id = $1::bigint",

	[STMT_RESERVATION_LOCK] =
	    "SELECT status FROM reservations WHERE id = $1::bigint FOR UPDATE",

	/*
	 * $1 code, $2 token hash, $3 status, $4 name, $5 email, $6 phone,
	 * $7 requests, $8 the signed-in user or NULL
	 */
	[STMT_RESERVATION_CONFIRM] =
	    "UPDATE reservations SET status = $3::reservation_status,"
	    " guest_name = $4::text, guest_email = $5::citext, guest_phone = $6::text,"
	    " special_requests = $7::text, hold_expires_at = NULL, hold_owner = NULL,"
	    " user_id = $8::bigint, updated_at = now()"
	    " WHERE code = $1::text AND manage_token_hash = $2::bytea"
	    " AND status = 'held' AND hold_expires_at > now()"
	    " RETURNING id, restaurant_id",

	/* $1 id, $2 table, $3 start, $4 end, $5 party: one statement, so the
	 * new time is taken as the old one is given up */
	[STMT_RESERVATION_MOVE] =
	    "UPDATE reservations SET table_id = $2::bigint,"
	    " starts_at = to_timestamp($3::bigint), ends_at = to_timestamp($4::bigint),"
	    " party_size = $5::int, updated_at = now()"
	    " WHERE id = $1::bigint AND status IN ('pending', 'confirmed')"
	    " RETURNING id",

	/* $1 id, $2 from, $3 to */
	[STMT_RESERVATION_STATUS] =
	    "UPDATE reservations SET status = $3::reservation_status,"
	    " updated_at = now()"
	    " WHERE id = $1::bigint AND status = $2::reservation_status"
	    " RETURNING id",

	/* $1 restaurant, $2 email, $3 a reservation to leave out */
	[STMT_GUEST_ACTIVE_COUNT] =
	    "SELECT count(*) FROM reservations WHERE restaurant_id = $1::bigint"
	    " AND guest_email = $2::citext AND status IN ('pending', 'confirmed')"
	    " AND starts_at > now() AND id <> $3::bigint",

	/* $1 kind, $2 reservation, $3 to, $4 dedupe key, $5 payload, $6 domain */
	[STMT_OUTBOX_INSERT] =
	    "INSERT INTO outbox (kind, reservation_id, to_addr, dedupe_key, payload,"
	    " message_id) VALUES ($1::text, $2::bigint, $3::citext, $4::text,"
	    " $5::jsonb, '<' || gen_random_uuid() || '@' || $6::text || '>')"
	    " ON CONFLICT (dedupe_key) DO NOTHING",

	/*
	 * $1 limit, $2 lease seconds: due rows, and rows whose sender died
	 * (lease over), become "sending" for one more attempt.
	 */
	[STMT_OUTBOX_CLAIM] =
	    "UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1,"
	    " locked_until = now() + make_interval(secs => $2::int)"
	    " WHERE o.id IN (SELECT id FROM outbox"
	    "  WHERE status IN ('queued', 'sending') AND next_attempt_at <= now()"
	    "  AND (status = 'queued' OR locked_until < now())"
	    "  ORDER BY next_attempt_at, id LIMIT $1::int FOR UPDATE SKIP LOCKED)"
	    " RETURNING o.id, o.kind, coalesce(o.reservation_id, 0), o.to_addr,"
	    " o.payload::text, o.message_id, o.attempts",

	/* $1 limit: what a dry run would send, changing nothing */
	[STMT_OUTBOX_DUE] =
	    "SELECT id, kind, coalesce(reservation_id, 0), to_addr, payload::text,"
	    " message_id, attempts + 1 FROM outbox"
	    " WHERE status IN ('queued', 'sending') AND next_attempt_at <= now()"
	    " AND (status = 'queued' OR locked_until < now())"
	    " ORDER BY next_attempt_at, id LIMIT $1::int",

	[STMT_OUTBOX_SENT] =
	    "UPDATE outbox SET status = 'sent', sent_at = now(),"
	    " locked_until = NULL, last_error = NULL"
	    " WHERE id = $1::bigint AND status = 'sending'",

	/* $1 id, $2 queued (again), dead or skipped, $3 delay ms, $4 why */
	[STMT_OUTBOX_FAILED] =
	    "UPDATE outbox SET locked_until = NULL, last_error = left($4::text, 1000),"
	    " status = $2::outbox_status,"
	    " next_attempt_at = CASE WHEN $2::outbox_status = 'queued'"
	    "  THEN now() + make_interval(secs => $3::int / 1000.0)"
	    "  ELSE next_attempt_at END"
	    " WHERE id = $1::bigint AND status = 'sending'",

	/* seconds until a row is due (NULL when the queue is empty) */
	[STMT_OUTBOX_NEXT_DUE] =
	    "SELECT extract(epoch FROM min(CASE WHEN status = 'queued'"
	    " THEN next_attempt_at ELSE greatest(next_attempt_at, locked_until) END)"
	    " - now())::float8 FROM outbox WHERE status IN ('queued', 'sending')",

	/* ---- the batch jobs; $1 is always their "now" as epoch seconds ---- */

	/* $1 job name: true if this session now holds the job's lock */
	[STMT_JOB_LOCK] =
	    "SELECT pg_try_advisory_lock(hashtext('stolik-job:' || $1::text))",

	/*
	 * Reminders due: for each upcoming booking the latest of its
	 * restaurant's reminder times that has passed (an earlier one never
	 * sent is superseded), if the booking existed by then. Whole days
	 * keep the local time of day across a DST change; other hours are
	 * real hours. $2 the Message-ID domain.
	 */
	[STMT_REMIND_QUEUE] =
	    "INSERT INTO outbox (kind, reservation_id, to_addr, dedupe_key, payload,"
	    " message_id)"
	    " SELECT 'reminder', d.id, d.guest_email,"
	    " 'reminder-' || d.h || 'h:' || d.id, jsonb_build_object('hours', d.h),"
	    " '<' || gen_random_uuid() || '@' || $2::text || '>'"
	    " FROM (SELECT DISTINCT ON (v.id) v.id, v.guest_email, h.h"
	    "  FROM reservations v JOIN restaurants r ON r.id = v.restaurant_id"
	    "  CROSS JOIN LATERAL unnest(r.reminder_hours) AS h(h)"
	    "  CROSS JOIN LATERAL (SELECT CASE WHEN h.h % 24 = 0"
	    "   THEN ((v.starts_at AT TIME ZONE r.timezone)"
	    "    - make_interval(days => h.h / 24)) AT TIME ZONE r.timezone"
	    "   ELSE v.starts_at - make_interval(hours => h.h) END AS at) due"
	    "  WHERE v.status IN ('confirmed', 'arrived')"
	    "  AND v.starts_at > to_timestamp($1::bigint)"
	    "  AND v.starts_at <= to_timestamp($1::bigint) + interval '8 days'"
	    "  AND coalesce(v.guest_email, '') <> ''"
	    "  AND due.at <= to_timestamp($1::bigint) AND v.created_at <= due.at"
	    "  ORDER BY v.id, due.at DESC) d"
	    " ON CONFLICT (dedupe_key) DO NOTHING"
	    " RETURNING id, reservation_id, dedupe_key",

	/*
	 * Confirmed or arrived bookings whose start plus the grace period has
	 * passed, a batch at a time; notify is false for old ones (a job that
	 * did not run for days marks them but mails nobody).
	 */
	[STMT_NOSHOW_DUE] =
	    "SELECT v.id, v.status, v.code, coalesce(v.guest_email::text, ''),"
	    " coalesce(nullif(r.email::text, ''), (SELECT u.email::text FROM users u"
	    "  WHERE u.id = r.owner_id), ''),"
	    " v.starts_at > to_timestamp($1::bigint) - interval '1 day'"
	    " FROM reservations v JOIN restaurants r ON r.id = v.restaurant_id"
	    " WHERE v.status IN ('confirmed', 'arrived')"
	    " AND v.starts_at <= to_timestamp($1::bigint)"
	    " AND v.starts_at + make_interval(mins => r.noshow_grace_minutes)"
	    "  <= to_timestamp($1::bigint)"
	    " ORDER BY v.starts_at, v.id LIMIT $2::int",

	/* holds past their time become expired, with their event rows */
	[STMT_SWEEP_HOLDS] =
	    "WITH x AS (UPDATE reservations SET status = 'expired',"
	    " updated_at = to_timestamp($1::bigint)"
	    " WHERE status = 'held' AND hold_expires_at <= to_timestamp($1::bigint)"
	    " RETURNING id, restaurant_id)"
	    " INSERT INTO reservation_events (reservation_id, restaurant_id, actor,"
	    " from_status, to_status, note) SELECT id, restaurant_id, 'system',"
	    " 'held', 'expired', 'the hold ran out' FROM x RETURNING reservation_id",

	/* seated tables past their end are finished */
	[STMT_SWEEP_FINISH] =
	    "WITH x AS (UPDATE reservations SET status = 'finished',"
	    " updated_at = to_timestamp($1::bigint)"
	    " WHERE status = 'seated' AND ends_at <= to_timestamp($1::bigint)"
	    " RETURNING id, restaurant_id)"
	    " INSERT INTO reservation_events (reservation_id, restaurant_id, actor,"
	    " from_status, to_status, note) SELECT id, restaurant_id, 'system',"
	    " 'seated', 'finished', 'past the end of the booking' FROM x"
	    " RETURNING reservation_id",

	/* $2 domain, $3 minutes after the visit: one invitation per visit */
	[STMT_SWEEP_REVIEWS] =
	    "INSERT INTO outbox (kind, reservation_id, to_addr, dedupe_key, payload,"
	    " message_id)"
	    " SELECT 'review_invitation', v.id, v.guest_email,"
	    " 'review_invitation:' || v.id, '{}',"
	    " '<' || gen_random_uuid() || '@' || $2::text || '>'"
	    " FROM reservations v WHERE v.status = 'finished'"
	    " AND v.ends_at > to_timestamp($1::bigint) - interval '7 days'"
	    " AND greatest(v.ends_at, v.updated_at) + make_interval(mins => $3::int)"
	    "  <= to_timestamp($1::bigint)"
	    " AND coalesce(v.guest_email, '') <> ''"
	    " ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, reservation_id",

	/* $2 idle minutes */
	[STMT_SWEEP_SESSIONS] =
	    "DELETE FROM sessions WHERE expires_at <= to_timestamp($1::bigint)"
	    " OR last_seen_at <= to_timestamp($1::bigint) - make_interval(mins => $2::int)",

	/* one-time links and refresh tokens a day after they ran out */
	[STMT_SWEEP_TOKENS] =
	    "WITH e AS (DELETE FROM email_tokens"
	    "  WHERE expires_at <= to_timestamp($1::bigint) - interval '1 day'"
	    "  RETURNING 1),"
	    " r AS (DELETE FROM refresh_tokens"
	    "  WHERE expires_at <= to_timestamp($1::bigint) - interval '1 day'"
	    "  RETURNING 1)"
	    " SELECT (SELECT count(*) FROM e) + (SELECT count(*) FROM r)",

	/* sign-in attempts (kept for throttling) and idempotency keys: a day */
	[STMT_SWEEP_LOGS] =
	    "WITH l AS (DELETE FROM login_attempts"
	    "  WHERE at <= to_timestamp($1::bigint) - interval '1 day' RETURNING 1),"
	    " i AS (DELETE FROM idempotency_keys"
	    "  WHERE created_at <= to_timestamp($1::bigint) - interval '1 day'"
	    "  RETURNING 1)"
	    " SELECT (SELECT count(*) FROM l) + (SELECT count(*) FROM i)",

	/* the diner's answer to a reminder */
	[STMT_REMINDER_ANSWER] =
	    "UPDATE reservations SET reminder_answer = $2::text,"
	    " reminder_answered_at = now(), updated_at = now()"
	    " WHERE id = $1::bigint AND status IN ('confirmed', 'arrived')"
	    " RETURNING id",

	[STMT_SAVEPOINT] = "SAVEPOINT attempt",
	[STMT_ROLLBACK_TO] = "ROLLBACK TO SAVEPOINT attempt",
	[STMT_RELEASE] = "RELEASE SAVEPOINT attempt",

	/* $1 scope, $2 key, $3 request hash: a row if this call is the first */
	[STMT_IDEM_CLAIM] =
	    "INSERT INTO idempotency_keys (scope, key, request_hash)"
	    " VALUES ($1::text, $2::text, $3::text) ON CONFLICT DO NOTHING"
	    " RETURNING 1",

	[STMT_IDEM_GET] =
	    "SELECT request_hash, status, response FROM idempotency_keys"
	    " WHERE scope = $1::text AND key = $2::text",

	/* $1 scope, $2 key, $3 status, $4 response */
	[STMT_IDEM_STORE] =
	    "UPDATE idempotency_keys SET status = $3::int, response = $4::text"
	    " WHERE scope = $1::text AND key = $2::text",

	/* users: $1 email, or $1 id */
	[STMT_USER_GET_BY_EMAIL] =
	    "SELECT id, email, name, phone, role, coalesce(password_hash, ''),"
	    " email_verified_at IS NOT NULL, disabled_at IS NOT NULL,"
	    " (extract(epoch FROM password_changed_at) * 1000000)::bigint"
	    " FROM users WHERE email = $1::citext",

	[STMT_USER_GET] =
	    "SELECT id, email, name, phone, role, coalesce(password_hash, ''),"
	    " email_verified_at IS NOT NULL, disabled_at IS NOT NULL,"
	    " (extract(epoch FROM password_changed_at) * 1000000)::bigint"
	    " FROM users WHERE id = $1::bigint",

	/* $1 email, $2 name, $3 hash: no row if the address is taken */
	[STMT_USER_CREATE] =
	    "INSERT INTO users (email, name, password_hash) VALUES ($1::citext,"
	    " $2::text, $3::text) ON CONFLICT (email) DO NOTHING RETURNING id",

	/* $1 id, $2 hash, $3 whether the password itself changed */
	[STMT_USER_SET_HASH] =
	    "UPDATE users SET password_hash = $2::text,"
	    " password_changed_at = CASE WHEN $3::bool THEN now()"
	    "  ELSE password_changed_at END WHERE id = $1::bigint",

	[STMT_USER_VERIFY] =
	    "UPDATE users SET email_verified_at = coalesce(email_verified_at, now())"
	    " WHERE id = $1::bigint",

	[STMT_USER_SET_EMAIL] =
	    "UPDATE users SET email = $2::citext, email_verified_at = now()"
	    " WHERE id = $1::bigint",

	/* $1 hash, $2 user, $3 CSRF secret, $4 now, $5 hours, $6 ip, $7 agent */
	[STMT_SESSION_CREATE] =
	    "INSERT INTO sessions (token_hash, user_id, csrf_secret, created_at,"
	    " last_seen_at, expires_at, ip, user_agent) VALUES ($1::bytea,"
	    " $2::bigint, $3::bytea, to_timestamp($4::bigint),"
	    " to_timestamp($4::bigint),"
	    " to_timestamp($4::bigint) + make_interval(hours => $5::int),"
	    " $6::inet, left($7::text, 512))",

	[STMT_SESSION_TOUCH] =
	    "UPDATE sessions SET last_seen_at = to_timestamp($2::bigint)"
	    " WHERE token_hash = $1::bytea",

	[STMT_SESSION_DELETE] =
	    "DELETE FROM sessions WHERE token_hash = $1::bytea",

	/* $1 user, $2 the one session to keep, or NULL */
	[STMT_SESSION_DELETE_USER] =
	    "DELETE FROM sessions WHERE user_id = $1::bigint"
	    " AND ($2::bytea IS NULL OR token_hash <> $2::bytea)",

	/* $1 hash, $2 user, $3 purpose, $4 new email, $5 minutes: older links
	 * of the same purpose stop working */
	[STMT_EMAIL_TOKEN_CREATE] =
	    "WITH old AS (UPDATE email_tokens SET used_at = now()"
	    "  WHERE user_id = $2::bigint AND purpose = $3::text AND used_at IS NULL)"
	    " INSERT INTO email_tokens (token_hash, user_id, purpose, new_email,"
	    " expires_at) VALUES ($1::bytea, $2::bigint, $3::text, $4::citext,"
	    " now() + make_interval(mins => $5::int))",

	[STMT_EMAIL_TOKEN_USE] =
	    "UPDATE email_tokens SET used_at = now() WHERE token_hash = $1::bytea"
	    " AND purpose = $2::text AND used_at IS NULL AND expires_at > now()"
	    " RETURNING user_id, coalesce(new_email::text, '')",

	[STMT_EMAIL_TOKEN_PEEK] =
	    "SELECT 1 FROM email_tokens WHERE token_hash = $1::bytea"
	    " AND purpose = $2::text AND used_at IS NULL AND expires_at > now()",

	/* $1 email, $2 ip, $3 success, $4 now */
	[STMT_LOGIN_RECORD] =
	    "INSERT INTO login_attempts (email, ip, success, at) VALUES"
	    " ($1::citext, $2::inet, $3::bool, to_timestamp($4::bigint))",

	/* $1 email, $2 ip, $3 now, $4 minutes: failures for each */
	[STMT_LOGIN_FAILURES] =
	    "SELECT count(*) FILTER (WHERE email = $1::citext),"
	    " count(*) FILTER (WHERE ip = $2::inet)"
	    " FROM login_attempts WHERE NOT success"
	    " AND at > to_timestamp($3::bigint) - make_interval(mins => $4::int)"
	    " AND at <= to_timestamp($3::bigint)"
	    " AND (email = $1::citext OR ip = $2::inet)",

	/* $1 hash, $2 user, $3 family or NULL for a new one, $4 days */
	[STMT_REFRESH_ISSUE] =
	    "INSERT INTO refresh_tokens (token_hash, user_id, family, expires_at)"
	    " VALUES ($1::bytea, $2::bigint, coalesce($3::uuid, gen_random_uuid()),"
	    " now() + make_interval(days => $4::int)) RETURNING family",

	[STMT_REFRESH_USE] =
	    "UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1::bytea"
	    " AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()"
	    " RETURNING user_id, family",

	[STMT_REFRESH_LOOKUP] =
	    "SELECT family, used_at IS NOT NULL, user_id FROM refresh_tokens"
	    " WHERE token_hash = $1::bytea",

	/* every refresh token of $1 (a new password) */
	[STMT_REFRESH_REVOKE_USER] =
	    "UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now())"
	    " WHERE user_id = $1::bigint",

	[STMT_REFRESH_REVOKE_FAMILY] =
	    "UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now())"
	    " WHERE family = $1::uuid",

	/* $1 owner, $2 name, $3 prefix, $4 hash, $5 scopes (comma-separated) */
	[STMT_API_KEY_CREATE] =
	    "INSERT INTO api_keys (owner_id, name, prefix, key_hash, scopes)"
	    " VALUES ($1::bigint, $2::text, $3::text, $4::bytea,"
	    " string_to_array($5::text, ',')) RETURNING id",

	/* $1 hash: the owner and scopes of a live key (last use kept to a minute) */
	[STMT_API_KEY_GET] =
	    "WITH k AS (SELECT id, owner_id, scopes, last_used_at FROM api_keys"
	    "  WHERE key_hash = $1::bytea AND revoked_at IS NULL),"
	    " u AS (UPDATE api_keys SET last_used_at = now() WHERE id = (SELECT id"
	    "  FROM k) AND (last_used_at IS NULL OR last_used_at <"
	    "  now() - interval '1 minute'))"
	    " SELECT owner_id, array_to_string(scopes, ',') FROM k",

	[STMT_API_KEY_LIST] =
	    "SELECT id, name, prefix, array_to_string(scopes, ' '),"
	    " to_char(created_at, 'YYYY-MM-DD'),"
	    " coalesce(to_char(last_used_at, 'YYYY-MM-DD HH24:MI'), ''),"
	    " revoked_at IS NOT NULL"
	    " FROM api_keys WHERE owner_id = $1::bigint ORDER BY id DESC",

	/* $1 owner, $2 key id: only the owner's own */
	[STMT_API_KEY_REVOKE] =
	    "UPDATE api_keys SET revoked_at = now() WHERE id = $2::bigint"
	    " AND owner_id = $1::bigint AND revoked_at IS NULL RETURNING id",

	/* $1 actor or NULL, $2 action, $3 target, $4 ip, $5 detail */
	[STMT_AUDIT_INSERT] =
	    "INSERT INTO audit_log (actor_id, action, target, ip, detail)"
	    " VALUES ($1::bigint, $2::text, left($3::text, 200), $4::inet, $5::jsonb)",

	/* $1 user: their bookings and guest bookings under their verified address */
	[STMT_MY_RESERVATIONS] =
	    "SELECT v.code, v.status, r.slug, r.name,"
	    " to_char(v.starts_at AT TIME ZONE r.timezone, 'YYYY-MM-DD'),"
	    " to_char(v.starts_at AT TIME ZONE r.timezone, 'HH24:MI'),"
	    " r.timezone, v.party_size, v.starts_at > now(),"
	    " extract(epoch FROM v.starts_at)::bigint"
	    " FROM reservations v JOIN restaurants r ON r.id = v.restaurant_id"
	    " JOIN users u ON u.id = $1::bigint"
	    " WHERE (v.user_id = u.id OR (u.email_verified_at IS NOT NULL"
	    "  AND v.guest_email = u.email))"
	    " AND v.status NOT IN ('held', 'expired')"
	    " ORDER BY v.starts_at DESC LIMIT 200",
};
