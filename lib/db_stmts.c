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
	    " (extract(epoch FROM (v.ends_at AT TIME ZONE r.timezone)"  \
	    "  - (v.ends_at AT TIME ZONE 'UTC')) / 60)::int,"  \
	    " coalesce(v.user_id, 0),"  \
	    " (SELECT count(*) FROM reservation_events e"  \
	    "  WHERE e.reservation_id = v.id)::int,"  \
	    " coalesce(v.reminder_answer, '')"  \
	    " FROM reservations v JOIN restaurants r ON r.id = v.restaurant_id"  \
	    " JOIN dining_tables t ON t.id = v.table_id"

/* A claimed delivery as wh_claim reads it (lib/db_webhook_job.c). */
#define WH_COLS \
	    "d.id, d.public_id, d.endpoint_id, d.attempts,"  \
	    " extract(epoch FROM now() - d.created_at)::float8,"  \
	    " ev.public_id, ev.type,"  \
	    " to_char(ev.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"  \
	    " ev.data::text, w.url, w.secret_sealed,"  \
	    " CASE WHEN w.old_secret_until > now() THEN w.old_secret_sealed END,"  \
	    " coalesce(d.order_key, 0)"
/* The same before the claim: the attempt it would be. */
#define WH_COLS_PLUS_ONE \
	    "d.id, d.public_id, d.endpoint_id, d.attempts + 1,"  \
	    " extract(epoch FROM now() - d.created_at)::float8,"  \
	    " ev.public_id, ev.type,"  \
	    " to_char(ev.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"  \
	    " ev.data::text, w.url, w.secret_sealed,"  \
	    " CASE WHEN w.old_secret_until > now() THEN w.old_secret_sealed END,"  \
	    " coalesce(d.order_key, 0)"

/* A restaurant as its owner edits it. */
#define OWNER_RESTAURANT_SELECT \
	    "SELECT r.id, r.slug, r.name, r.description, r.cuisine, r.address,"  \
	    " r.city, r.postal_code, r.country, r.phone,"  \
	    " coalesce(r.email::text, ''), r.website, r.lat, r.lon, r.timezone,"  \
	    " r.slot_minutes, r.booking_window_days, r.min_notice_minutes,"  \
	    " r.cancel_cutoff_minutes, r.confirmation_mode,"  \
	    " r.pacing_covers_per_slot, r.noshow_grace_minutes,"  \
	    " array_to_string(r.reminder_hours, ','), r.max_party, r.status,"  \
	    " to_char(now() AT TIME ZONE r.timezone, 'YYYY-MM-DD'),"  \
	    " r.rating_avg::float8, r.rating_count,"  \
	    " coalesce(to_char(r.rating_avg, 'FM0.0'), ''),"  \
	    " r.waitlist_claim_minutes"  \
	    " FROM restaurants r"

/* A webhook endpoint as its owner sees it (the secret only sealed). */
#define WEBHOOK_SELECT \
	    "SELECT w.id, w.url, w.description, array_to_json(w.events)::text,"  \
	    " w.secret_sealed, w.enabled, coalesce(w.disabled_reason, ''),"  \
	    " coalesce(to_char(w.disabled_at AT TIME ZONE 'UTC',"  \
	    "  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), w.failures,"  \
	    " CASE WHEN w.old_secret_until > now() THEN to_char(w.old_secret_until"  \
	    "  AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') ELSE '' END,"  \
	    " to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"  \
	    " to_char(w.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"  \
	    " CASE WHEN w.old_secret_until > now() THEN to_char(w.old_secret_until"  \
	    "  AT TIME ZONE r.timezone, 'YYYY-MM-DD HH24:MI') ELSE '' END,"  \
	    " (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = w.id"  \
	    "  AND d.status = 'queued')::int"  \
	    " FROM webhook_endpoints w JOIN restaurants r ON r.id = w.restaurant_id"

/*
 * A deposit policy p (with its currency c) as deposit_from_json reads it;
 * its special dates from days before the restaurant's (zone tz) today on.
 */
#define DEPOSIT_JSON(tz, days) \
	    "json_build_array(p.kind, p.amount, p.currency, c.exponent," \
	    " p.min_party, (SELECT coalesce(sum(DISTINCT 1 << (w - 1)), 0)" \
	    "  FROM unnest(p.weekdays) w), to_json(p.services), p.refund_hours," \
	    " p.late_refund_percent, (SELECT coalesce(json_agg(" \
	    "  x.day - date '2000-01-01' ORDER BY x.day), '[]')" \
	    "  FROM (SELECT d.day FROM deposit_dates d" \
	    "  WHERE d.restaurant_id = p.restaurant_id" \
	    "  AND d.day >= (now() AT TIME ZONE " tz ")::date - " days \
	    "  ORDER BY d.day LIMIT 64) x))"

/* The columns of a restaurant's set-up (parsed by setup_parse in setup.c). */
#define SETUP_SELECT \
	    "SELECT r.id, r.slug, r.name, r.timezone, r.phone," \
	    " coalesce(nullif(r.email::text, ''), u.email::text), r.address," \
	    " r.city, r.slot_minutes, r.booking_window_days, r.min_notice_minutes," \
	    " r.cancel_cutoff_minutes, coalesce(r.pacing_covers_per_slot, 0)," \
	    " r.max_party, r.confirmation_mode = 'manual', r.status = 'active'," \
	    " (SELECT coalesce(json_agg(json_build_array(h.weekday," \
	    "   (extract(epoch FROM h.opens) / 60)::int," \
	    "   (extract(epoch FROM h.closes) / 60)::int, h.name)" \
	    "   ORDER BY h.weekday, h.opens), '[]')" \
	    "  FROM opening_hours h WHERE h.restaurant_id = r.id)," \
	    " (SELECT coalesce(json_agg(json_build_array(" \
	    "   c.starts_on - date '2000-01-01', c.ends_on - date '2000-01-01')), '[]')" \
	    "  FROM closures c WHERE c.restaurant_id = r.id" \
	    "  AND c.ends_on >= current_date - 2)," \
	    " (SELECT coalesce(json_agg(json_build_array(t.party_min, t.party_max," \
	    "   t.minutes) ORDER BY t.party_min), '[]')" \
	    "  FROM turn_times t WHERE t.restaurant_id = r.id)," \
	    " (SELECT coalesce(json_agg(json_build_array(d.id, d.seats_min," \
	    "   d.seats_max, d.active AND d.bookable = 'online', d.label, d.area," \
	    "   d.active)" \
	    "   ORDER BY d.seats_max, d.seats_min, d.id), '[]')" \
	    "  FROM dining_tables d WHERE d.restaurant_id = r.id)," \
	    " (SELECT " DEPOSIT_JSON("r.timezone", "2") \
	    "  FROM deposit_policies p JOIN currencies c ON c.code = p.currency" \
	    "  WHERE p.restaurant_id = r.id)" \
	    " FROM restaurants r JOIN users u ON u.id = r.owner_id"

/*
 * A photo's srcset: its narrower copies <stem>-<w>.<ext> and the file
 * itself at its own width; "" when it has no copies or no known width.
 */
#define PHOTO_SRCSET(p)							\
	"CASE WHEN " p ".width IS NULL OR cardinality(" p ".widths) = 0"	\
	" THEN '' ELSE (SELECT string_agg('/media/' ||"				\
	"  split_part(" p ".file, '.', 1) || '-' || w || '.' ||"		\
	"  split_part(" p ".file, '.', 2) || ' ' || w || 'w', ', ' ORDER BY w)"	\
	"  FROM unnest(" p ".widths) w WHERE w < " p ".width) || ', /media/' ||"	\
	" " p ".file || ' ' || " p ".width || 'w' END"

/* A search hit's first photo (h: the hit), for PHOTO_COLS. */
#define PHOTO_OF							\
	" LEFT JOIN LATERAL (SELECT p.file, p.caption, p.width, p.height,"	\
	" " PHOTO_SRCSET("p") " AS srcset"				\
	" FROM restaurant_photos p WHERE p.restaurant_id = h.id"		\
	" ORDER BY p.position, p.id LIMIT 1) ph ON true"

/* file ('' for none), caption, width, height (0 unknown), srcset */
#define PHOTO_COLS							\
	" coalesce(ph.file, ''), coalesce(ph.caption, ''),"		\
	" coalesce(ph.width, 0), coalesce(ph.height, 0),"		\
	" coalesce(ph.srcset, '')"

const char *const db_stmts[STMT__MAX] = {
	[STMT_PING] =
	    "SELECT 1",
	/*
	 * A replica's replay position (bytes) and how far behind it is, in
	 * seconds: 0 when it has replayed all it received, else the age of
	 * the last transaction it replayed (so a paused or stuck replay
	 * ages). On a primary: NULL, NULL.
	 */
	[STMT_REPLICA_STATE] =
	    "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::text,"
	    " CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()"
	    " THEN 0 ELSE coalesce(extract(epoch FROM now()"
	    " - pg_last_xact_replay_timestamp()), 0) END::float8",
	/* the primary's WAL position after a write (bytes) */
	[STMT_WAL_LSN] =
	    "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::text",

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
	    "  AND l.t::date BETWEEN c.starts_on AND c.ends_on),"
	    /* the minute of the read, and until when the wall clock keeps
	     * this date and offset: the next local midnight, or on a day
	     * the offset changes, the next minute */
	    " floor(extract(epoch FROM now()) / 60)::bigint,"
	    " CASE WHEN l.t - (now() AT TIME ZONE 'UTC') ="
	    "  (n.m AT TIME ZONE r.timezone) - (n.m AT TIME ZONE 'UTC')"
	    "  THEN extract(epoch FROM n.m)::bigint"
	    "  ELSE floor(extract(epoch FROM now()) / 60)::bigint * 60 + 60 END"
	    " FROM restaurants r"
	    " CROSS JOIN LATERAL (SELECT now() AT TIME ZONE r.timezone AS t) l"
	    " CROSS JOIN LATERAL (SELECT (l.t::date + 1)::timestamp"
	    "  AT TIME ZONE r.timezone AS m) n"
	    " WHERE r.slug = $1 AND r.status = 'active'",

	/*
	 * $1 words ('' for all), $2 city, $3 cuisine ('' for any), $4 limit,
	 * $5 offset. Stemmed and unstemmed matches both count. The page's hits
	 * are found first, then each one's first photo (PHOTO_OF).
	 */
	[STMT_RESTAURANT_SEARCH] =
	    "SELECT h.slug, h.name, h.cuisine, h.city, h.address, h.rating,"
	    " h.rating_count, h.total, h.id, NULL::float8," PHOTO_COLS
	    " FROM (WITH q AS (SELECT CASE WHEN $1::text = '' THEN NULL"
	    "  ELSE websearch_to_tsquery('english', $1::text)"
	    "   || websearch_to_tsquery('simple', $1::text) END AS tsq)"
	    " SELECT r.slug, r.name, r.cuisine, r.city, r.address,"
	    " coalesce(r.rating_avg, 0) AS rating, r.rating_count,"
	    " count(*) OVER () AS total, r.id,"
	    " row_number() OVER (ORDER BY CASE WHEN q.tsq IS NULL THEN 0"
	    "  ELSE ts_rank(r.search, q.tsq) END DESC,"
	    "  r.rating_count DESC, r.name, r.id) AS n"
	    " FROM restaurants r, q"
	    " WHERE r.status = 'active'"
	    " AND (q.tsq IS NULL OR r.search @@ q.tsq)"
	    " AND ($2::text = '' OR lower(r.city) = lower($2::text))"
	    " AND ($3::text = '' OR lower(r.cuisine) = lower($3::text))"
	    " ORDER BY n LIMIT $4::int OFFSET $5::int) h" PHOTO_OF
	    " ORDER BY h.n",

	/*
	 * Near me: the search's $1..$5, and $6 latitude, $7 longitude, $8
	 * radius in metres; nearest first, with the distance in metres. The
	 * GiST index restaurants_earth answers earth_box (a cube around the
	 * point); the exact great-circle distance filters what the box lets by.
	 */
	[STMT_RESTAURANT_NEARBY] =
	    "SELECT h.slug, h.name, h.cuisine, h.city, h.address, h.rating,"
	    " h.rating_count, h.total, h.id, h.dist," PHOTO_COLS
	    " FROM (WITH q AS (SELECT CASE WHEN $1::text = '' THEN NULL"
	    "  ELSE websearch_to_tsquery('english', $1::text)"
	    "   || websearch_to_tsquery('simple', $1::text) END AS tsq)"
	    " SELECT r.slug, r.name, r.cuisine, r.city, r.address,"
	    " coalesce(r.rating_avg, 0) AS rating, r.rating_count,"
	    " count(*) OVER () AS total, r.id, d.dist"
	    /* the centre once (OFFSET 0: not pulled up), not once a row */
	    " FROM (SELECT ll_to_earth($6::float8, $7::float8) AS e OFFSET 0) c"
	    " CROSS JOIN q JOIN restaurants r"
	    "  ON earth_box(c.e, $8::float8) @> ll_to_earth(r.lat, r.lon)"
	    " CROSS JOIN LATERAL (SELECT earth_distance(ll_to_earth(r.lat, r.lon),"
	    "  c.e) AS dist) d"
	    " WHERE r.status = 'active' AND r.lat IS NOT NULL"
	    " AND d.dist <= $8::float8"
	    " AND (q.tsq IS NULL OR r.search @@ q.tsq)"
	    " AND ($2::text = '' OR lower(r.city) = lower($2::text))"
	    " AND ($3::text = '' OR lower(r.cuisine) = lower($3::text))"
	    " ORDER BY d.dist, r.name, r.id LIMIT $4::int OFFSET $5::int) h"
	    PHOTO_OF
	    " ORDER BY h.dist, h.name, h.id",

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
	    " s.last_seen_at < to_timestamp($2::bigint) - interval '1 minute',"
	    " u.language"
	    " FROM sessions s JOIN users u ON u.id = s.user_id"
	    " WHERE s.token_hash = $1::bytea"
	    " AND s.expires_at > to_timestamp($2::bigint)"
	    " AND s.last_seen_at > to_timestamp($2::bigint) - make_interval(mins => $3::int)"
	    " AND u.disabled_at IS NULL",

	/*
	 * Restaurants with what availability needs; hours, closures (as day
	 * numbers from 2000-01-01), turn times and tables (smallest first) as
	 * JSON arrays. By one id or slug PostgreSQL keeps a generic plan; a
	 * list of ids is planned on each call (planning costs more than the
	 * query, so one restaurant never takes that path).
	 */
	[STMT_SETUP_BY_IDS] = SETUP_SELECT " WHERE r.id = ANY($1::bigint[])",
	[STMT_SETUP_BY_ID] = SETUP_SELECT " WHERE r.id = $1::bigint",
	[STMT_SETUP_BY_SLUG] = SETUP_SELECT " WHERE r.slug = $1::text",

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

	/*
	 * $1 restaurant ids, $2 from, $3 to (epoch): the active bookings.
	 * With a list of ids PostgreSQL would plan every call afresh (a
	 * custom plan knows the list's length), so the list goes through a
	 * function whose plan is made once; one id needs no such help.
	 */
	[STMT_BOOKED_RANGE] =
	    "SELECT id, restaurant_id, table_id, starts, ends, party, hold_until"
	    " FROM booked_range($1::bigint[], $2::bigint, $3::bigint)",
	[STMT_BOOKED_ONE] =
	    "SELECT id, restaurant_id, table_id,"
	    " extract(epoch FROM starts_at)::bigint,"
	    " extract(epoch FROM ends_at)::bigint, party_size,"
	    " CASE WHEN status = 'held'"
	    " THEN floor(extract(epoch FROM hold_expires_at))::bigint END"
	    " FROM reservations"
	    " WHERE restaurant_id = $1::bigint"
	    " AND starts_at >= to_timestamp($2::bigint)"
	    " AND starts_at < to_timestamp($3::bigint)"
	    " AND status IN ('held', 'pending', 'confirmed', 'arrived', 'seated')"
	    " AND (status <> 'held' OR hold_expires_at > now())",
	[STMT_BOOKED_NOTIFY] =
	    "SELECT pg_notify('" BOOKED_CHANNEL "', $1::text)",

	/*
	 * The booking core's writes (sql/0011_booking_core.sql), each taking
	 * its locks in one order. rsv_take: $1 restaurant, $2 tables in
	 * order, $3 start, $4 end (epoch), $5 party, $6 status, $7 source,
	 * $8 code, $9 token hash, $10 hold minutes, $11 browser hash, $12 ip,
	 * $13 holds per browser, $14 per address, $15 name, $16 email,
	 * $17 phone, $18 requests, $19 user, $20 bookings per guest,
	 * $21 pacing, $22 end of the slot, $23 actor, $24 mails, $25 mail
	 * domain, $26 take the day locks, $27 test builds: ms to wait between
	 * finding a free table and taking it, $28 how many of $2's first
	 * tables the caller saw free (tried before any are looked for)
	 */
	[STMT_RSV_TAKE] =
	    "SELECT outcome, id, table_id, hold_expires FROM rsv_take("
	    "$1::bigint, $2::bigint[], $3::bigint, $4::bigint, $5::int,"
	    " $6::reservation_status, $7::reservation_source, $8::text,"
	    " $9::bytea, $10::int, $11::bytea, $12::inet, $13::int, $14::int,"
	    " $15::text, $16::citext, $17::text, $18::text, $19::bigint,"
	    " $20::int, $21::int, $22::bigint, $23::text, $24::jsonb, $25::text,"
	    " $26::boolean, $27::int, $28::int)",
	/*
	 * $1 code, $2 token hash, $3 status, $4 name, $5 email, $6 phone,
	 * $7 requests, $8 user, $9 bookings per guest, $10 mails, $11 mail
	 * domain, $12 take the day locks
	 */
	[STMT_RSV_CONFIRM] =
	    "SELECT outcome, id FROM rsv_confirm($1::text, $2::bytea,"
	    " $3::reservation_status, $4::text, $5::citext, $6::text, $7::text,"
	    " $8::bigint, $9::int, $10::jsonb, $11::text, $12::boolean)",
	/* $1 id, $2 from, $3 to (a new time, or NULL), $4 take the day locks */
	[STMT_RSV_LOCK] =
	    "SELECT status, table_id, starts, ends FROM rsv_lock($1::bigint,"
	    " $2::bigint, $3::bigint, $4::boolean)",
	/* $1 id, $2 tables, $3 start, $4 end, $5 party, $6 pacing, $7 slot end */
	[STMT_RSV_MOVE] =
	    "SELECT outcome, table_id FROM rsv_move($1::bigint, $2::bigint[],"
	    " $3::bigint, $4::bigint, $5::int, $6::int, $7::bigint)",

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

	/* $1 id, $2 from, $3 to */
	[STMT_RESERVATION_STATUS] =
	    "UPDATE reservations SET status = $3::reservation_status,"
	    " updated_at = now()"
	    " WHERE id = $1::bigint AND status = $2::reservation_status"
	    " RETURNING id, restaurant_id",

	/* the mailer's wake-up, after a commit that queued mail */
	[STMT_OUTBOX_WAKE] =
	    "SELECT pg_notify('" OUTBOX_CHANNEL "', '')",

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

	/* ---- stolik-webhooks (lib/db_webhook_job.c, sql/0016) ---- */

	/*
	 * $1 limit, $2 lease seconds: claim due deliveries (a dead job's
	 * too once its lease is over) of enabled endpoints, none while an
	 * earlier delivery of its booking to its endpoint is still queued
	 * (leased or waiting for a retry): one booking's events go out in
	 * order. Each claim is an attempt.
	 */
	[STMT_WH_CLAIM] =
	    "UPDATE webhook_deliveries d SET attempts = d.attempts + 1,"
	    " locked_until = now() + make_interval(secs => $2::int)"
	    " FROM webhook_events ev, webhook_endpoints w"
	    " WHERE ev.id = d.event_id AND w.id = d.endpoint_id"
	    " AND d.id IN (SELECT x.id FROM webhook_deliveries x"
	    "  JOIN webhook_endpoints xw ON xw.id = x.endpoint_id"
	    "  WHERE x.status = 'queued' AND x.next_attempt_at <= now()"
	    "  AND (x.locked_until IS NULL OR x.locked_until < now())"
	    "  AND xw.enabled"
	    "  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e"
	    "   WHERE e.endpoint_id = x.endpoint_id AND e.order_key = x.order_key"
	    "   AND e.status = 'queued' AND e.id < x.id)"
	    "  ORDER BY x.next_attempt_at, x.id LIMIT $1::int"
	    "  FOR UPDATE OF x SKIP LOCKED)"
	    " RETURNING " WH_COLS,

	/*
	 * The claim without the order per booking: only test builds use it,
	 * as the negative control of the order test (Webhooks.TestUnordered).
	 */
	[STMT_WH_CLAIM_UNORDERED] =
	    "UPDATE webhook_deliveries d SET attempts = d.attempts + 1,"
	    " locked_until = now() + make_interval(secs => $2::int)"
	    " FROM webhook_events ev, webhook_endpoints w"
	    " WHERE ev.id = d.event_id AND w.id = d.endpoint_id"
	    " AND d.id IN (SELECT x.id FROM webhook_deliveries x"
	    "  JOIN webhook_endpoints xw ON xw.id = x.endpoint_id"
	    "  WHERE x.status = 'queued' AND x.next_attempt_at <= now()"
	    "  AND (x.locked_until IS NULL OR x.locked_until < now())"
	    "  AND xw.enabled"
	    "  ORDER BY x.next_attempt_at, x.id LIMIT $1::int"
	    "  FOR UPDATE OF x SKIP LOCKED)"
	    " RETURNING " WH_COLS,

	/* The claim that takes leased deliveries too: the negative control of
	 * the kill test (Webhooks.TestUnleased), test builds only. */
	[STMT_WH_CLAIM_UNLEASED] =
	    "UPDATE webhook_deliveries d SET attempts = d.attempts + 1,"
	    " locked_until = now() + make_interval(secs => $2::int)"
	    " FROM webhook_events ev, webhook_endpoints w"
	    " WHERE ev.id = d.event_id AND w.id = d.endpoint_id"
	    " AND d.id IN (SELECT x.id FROM webhook_deliveries x"
	    "  JOIN webhook_endpoints xw ON xw.id = x.endpoint_id"
	    "  WHERE x.status = 'queued' AND x.next_attempt_at <= now()"
	    "  AND xw.enabled"
	    "  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e"
	    "   WHERE e.endpoint_id = x.endpoint_id AND e.order_key = x.order_key"
	    "   AND e.status = 'queued' AND e.id < x.id)"
	    "  ORDER BY x.next_attempt_at, x.id LIMIT $1::int"
	    "  FOR UPDATE OF x SKIP LOCKED)"
	    " RETURNING " WH_COLS,

	/* $1 limit: what a dry run would send, claiming nothing */
	[STMT_WH_DUE] =
	    "SELECT " WH_COLS_PLUS_ONE
	    " FROM webhook_deliveries d"
	    " JOIN webhook_events ev ON ev.id = d.event_id"
	    " JOIN webhook_endpoints w ON w.id = d.endpoint_id"
	    " WHERE d.status = 'queued' AND d.next_attempt_at <= now()"
	    " AND (d.locked_until IS NULL OR d.locked_until < now()) AND w.enabled"
	    " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e"
	    "  WHERE e.endpoint_id = d.endpoint_id AND e.order_key = d.order_key"
	    "  AND e.status = 'queued' AND e.id < d.id)"
	    " ORDER BY d.next_attempt_at, d.id LIMIT $1::int",

	/*
	 * One attempt, in one statement: $1 delivery, $2 endpoint, $3
	 * attempt, $4 status code (NULL: no answer), $5 ms, $6 error, $7
	 * excerpt, $8 queued | delivered | failed, $9 retry delay ms, $10
	 * disable after so many failures, $11 Message-ID domain. Only while
	 * the claim is still ours (same attempt, queued). The endpoint counts
	 * failures in a row; the one that reaches $10 disables it and queues
	 * one mail to the owner.
	 */
	[STMT_WH_RESULT] =
	    "WITH d AS (UPDATE webhook_deliveries SET"
	    "  status = $8::webhook_delivery_status, locked_until = NULL,"
	    "  last_code = $4::int, last_error = left($6::text, 500),"
	    "  next_attempt_at = CASE WHEN $8::text = 'queued'"
	    "   THEN now() + make_interval(secs => $9::int / 1000.0)"
	    "   ELSE next_attempt_at END,"
	    "  finished_at = CASE WHEN $8::text = 'queued' THEN NULL ELSE now() END"
	    "  WHERE id = $1::bigint AND attempts = $3::int AND status = 'queued'"
	    "  RETURNING id, restaurant_id),"
	    " a AS (INSERT INTO webhook_attempts (delivery_id, endpoint_id, attempt,"
	    "  status_code, duration_ms, error, excerpt, restaurant_id)"
	    "  SELECT d.id, $2::bigint, $3::int, $4::int, greatest($5::int, 0),"
	    "  left($6::text, 500), left(coalesce($7::text, ''), 1000),"
	    "  d.restaurant_id FROM d),"
	    " w AS (UPDATE webhook_endpoints w SET"
	    "  failures = CASE WHEN $8::text = 'delivered' THEN 0"
	    "   ELSE w.failures + 1 END,"
	    "  enabled = w.enabled AND NOT ($8::text <> 'delivered'"
	    "   AND w.failures + 1 >= $10::int),"
	    "  disabled_reason = CASE WHEN w.enabled AND $8::text <> 'delivered'"
	    "   AND w.failures + 1 >= $10::int"
	    "   THEN 'disabled after ' || (w.failures + 1) || ' failed attempts in a row'"
	    "   ELSE w.disabled_reason END,"
	    "  disabled_at = CASE WHEN w.enabled AND $8::text <> 'delivered'"
	    "   AND w.failures + 1 >= $10::int THEN now() ELSE w.disabled_at END,"
	    "  updated_at = CASE WHEN w.enabled AND $8::text <> 'delivered'"
	    "   AND w.failures + 1 >= $10::int THEN now() ELSE w.updated_at END"
	    "  WHERE w.id = $2::bigint AND EXISTS (SELECT 1 FROM d)"
	    "  RETURNING w.id, w.restaurant_id, w.url, w.failures,"
	    "  NOT w.enabled AND w.disabled_at = now() AS now_off),"
	    " m AS (INSERT INTO outbox (kind, reservation_id, to_addr, dedupe_key,"
	    "  payload, message_id, restaurant_id)"
	    "  SELECT 'webhook_disabled', NULL, u.email,"
	    "  'webhook_disabled:' || w.id || ':'"
	    "  || (extract(epoch FROM now()) * 1000)::bigint,"
	    "  jsonb_build_object('name', u.name, 'reason', left($6::text, 200),"
	    "   'webhook', jsonb_build_object('url', w.url,"
	    "    'restaurant', r.name, 'restaurant_id', r.id,"
	    "    'failures', w.failures, 'endpoint_id', w.id)),"
	    "  '<' || gen_random_uuid() || '@' || $11::text || '>', r.id"
	    "  FROM w JOIN restaurants r ON r.id = w.restaurant_id"
	    "  JOIN users u ON u.id = r.owner_id WHERE w.now_off"
	    "  ON CONFLICT (dedupe_key) DO NOTHING RETURNING id)"
	    " SELECT (SELECT count(*) FROM d)::int,"
	    " coalesce((SELECT now_off FROM w), false),"
	    " (SELECT count(*) FROM m)::int",

	/* $1 delivery, $2 its attempt: back to the queue, not counted */
	[STMT_WH_RELEASE] =
	    "UPDATE webhook_deliveries SET locked_until = NULL,"
	    " attempts = attempts - 1"
	    " WHERE id = $1::bigint AND attempts = $2::int AND status = 'queued'",

	/* $1 hours: queued deliveries past their age fail, unattempted */
	[STMT_WH_EXPIRE] =
	    "UPDATE webhook_deliveries SET status = 'failed', finished_at = now(),"
	    " last_error = 'not delivered within ' || $1::int || ' hours',"
	    " locked_until = NULL"
	    " WHERE status = 'queued'"
	    " AND created_at < now() - make_interval(hours => $1::int)"
	    " AND (locked_until IS NULL OR locked_until < now())",

	/* $1 days: old events, with their deliveries and attempts, a batch */
	[STMT_WH_PURGE] =
	    "DELETE FROM webhook_events WHERE id IN (SELECT e.id"
	    " FROM webhook_events e"
	    " WHERE e.created_at < now() - make_interval(days => $1::int)"
	    " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d"
	    "  WHERE d.event_id = e.id AND d.status = 'queued')"
	    " ORDER BY e.id LIMIT 5000)",

	/* ---- the owner's restaurants: every statement checks owner_id ---- */

	/* $1 owner */
	[STMT_OWNER_RESTAURANTS] =
	    "SELECT r.id, r.slug, r.name, r.city, r.status, r.timezone,"
	    " coalesce(to_char(r.rating_avg, 'FM0.0'), ''), r.rating_count,"
	    " to_char(now() AT TIME ZONE r.timezone, 'YYYY-MM-DD'),"
	    " (SELECT count(*) FROM reservations v WHERE v.restaurant_id = r.id"
	    "  AND v.status IN ('pending', 'confirmed', 'arrived', 'seated')"
	    "  AND v.starts_at >= (date_trunc('day', now() AT TIME ZONE r.timezone)"
	    "   AT TIME ZONE r.timezone)"
	    "  AND v.starts_at < ((date_trunc('day', now() AT TIME ZONE r.timezone)"
	    "   + interval '1 day') AT TIME ZONE r.timezone))::int"
	    " FROM restaurants r WHERE r.owner_id = $1::bigint ORDER BY r.name, r.id",

	/* $1 id, $2 owner: the whole row for the set-up forms */
	[STMT_OWNER_RESTAURANT] =
	    OWNER_RESTAURANT_SELECT " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint",
	/* the same without the check: only the access tests' negative control */
	[STMT_OWNER_RESTAURANT_UNCHECKED] =
	    OWNER_RESTAURANT_SELECT " WHERE r.id = $1::bigint AND $2::bigint IS NOT NULL",

	/* $1 owner, $2 slug, $3 name, $4 zone, $5 city */
	[STMT_OWNER_CREATE] =
	    "INSERT INTO restaurants (owner_id, slug, name, timezone, city)"
	    " VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text)"
	    " RETURNING id",

	/* $1 id, $2 owner, then the profile */
	[STMT_OWNER_PROFILE] =
	    "UPDATE restaurants SET name = $3::text, description = $4::text,"
	    " cuisine = $5::text, address = $6::text, city = $7::text,"
	    " postal_code = $8::text, country = $9::text, phone = $10::text,"
	    " email = nullif($11::text, '')::citext, website = $12::text,"
	    " lat = $13::float8, lon = $14::float8, timezone = $15::text,"
	    " updated_at = now()"
	    " WHERE id = $1::bigint AND owner_id = $2::bigint RETURNING id",

	/* $1 id, $2 owner, then the booking rules */
	[STMT_OWNER_RULES] =
	    "UPDATE restaurants SET slot_minutes = $3::int,"
	    " booking_window_days = $4::int, min_notice_minutes = $5::int,"
	    " cancel_cutoff_minutes = $6::int,"
	    " confirmation_mode = $7::confirmation_mode,"
	    " pacing_covers_per_slot = $8::int, noshow_grace_minutes = $9::int,"
	    " reminder_hours = $10::int[], max_party = $11::int,"
	    " waitlist_claim_minutes = $12::int, updated_at = now()"
	    " WHERE id = $1::bigint AND owner_id = $2::bigint RETURNING id",

	/* a draft with tables, hours and turn times goes to the admin */
	[STMT_OWNER_SUBMIT] =
	    "UPDATE restaurants r SET status = 'pending', updated_at = now()"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND r.status = 'draft'"
	    " AND EXISTS (SELECT 1 FROM dining_tables t WHERE t.restaurant_id = r.id"
	    "  AND t.active AND t.bookable = 'online')"
	    " AND EXISTS (SELECT 1 FROM opening_hours h WHERE h.restaurant_id = r.id)"
	    " AND EXISTS (SELECT 1 FROM turn_times u WHERE u.restaurant_id = r.id)"
	    " RETURNING id",

	/* $1 restaurant, $2 owner */
	[STMT_OWNER_HOURS] =
	    "SELECT h.id, h.weekday, to_char(h.opens, 'HH24:MI'),"
	    " to_char(h.closes, 'HH24:MI'), h.name, h.closes <= h.opens"
	    " FROM opening_hours h JOIN restaurants r ON r.id = h.restaurant_id"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " ORDER BY h.weekday, h.opens",
	/* $3 weekday, $4 opens, $5 closes, $6 name */
	[STMT_OWNER_HOURS_ADD] =
	    "INSERT INTO opening_hours (restaurant_id, weekday, opens, closes, name)"
	    " SELECT r.id, $3::int, $4::time, $5::time, $6::text FROM restaurants r"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint RETURNING id",
	/* $3 the row */
	[STMT_OWNER_HOURS_DELETE] =
	    "DELETE FROM opening_hours h USING restaurants r"
	    " WHERE h.id = $3::bigint AND h.restaurant_id = r.id"
	    " AND r.id = $1::bigint AND r.owner_id = $2::bigint RETURNING h.id",

	[STMT_OWNER_CLOSURES] =
	    "SELECT c.id, c.starts_on::text, c.ends_on::text, c.reason"
	    " FROM closures c JOIN restaurants r ON r.id = c.restaurant_id"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND c.ends_on >= (now() AT TIME ZONE r.timezone)::date - 30"
	    " ORDER BY c.starts_on",
	[STMT_OWNER_CLOSURES_ADD] =
	    "INSERT INTO closures (restaurant_id, starts_on, ends_on, reason)"
	    " SELECT r.id, $3::date, $4::date, $5::text FROM restaurants r"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint RETURNING id",
	[STMT_OWNER_CLOSURES_DELETE] =
	    "DELETE FROM closures c USING restaurants r"
	    " WHERE c.id = $3::bigint AND c.restaurant_id = r.id"
	    " AND r.id = $1::bigint AND r.owner_id = $2::bigint RETURNING c.id",

	[STMT_OWNER_TABLES] =
	    "SELECT t.id, t.label, t.seats_min, t.seats_max, t.area, t.bookable,"
	    " t.active FROM dining_tables t JOIN restaurants r"
	    " ON r.id = t.restaurant_id"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " ORDER BY t.active DESC, t.area, substring(t.label from '^\\D*'), substring(t.label from '\\d+')::numeric NULLS FIRST, t.label",
	/* $3 label, $4 seats_min, $5 seats_max, $6 area, $7 bookable */
	[STMT_OWNER_TABLES_ADD] =
	    "INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max,"
	    " area, bookable) SELECT r.id, $3::text, $4::int, $5::int, $6::text,"
	    " $7::table_bookable FROM restaurants r"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint RETURNING id",
	/* $3 table, then $4.. as above, $9 active */
	[STMT_OWNER_TABLES_UPDATE] =
	    "UPDATE dining_tables t SET label = $4::text, seats_min = $5::int,"
	    " seats_max = $6::int, area = $7::text, bookable = $8::table_bookable,"
	    " active = $9::bool FROM restaurants r"
	    " WHERE t.id = $3::bigint AND t.restaurant_id = r.id"
	    " AND r.id = $1::bigint AND r.owner_id = $2::bigint RETURNING t.id",
	/* a table with bookings is kept (inactive); one without goes */
	[STMT_OWNER_TABLES_DELETE] =
	    "WITH t AS (SELECT t.id, EXISTS (SELECT 1 FROM reservations v"
	    "  WHERE v.table_id = t.id) AS used FROM dining_tables t"
	    "  JOIN restaurants r ON r.id = t.restaurant_id"
	    "  WHERE t.id = $3::bigint AND r.id = $1::bigint"
	    "  AND r.owner_id = $2::bigint),"
	    " d AS (DELETE FROM dining_tables x USING t WHERE x.id = t.id"
	    "  AND NOT t.used RETURNING x.id),"
	    " u AS (UPDATE dining_tables x SET active = false FROM t"
	    "  WHERE x.id = t.id AND t.used RETURNING x.id)"
	    " SELECT id FROM d UNION ALL SELECT id FROM u",

	[STMT_OWNER_TURNS] =
	    "SELECT u.party_min, u.party_max, u.minutes FROM turn_times u"
	    " JOIN restaurants r ON r.id = u.restaurant_id"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " ORDER BY u.party_min",
	/* $3 party_min, $4 party_max, $5 minutes: a range replaces its own */
	[STMT_OWNER_TURNS_ADD] =
	    "INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)"
	    " SELECT r.id, $3::int, $4::int, $5::int FROM restaurants r"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " ON CONFLICT (restaurant_id, party_min) DO UPDATE"
	    " SET party_max = excluded.party_max, minutes = excluded.minutes"
	    " RETURNING party_min",
	[STMT_OWNER_TURNS_DELETE] =
	    "DELETE FROM turn_times u USING restaurants r"
	    " WHERE u.party_min = $3::int AND u.restaurant_id = r.id"
	    " AND r.id = $1::bigint AND r.owner_id = $2::bigint RETURNING u.party_min",

	[STMT_OWNER_PHOTOS] =
	    "SELECT p.id, p.file, p.caption, p.bytes FROM restaurant_photos p"
	    " JOIN restaurants r ON r.id = p.restaurant_id"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " ORDER BY p.position, p.id",
	/* $3 file, $4 type, $5 bytes, $6 caption; at most 12 a restaurant */
	[STMT_OWNER_PHOTOS_ADD] =
	    "INSERT INTO restaurant_photos (restaurant_id, file, content_type, bytes,"
	    " caption, width, height, position)"
	    " SELECT r.id, $3::text, $4::text, $5::int, $6::text, $7::int, $8::int,"
	    " (SELECT count(*) FROM restaurant_photos p WHERE p.restaurant_id = r.id)"
	    " FROM restaurants r WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND (SELECT count(*) FROM restaurant_photos p"
	    "  WHERE p.restaurant_id = r.id) < 12 RETURNING id",
	[STMT_OWNER_PHOTOS_DELETE] =
	    "DELETE FROM restaurant_photos p USING restaurants r"
	    " WHERE p.id = $3::bigint AND p.restaurant_id = r.id"
	    " AND r.id = $1::bigint AND r.owner_id = $2::bigint RETURNING p.file",
	/* $1 restaurant: the public list */
	/* $1 restaurant, $2 owner: the policy (NULL: none), its update time */
	[STMT_OWNER_DEPOSIT] =
	    "SELECT (SELECT " DEPOSIT_JSON("r.timezone", "30") "::text"
	    "  FROM deposit_policies p JOIN currencies c ON c.code = p.currency"
	    "  WHERE p.restaurant_id = r.id),"
	    " coalesce((SELECT to_char(p.updated_at AT TIME ZONE 'UTC',"
	    "  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM deposit_policies p"
	    "  WHERE p.restaurant_id = r.id), '')"
	    " FROM restaurants r WHERE r.id = $1::bigint AND r.owner_id = $2::bigint",
	/* $3 kind, $4 amount, $5 currency, $6 min_party, $7 weekdays,
	 * $8 services, $9 refund_hours, $10 late_refund_percent */
	[STMT_OWNER_DEPOSIT_PUT] =
	    "INSERT INTO deposit_policies (restaurant_id, kind, amount, currency,"
	    " min_party, weekdays, services, refund_hours, late_refund_percent)"
	    " SELECT r.id, $3::deposit_kind, $4::bigint, $5::char(3), $6::int,"
	    " $7::smallint[], $8::text[], $9::int, $10::smallint"
	    " FROM restaurants r WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " ON CONFLICT (restaurant_id) DO UPDATE SET kind = excluded.kind,"
	    " amount = excluded.amount, currency = excluded.currency,"
	    " min_party = excluded.min_party, weekdays = excluded.weekdays,"
	    " services = excluded.services, refund_hours = excluded.refund_hours,"
	    " late_refund_percent = excluded.late_refund_percent,"
	    " updated_at = now()"
	    " RETURNING restaurant_id",
	/* $3 the dates (date[]): they replace the policy's from 30 days ago on */
	[STMT_OWNER_DEPOSIT_DATES] =
	    "WITH r AS (SELECT r.id, (now() AT TIME ZONE r.timezone)::date - 30"
	    "  AS since FROM restaurants r"
	    "  WHERE r.id = $1::bigint AND r.owner_id = $2::bigint),"
	    " gone AS (DELETE FROM deposit_dates d USING r"
	    "  WHERE d.restaurant_id = r.id AND d.day >= r.since"
	    "  AND d.day <> ALL ($3::date[]) RETURNING d.day)"
	    " INSERT INTO deposit_dates (restaurant_id, day)"
	    " SELECT r.id, x FROM r, unnest($3::date[]) x"
	    " ON CONFLICT DO NOTHING",
	/* ---- webhook endpoints: the owner's side (db_webhook.c) ---- */

	/* $1 restaurant, $2 owner: its endpoints (WEBHOOK_COLS) */
	[STMT_WH_LIST] =
	    WEBHOOK_SELECT " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " ORDER BY w.id",
	/* $3 the endpoint */
	[STMT_WH_GET] =
	    WEBHOOK_SELECT " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND w.id = $3::bigint",
	/*
	 * The restaurant's row, locked against another writer of its
	 * endpoints (FOR NO KEY UPDATE: bookings' foreign keys take KEY SHARE
	 * and pass); the count in the next statement then sees every insert
	 * that went before.
	 */
	[STMT_WH_LOCK] =
	    "SELECT r.id FROM restaurants r"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " FOR NO KEY UPDATE",
	/* $3 url, $4 description, $5 events (text[]), $6 sealed secret,
	 * $7 the most endpoints a restaurant may have */
	[STMT_WH_INSERT] =
	    "INSERT INTO webhook_endpoints (restaurant_id, url, description,"
	    " events, secret_sealed)"
	    " SELECT r.id, $3::text, $4::text, $5::text[], $6::text"
	    " FROM restaurants r WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND (SELECT count(*) FROM webhook_endpoints x"
	    "  WHERE x.restaurant_id = r.id) < $7::int"
	    " RETURNING id",
	/* $3 endpoint, $4 url, $5 description, $6 events */
	[STMT_WH_UPDATE] =
	    "UPDATE webhook_endpoints w SET url = $4::text, description = $5::text,"
	    " events = $6::text[], updated_at = now()"
	    " FROM restaurants r WHERE w.id = $3::bigint AND w.restaurant_id = r.id"
	    " AND r.id = $1::bigint AND r.owner_id = $2::bigint RETURNING w.id",
	/* $3 endpoint, $4 enabled: turning it on clears the failures and the
	 * reason; off records the owner as the reason */
	[STMT_WH_ENABLE] =
	    "UPDATE webhook_endpoints w SET enabled = $4::bool,"
	    " failures = CASE WHEN $4::bool THEN 0 ELSE w.failures END,"
	    " disabled_reason = CASE WHEN $4::bool THEN NULL ELSE 'owner' END,"
	    " disabled_at = CASE WHEN $4::bool THEN NULL ELSE now() END,"
	    " updated_at = now()"
	    " FROM restaurants r WHERE w.id = $3::bigint AND w.restaurant_id = r.id"
	    " AND r.id = $1::bigint AND r.owner_id = $2::bigint RETURNING w.id",
	[STMT_WH_DELETE] =
	    "DELETE FROM webhook_endpoints w USING restaurants r"
	    " WHERE w.id = $3::bigint AND w.restaurant_id = r.id"
	    " AND r.id = $1::bigint AND r.owner_id = $2::bigint RETURNING w.id",
	/* $3 endpoint, $4 the new sealed secret: the current one signs
	 * beside it for 24 hours */
	[STMT_WH_ROTATE] =
	    "UPDATE webhook_endpoints w SET old_secret_sealed = w.secret_sealed,"
	    " old_secret_until = now() + interval '24 hours',"
	    " secret_sealed = $4::text, updated_at = now()"
	    " FROM restaurants r WHERE w.id = $3::bigint AND w.restaurant_id = r.id"
	    " AND r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " RETURNING to_char(w.old_secret_until AT TIME ZONE 'UTC',"
	    "  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
	/* $3 endpoint, $4 the sentence: a webhook.test event and its one
	 * delivery, to that endpoint only, in one statement */
	[STMT_WH_TEST] =
	    "WITH w AS (SELECT w.id, w.restaurant_id, r.slug"
	    "  FROM webhook_endpoints w JOIN restaurants r ON r.id = w.restaurant_id"
	    "  WHERE w.id = $3::bigint AND r.id = $1::bigint"
	    "  AND r.owner_id = $2::bigint),"
	    " ev AS (INSERT INTO webhook_events (restaurant_id, order_key, type, data)"
	    "  SELECT w.restaurant_id, NULL, 'webhook.test', jsonb_build_object("
	    "  'endpoint', w.id, 'restaurant', w.slug, 'message', $4::text) FROM w"
	    "  RETURNING id, public_id),"
	    " d AS (INSERT INTO webhook_deliveries (endpoint_id, event_id,"
	    "  restaurant_id)"
	    "  SELECT w.id, ev.id, w.restaurant_id FROM w, ev RETURNING public_id)"
	    " SELECT ev.public_id, d.public_id FROM ev, d",
	/* $3 endpoint, $4 page size, $5 offset: deliveries newest first, with
	 * their last 20 attempts (newest first) as JSON, and the total */
	[STMT_WH_DELIVERIES] =
	    "SELECT d.public_id, e.public_id, e.type, d.status::text, d.attempts,"
	    " to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	    " to_char(d.created_at AT TIME ZONE r.timezone, 'YYYY-MM-DD HH24:MI:SS'),"
	    " coalesce(to_char(d.finished_at AT TIME ZONE 'UTC',"
	    "  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''),"
	    " CASE WHEN d.status = 'queued' THEN to_char(d.next_attempt_at"
	    "  AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') ELSE '' END,"
	    " d.last_code, coalesce(d.last_error, ''),"
	    " coalesce((SELECT p.public_id FROM webhook_deliveries p"
	    "  WHERE p.id = d.replay_of), ''),"
	    " (SELECT coalesce(json_agg(json_build_object('attempt', a.attempt,"
	    "  'at', to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	    "  'at_local', to_char(a.at AT TIME ZONE r.timezone,"
	    "  'YYYY-MM-DD HH24:MI:SS'),"
	    "  'status_code', a.status_code, 'duration_ms', a.duration_ms,"
	    "  'error', a.error, 'excerpt', a.excerpt) ORDER BY a.id DESC), '[]')"
	    "  FROM (SELECT * FROM webhook_attempts x WHERE x.delivery_id = d.id"
	    "  ORDER BY x.id DESC LIMIT 20) a)::text,"
	    " count(*) OVER ()"
	    " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id"
	    " JOIN webhook_endpoints w ON w.id = d.endpoint_id"
	    " JOIN restaurants r ON r.id = w.restaurant_id"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND w.id = $3::bigint"
	    " ORDER BY d.id DESC LIMIT $4::int OFFSET $5::int",
	/* $3 endpoint, $4 delivery (public id): a new delivery of its event,
	 * queued now */
	[STMT_WH_REPLAY_ONE] =
	    "INSERT INTO webhook_deliveries (endpoint_id, event_id, order_key,"
	    " replay_of, restaurant_id)"
	    " SELECT d.endpoint_id, d.event_id, d.order_key, d.id, d.restaurant_id"
	    " FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id"
	    " JOIN restaurants r ON r.id = w.restaurant_id"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND w.id = $3::bigint AND d.public_id = $4::text"
	    " RETURNING public_id",
	/*
	 * $3 endpoint, $4 an instant (epoch seconds) or NULL, $5 a local
	 * date-time in the restaurant's zone or NULL: every delivery that
	 * failed since then and was not replayed yet, replayed once; the count.
	 */
	[STMT_WH_REPLAY_SINCE] =
	    "WITH src AS (SELECT d.id, d.endpoint_id, d.event_id, d.order_key,"
	    "  d.restaurant_id"
	    "  FROM webhook_deliveries d JOIN webhook_endpoints w"
	    "  ON w.id = d.endpoint_id JOIN restaurants r ON r.id = w.restaurant_id"
	    "  WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    "  AND w.id = $3::bigint AND d.status = 'failed'"
	    "  AND d.finished_at >= coalesce(to_timestamp($4::float8),"
	    "   $5::timestamp AT TIME ZONE r.timezone)"
	    "  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries x"
	    "   WHERE x.replay_of = d.id)),"
	    " ins AS (INSERT INTO webhook_deliveries (endpoint_id, event_id,"
	    "  order_key, replay_of, restaurant_id)"
	    "  SELECT endpoint_id, event_id, order_key, id, restaurant_id"
	    "  FROM src ORDER BY id"
	    "  RETURNING 1)"
	    " SELECT count(*) FROM ins",
	[STMT_WH_WAKE] =
	    "SELECT pg_notify('" WEBHOOK_CHANNEL "', '')",
	[STMT_CURRENCIES] =
	    "SELECT code, exponent FROM currencies ORDER BY code",

	[STMT_PHOTOS] =
	    "SELECT p.file, p.caption, coalesce(p.width, 0), coalesce(p.height, 0),"
	    " " PHOTO_SRCSET("p") " FROM restaurant_photos p"
	    " WHERE p.restaurant_id = $1::bigint"
	    " ORDER BY p.position, p.id LIMIT 12",

	/* ---- the book ---- */

	/*
	 * $1 restaurant, $2 owner, $3 local date, $4 status filter or NULL: the
	 * day's bookings, local times, table, the reminder's answer.
	 */
	[STMT_OWNER_DAY] =
	    "SELECT v.code, v.status, v.guest_name, v.guest_phone,"
	    " coalesce(v.guest_email::text, ''), v.party_size, t.id, t.label,"
	    " to_char(v.starts_at AT TIME ZONE r.timezone, 'HH24:MI'),"
	    " to_char(v.ends_at AT TIME ZONE r.timezone, 'HH24:MI'),"
	    " extract(epoch FROM v.starts_at)::bigint,"
	    " extract(epoch FROM v.ends_at)::bigint,"
	    " coalesce(v.reminder_answer, ''), v.special_requests, v.source,"
	    " v.status IN ('pending', 'confirmed', 'arrived', 'seated'),"
	    " coalesce((SELECT e.actor = 'owner' AND e.note <> 'undo'"
	    "  AND e.at > now() - interval '5 minutes'"
	    "  AND e.from_status IS NOT NULL AND e.from_status <> 'held'"
	    "  FROM reservation_events e WHERE e.reservation_id = v.id"
	    "  ORDER BY e.id DESC LIMIT 1), false),"
	    " EXISTS (SELECT 1 FROM payments y WHERE y.reservation_id = v.id"
	    "  AND y.status = 'paid' AND y.refunded < y.amount)"
	    " FROM reservations v JOIN restaurants r ON r.id = v.restaurant_id"
	    " JOIN dining_tables t ON t.id = v.table_id"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND v.starts_at >= ($3::date::timestamp AT TIME ZONE r.timezone)"
	    " AND v.starts_at < (($3::date + 1)::timestamp AT TIME ZONE r.timezone)"
	    " AND v.status NOT IN ('held', 'expired')"
	    " AND ($4::reservation_status IS NULL OR v.status = $4::reservation_status)"
	    " ORDER BY v.starts_at, substring(t.label from '^\\D*'), substring(t.label from '\\d+')::numeric NULLS FIRST, t.label",

	/* $1 code, $2 owner: a booking of one of the owner's restaurants */
	[STMT_OWNER_RESERVATION] =
	    RESERVATION_SELECT
	    " WHERE v.code = $1::text AND r.owner_id = $2::bigint",

	/* $1 reservation: its history, newest last */
	[STMT_RESERVATION_EVENTS] =
	    "SELECT to_char(e.at AT TIME ZONE r.timezone, 'YYYY-MM-DD HH24:MI'),"
	    " e.actor, coalesce(e.from_status::text, ''), e.to_status, e.note"
	    " FROM reservation_events e JOIN restaurants r ON r.id = e.restaurant_id"
	    " WHERE e.reservation_id = $1::bigint ORDER BY e.id",

	/* $1 reservation: its mails and how they fared */
	[STMT_RESERVATION_MAILS] =
	    "SELECT o.kind, o.to_addr, o.status, o.attempts,"
	    " to_char(o.created_at AT TIME ZONE r.timezone, 'YYYY-MM-DD HH24:MI'),"
	    " coalesce(to_char(o.sent_at AT TIME ZONE r.timezone,"
	    "  'YYYY-MM-DD HH24:MI'), ''), coalesce(o.last_error, '')"
	    " FROM outbox o JOIN reservations v ON v.id = o.reservation_id"
	    " JOIN restaurants r ON r.id = v.restaurant_id"
	    " WHERE o.reservation_id = $1::bigint ORDER BY o.id",

	/* $1 reservation: the last change, if it may be undone (5 minutes) */
	[STMT_LAST_EVENT] =
	    "SELECT e.id, e.actor, coalesce(e.from_status::text, ''), e.to_status,"
	    " e.note, e.at > now() - interval '5 minutes'"
	    /* a move that queued the owner's refund of a deposit is final */
	    " AND NOT EXISTS (SELECT 1 FROM payment_ledger l JOIN payments y"
	    "  ON y.id = l.payment_id WHERE y.reservation_id = e.reservation_id"
	    "  AND l.idem_key = 'refund:' || y.code || ':owner')"
	    " FROM reservation_events e WHERE e.reservation_id = $1::bigint"
	    " ORDER BY e.id DESC LIMIT 1",

	/* $1 id, $2 status: the undo (the constraint still guards the table) */
	[STMT_RESERVATION_SET_STATUS] =
	    "UPDATE reservations SET status = $2::reservation_status,"
	    " updated_at = now() WHERE id = $1::bigint RETURNING id, restaurant_id",

	/* ---- statistics and export ---- */

	/*
	 * $1 restaurant, $2 owner, $3 days: covers per local day of the visits
	 * whose time has come (today's later bookings are not counted yet, as
	 * in STMT_OWNER_RATES)
	 */
	[STMT_OWNER_COVERS] =
	    "SELECT d::date::text, coalesce(sum(v.party_size)"
	    "  FILTER (WHERE v.status IN ('confirmed', 'arrived', 'seated',"
	    "  'finished')), 0)::int"
	    " FROM restaurants r"
	    " CROSS JOIN generate_series((now() AT TIME ZONE r.timezone)::date"
	    "  - ($3::int - 1), (now() AT TIME ZONE r.timezone)::date,"
	    "  interval '1 day') d"
	    " LEFT JOIN reservations_all v ON v.restaurant_id = r.id"
	    "  AND v.starts_at >= (d AT TIME ZONE r.timezone)"
	    "  AND v.starts_at < ((d + interval '1 day') AT TIME ZONE r.timezone)"
	    "  AND v.starts_at < now()"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " GROUP BY d ORDER BY d",

	/* the same period: bookings by outcome, lead time, busiest hours */
	[STMT_OWNER_RATES] =
	    "SELECT count(*) FILTER (WHERE v.status NOT IN ('held', 'expired',"
	    "  'rejected'))::int,"
	    " count(*) FILTER (WHERE v.status = 'no_show')::int,"
	    " count(*) FILTER (WHERE v.status = 'cancelled')::int,"
	    " coalesce(round(avg(extract(epoch FROM v.starts_at - v.created_at)"
	    "  / 3600) FILTER (WHERE v.status NOT IN ('held', 'expired',"
	    "  'rejected')))::int, 0),"
	    " coalesce((SELECT string_agg(h || ':' || c, ',' ORDER BY c DESC, h)"
	    "  FROM (SELECT extract(hour FROM w.starts_at AT TIME ZONE r.timezone)::int h,"
	    "   sum(w.party_size)::int c FROM reservations_all w"
	    "   WHERE w.restaurant_id = r.id AND w.status IN ('confirmed', 'arrived',"
	    "   'seated', 'finished') AND w.starts_at >= now() - make_interval(days => $3::int)"
	    "   AND w.starts_at < now() GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5) b), '')"
	    " FROM restaurants r LEFT JOIN reservations_all v ON v.restaurant_id = r.id"
	    "  AND v.starts_at >= now() - make_interval(days => $3::int)"
	    "  AND v.starts_at < now()"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint GROUP BY r.id",

	/* $1 restaurant, $2 owner, $3 from, $4 to (local dates, inclusive) */
	[STMT_OWNER_EXPORT] =
	    "SELECT v.code,"
	    " to_char(v.starts_at AT TIME ZONE r.timezone, 'YYYY-MM-DD'),"
	    " to_char(v.starts_at AT TIME ZONE r.timezone, 'HH24:MI'),"
	    " to_char(v.ends_at AT TIME ZONE r.timezone, 'HH24:MI'),"
	    " v.party_size, t.label, v.status, v.source, v.guest_name,"
	    " coalesce(v.guest_email::text, ''), v.guest_phone, v.special_requests,"
	    " coalesce(v.reminder_answer, ''),"
	    " to_char(v.created_at AT TIME ZONE r.timezone, 'YYYY-MM-DD HH24:MI')"
	    " FROM reservations_all v JOIN restaurants r ON r.id = v.restaurant_id"
	    " JOIN dining_tables t ON t.id = v.table_id"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND v.starts_at >= ($3::date::timestamp AT TIME ZONE r.timezone)"
	    " AND v.starts_at < (($4::date + 1)::timestamp AT TIME ZONE r.timezone)"
	    " AND v.status NOT IN ('held', 'expired')"
	    " ORDER BY v.starts_at, substring(t.label from '^\\D*'), substring(t.label from '\\d+')::numeric NULLS FIRST, t.label LIMIT 100000",

	/* ---- reviews ---- */

	/* $1 reservation, $2 user or NULL, $3 rating, $4 body: once, if finished */
	[STMT_REVIEW_CREATE] =
	    "INSERT INTO reviews (reservation_id, restaurant_id, user_id, rating, body)"
	    " SELECT v.id, v.restaurant_id, $2::bigint, $3::int, $4::text"
	    " FROM reservations v WHERE v.id = $1::bigint AND v.status = 'finished'"
	    " ON CONFLICT (reservation_id) DO NOTHING RETURNING id",

	/* $1 restaurant: its owner's account and address */
	[STMT_REVIEW_OWNER] =
	    "SELECT r.owner_id, coalesce(u.email::text, '') FROM restaurants r"
	    " LEFT JOIN users u ON u.id = r.owner_id WHERE r.id = $1::bigint",

	/* $1 reservation */
	[STMT_REVIEW_OF] =
	    "SELECT w.id, w.rating, w.body, coalesce(w.owner_reply, ''),"
	    " w.hidden_at IS NOT NULL FROM reviews w WHERE w.reservation_id = $1::bigint",

	/*
	 * $1 restaurant, $2 order (newest, highest, lowest), $3 limit, $4 offset:
	 * the visible reviews, the guest named by first name and initial
	 */
	[STMT_REVIEWS_PAGE] =
	    "SELECT w.id, w.rating, w.body, coalesce(w.owner_reply, ''),"
	    " to_char(w.created_at AT TIME ZONE r.timezone, 'YYYY-MM-DD'),"
	    " w.author, w.visited, count(*) OVER ()"
	    " FROM reviews w JOIN restaurants r ON r.id = w.restaurant_id"
	    " WHERE w.restaurant_id = $1::bigint AND w.hidden_at IS NULL"
	    " ORDER BY CASE $2::text WHEN 'highest' THEN -w.rating"
	    "  WHEN 'lowest' THEN w.rating ELSE 0 END, w.created_at DESC, w.id DESC"
	    " LIMIT $3::int OFFSET $4::int",
	/* $1 restaurant, $2 owner: every review, hidden ones marked */
	[STMT_OWNER_REVIEWS] =
	    "SELECT w.id, w.rating, w.body, coalesce(w.owner_reply, ''),"
	    " to_char(w.created_at AT TIME ZONE r.timezone, 'YYYY-MM-DD'),"
	    " v.guest_name, v.code, w.hidden_at IS NOT NULL"
	    " FROM reviews w JOIN reservations_all v ON v.id = w.reservation_id"
	    " JOIN restaurants r ON r.id = w.restaurant_id"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " ORDER BY w.created_at DESC LIMIT 200",

	/* $1 review, $2 owner, $3 reply */
	[STMT_OWNER_REVIEW_REPLY] =
	    "UPDATE reviews w SET owner_reply = nullif($3::text, ''),"
	    " owner_replied_at = now() FROM restaurants r"
	    " WHERE w.id = $1::bigint AND r.id = w.restaurant_id"
	    " AND r.owner_id = $2::bigint RETURNING w.id, r.id",

	/* ---- the platform admin ---- */

	/* $1 status or NULL */
	[STMT_ADMIN_RESTAURANTS] =
	    "SELECT r.id, r.slug, r.name, r.city, r.status, u.email,"
	    " to_char(r.updated_at, 'YYYY-MM-DD HH24:MI'),"
	    " (SELECT count(*) FROM dining_tables t WHERE t.restaurant_id = r.id"
	    "  AND t.active)::int"
	    " FROM restaurants r JOIN users u ON u.id = r.owner_id"
	    " WHERE $1::restaurant_status IS NULL OR r.status = $1::restaurant_status"
	    " ORDER BY r.status = 'pending' DESC, r.updated_at DESC LIMIT 500",

	/* $1 id, $2 from, $3 to */
	[STMT_ADMIN_RESTAURANT_STATUS] =
	    "UPDATE restaurants SET status = $3::restaurant_status, updated_at = now()"
	    " WHERE id = $1::bigint AND status = $2::restaurant_status"
	    " RETURNING slug",

	/* $1 search or '' */
	[STMT_ADMIN_USERS] =
	    "SELECT u.id, u.email, u.name, u.role, u.email_verified_at IS NOT NULL,"
	    " u.disabled_at IS NOT NULL, to_char(u.created_at, 'YYYY-MM-DD')"
	    " FROM users u WHERE $1::text = '' OR u.email ILIKE '%' || $1::text || '%'"
	    " OR u.name ILIKE '%' || $1::text || '%'"
	    " ORDER BY u.created_at DESC LIMIT 200",

	/* $1 id, $2 disable: admins are not disabled here */
	[STMT_ADMIN_USER_DISABLE] =
	    "UPDATE users SET disabled_at = CASE WHEN $2::bool"
	    " THEN coalesce(disabled_at, now()) END"
	    " WHERE id = $1::bigint AND role <> 'admin' RETURNING email",

	/* $1 actor email, $2 action, $3 from, $4 to (dates), $5 offset */
	[STMT_ADMIN_AUDIT] =
	    "SELECT to_char(a.at, 'YYYY-MM-DD HH24:MI:SS'), coalesce(u.email::text, ''),"
	    " a.action, a.target, coalesce(host(a.ip), ''), a.detail::text"
	    " FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id"
	    " WHERE ($1::text = '' OR u.email = $1::citext)"
	    " AND ($2::text = '' OR a.action = $2::text)"
	    " AND ($3::date IS NULL OR a.at >= $3::date)"
	    " AND ($4::date IS NULL OR a.at < $4::date + 1)"
	    " ORDER BY a.at DESC, a.id DESC LIMIT 101 OFFSET $5::int",

	/* $1 status or NULL, $2 rows to skip: a page of 50 (and one more if any) */
	[STMT_ADMIN_OUTBOX] =
	    "SELECT o.id, o.kind, o.to_addr, o.status, o.attempts,"
	    " to_char(o.created_at, 'YYYY-MM-DD HH24:MI'), coalesce(o.last_error, ''),"
	    " coalesce(v.code, '')"
	    " FROM outbox o LEFT JOIN reservations v ON v.id = o.reservation_id"
	    " WHERE $1::outbox_status IS NULL OR o.status = $1::outbox_status"
	    " ORDER BY o.id DESC LIMIT 51 OFFSET $2::int",

	/* how many mails could not be delivered */
	[STMT_ADMIN_OUTBOX_DEAD] =
	    "SELECT count(*)::int FROM outbox WHERE status = 'dead'",

	/* $1 id: a dead letter back to the queue, and the mailer woken */
	[STMT_ADMIN_OUTBOX_RETRY] =
	    "WITH u AS (UPDATE outbox SET status = 'queued', attempts = 0,"
	    " next_attempt_at = now(), last_error = NULL, locked_until = NULL"
	    " WHERE id = $1::bigint AND status = 'dead' RETURNING id)"
	    " SELECT id, pg_notify('outbox', id::text) FROM u",

	/* $1 review, $2 admin, $3 reason; $4 hide (or show again) */
	[STMT_ADMIN_REVIEW_HIDE] =
	    "UPDATE reviews SET hidden_at = CASE WHEN $4::bool"
	    " THEN coalesce(hidden_at, now()) END,"
	    " hidden_by = CASE WHEN $4::bool THEN $2::bigint END,"
	    " hidden_reason = CASE WHEN $4::bool THEN $3::text ELSE '' END"
	    " WHERE id = $1::bigint RETURNING restaurant_id",

	/* $1 restaurant: a summary for the admin's review list */
	[STMT_ADMIN_REVIEWS] =
	    "SELECT w.id, r.name, w.rating, w.body, v.guest_name,"
	    " to_char(w.created_at, 'YYYY-MM-DD'), w.hidden_at IS NOT NULL"
	    " FROM reviews w JOIN restaurants r ON r.id = w.restaurant_id"
	    " JOIN reservations_all v ON v.id = w.reservation_id"
	    " ORDER BY w.created_at DESC LIMIT 200",

	/* ---- /metrics: each count from its own partial index ---- */
	[STMT_METRICS_OUTBOX] =
	    "SELECT (SELECT count(*) FROM outbox WHERE status = 'queued'),"
	    " (SELECT count(*) FROM outbox WHERE status = 'sending'),"
	    " (SELECT count(*) FROM outbox WHERE status = 'dead')",
	[STMT_METRICS_RESERVATIONS] =
	    "SELECT status, count(*) FROM reservations"
	    " WHERE starts_at >= date_trunc('day', now()) GROUP BY status"
	    " ORDER BY status",

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
	    " message_id, restaurant_id)"
	    " SELECT 'reminder', d.id, d.guest_email,"
	    " 'reminder-' || d.h || 'h:' || d.id, jsonb_build_object('hours', d.h),"
	    " '<' || gen_random_uuid() || '@' || $2::text || '>', d.restaurant_id"
	    " FROM (SELECT DISTINCT ON (v.id) v.id, v.guest_email, h.h,"
	    "  v.restaurant_id"
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

	/*
	 * Holds past their time become expired, with their event rows. A row
	 * someone is changing waits for the next run: a job that never waits
	 * is never part of a deadlock (lib/booking.c).
	 */
	[STMT_SWEEP_HOLDS] =
	    "WITH x AS (UPDATE reservations SET status = 'expired',"
	    " updated_at = to_timestamp($1::bigint)"
	    " WHERE id IN (SELECT id FROM reservations WHERE status = 'held'"
	    "  AND hold_expires_at <= to_timestamp($1::bigint)"
	    "  FOR UPDATE SKIP LOCKED)"
	    " RETURNING id, restaurant_id)"
	    " INSERT INTO reservation_events (reservation_id, restaurant_id, actor,"
	    " from_status, to_status, note) SELECT id, restaurant_id, 'system',"
	    " 'held', 'expired', 'the hold ran out' FROM x RETURNING reservation_id",

	/* seated tables past their end are finished (skipping, as above) */
	[STMT_SWEEP_FINISH] =
	    "WITH x AS (UPDATE reservations SET status = 'finished',"
	    " updated_at = to_timestamp($1::bigint)"
	    " WHERE id IN (SELECT id FROM reservations WHERE status = 'seated'"
	    "  AND ends_at <= to_timestamp($1::bigint) FOR UPDATE SKIP LOCKED)"
	    " RETURNING id, restaurant_id)"
	    " INSERT INTO reservation_events (reservation_id, restaurant_id, actor,"
	    " from_status, to_status, note) SELECT id, restaurant_id, 'system',"
	    " 'seated', 'finished', 'past the end of the booking' FROM x"
	    " RETURNING reservation_id",

	/* $2 domain, $3 minutes after the visit: one invitation per visit */
	[STMT_SWEEP_REVIEWS] =
	    "INSERT INTO outbox (kind, reservation_id, to_addr, dedupe_key, payload,"
	    " message_id, restaurant_id)"
	    " SELECT 'review_invitation', v.id, v.guest_email,"
	    " 'review_invitation:' || v.id, '{}',"
	    " '<' || gen_random_uuid() || '@' || $2::text || '>', v.restaurant_id"
	    " FROM reservations v WHERE v.status = 'finished'"
	    " AND v.ends_at > to_timestamp($1::bigint) - interval '7 days'"
	    " AND greatest(v.ends_at, v.updated_at) + make_interval(mins => $3::int)"
	    "  <= to_timestamp($1::bigint)"
	    " AND coalesce(v.guest_email, '') <> ''"
	    /* nobody reviews their own restaurant (sql/0012) */
	    " AND NOT EXISTS (SELECT 1 FROM restaurants r JOIN users o"
	    "  ON o.id = r.owner_id WHERE r.id = v.restaurant_id"
	    "  AND (o.id = v.user_id OR o.email = v.guest_email))"
	    " ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, reservation_id",

	/* $2 days: final bookings older than that move to the history */
	[STMT_SWEEP_HISTORY] =
	    "SELECT reservations_archive(to_timestamp($1::bigint)"
	    " - make_interval(days => $2::int), 5000)",

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

	/* payments (sql/0014): the columns db_payment.c reads, in order */
#define PAY_COLS "y.id, y.reservation_id, y.code, y.amount, y.currency," \
	    " y.status::text, coalesce(y.session_id, '')," \
	    " coalesce(y.checkout_url, ''), coalesce(y.intent_id, '')," \
	    " y.refunded, extract(epoch FROM y.expires_at)::bigint," \
	    " (SELECT c.exponent FROM currencies c WHERE c.code = y.currency)"
	[STMT_PAY_START] =
	    "SELECT outcome FROM pay_start($1::text,"
	    " $2::bytea, $3::text, $4::citext, $5::text, $6::text,"
	    " $7::bigint, $8::bigint, $9::text, $10::reservation_status,"
	    " $11::jsonb, $12::int, $13::int)",
	[STMT_PAY_SESSION_SET] =
	    "UPDATE payments SET session_id = $2::text, checkout_url = $3::text,"
	    " intent_id = nullif($4::text, ''), updated_at = now()"
	    " WHERE id = $1::bigint AND session_id IS NULL RETURNING id",
	[STMT_PAY_SETTLE] =
	    "SELECT s.outcome, coalesce(s.reservation_id, 0),"
	    " coalesce(v.restaurant_id, 0) FROM pay_settle($1::text,"
	    " $2::text, $3::text, $4::bigint, $5::text, $6::text, $7::text,"
	    " $8::text) s LEFT JOIN reservations v ON v.id = s.reservation_id",
	[STMT_PAY_GET] =
	    "SELECT " PAY_COLS " FROM payments y WHERE y.reservation_id = $1::bigint",
	[STMT_PAY_LEDGER] =
	    "SELECT l.kind::text, l.amount, l.currency, l.gateway_id, l.note,"
	    " to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	    " l.sent_at IS NOT NULL"
	    " FROM payment_ledger l JOIN payments y ON y.id = l.payment_id"
	    " WHERE y.reservation_id = $1::bigint ORDER BY l.id LIMIT $2::int",
	/*
	 * Open payments with a session left alone for $1 seconds: the
	 * reconciliation asks the gateway (skipping rows others hold).
	 */
	[STMT_PAY_STALE] =
	    "SELECT session_id FROM payments WHERE status = 'open'"
	    " AND session_id IS NOT NULL"
	    " AND updated_at < now() - make_interval(secs => $1::int)"
	    " ORDER BY updated_at LIMIT $2::int FOR UPDATE SKIP LOCKED",
	/* queued gateway calls (refunds, session expiries), one at a time */
	[STMT_PAY_QUEUED] =
	    "SELECT l.id, l.kind::text, l.amount, l.idem_key, y.code,"
	    " coalesce(y.intent_id, ''), coalesce(y.session_id, ''),"
	    " y.reservation_id FROM payment_ledger l JOIN payments y"
	    " ON y.id = l.payment_id WHERE l.idem_key IS NOT NULL"
	    " AND l.sent_at IS NULL AND l.attempts < 20"
	    " ORDER BY l.id LIMIT 1 FOR UPDATE OF l SKIP LOCKED",
	/*
	 * $1 ledger id made ($2 true: done, with the gateway's id $3; false: one
	 * more attempt). A refund adds its `refunded` row.
	 */
	[STMT_PAY_QUEUED_DONE] =
	    "WITH l AS (UPDATE payment_ledger SET attempts = attempts + 1,"
	    " sent_at = CASE WHEN $2::boolean THEN now() END"
	    " WHERE id = $1::bigint RETURNING payment_id, kind, amount, currency,"
	    " restaurant_id),"
	    " y AS (UPDATE payments SET refunded = refunded + l.amount,"
	    " updated_at = now() FROM l WHERE $2::boolean"
	    " AND l.kind = 'refund_queued' AND payments.id = l.payment_id"
	    " RETURNING payments.id)"
	    " INSERT INTO payment_ledger (payment_id, kind, amount, currency,"
	    " gateway_id, restaurant_id) SELECT l.payment_id, 'refunded', l.amount,"
	    " l.currency, $3::text, l.restaurant_id FROM l WHERE $2::boolean AND l.kind = 'refund_queued'",
	/* $1 booking, $2 amount, $3 idempotency key, $4 note */
	[STMT_PAY_REFUND_QUEUE] =
	    "SELECT pay_refund_queue(y.id, $2::bigint, $3::text, $4::text)"
	    " FROM payments y WHERE y.reservation_id = $1::bigint",
	/*
	 * Open payments whose hold is gone (expired, or cancelled before
	 * paying) are cancelled, and their sessions queued for expiry at the
	 * gateway (stolik-payments makes the call).
	 */
	[STMT_SWEEP_PAYMENTS] =
	    "WITH y AS (UPDATE payments SET status = 'cancelled',"
	    " settled_at = now(), updated_at = now()"
	    " WHERE id IN (SELECT y.id FROM payments y JOIN reservations v"
	    "  ON v.id = y.reservation_id WHERE y.status = 'open'"
	    "  AND v.status <> 'held' FOR UPDATE OF y SKIP LOCKED)"
	    " RETURNING id, reservation_id, code, currency, session_id,"
	    " restaurant_id)"
	    " INSERT INTO payment_ledger (payment_id, kind, currency, gateway_id,"
	    " idem_key, note, sent_at, restaurant_id) SELECT id, 'cancelled',"
	    " currency,"
	    " coalesce(session_id, ''), 'expire:' || code, 'the hold ran out',"
	    " CASE WHEN session_id IS NULL THEN now() END, restaurant_id FROM y"
	    " RETURNING (SELECT y.reservation_id FROM y"
	    "  WHERE y.id = payment_ledger.payment_id)",

	[STMT_SAVEPOINT] = "SAVEPOINT attempt",
	[STMT_ROLLBACK_TO] = "ROLLBACK TO SAVEPOINT attempt",
	[STMT_RELEASE] = "RELEASE SAVEPOINT attempt",

	/* $1 scope, $2 key, $3 request hash: a row if this call is the first */
	[STMT_IDEM_CLAIM] =
	    "INSERT INTO idempotency_keys (scope, key, request_hash)"
	    " VALUES ($1::text, $2::text, $3::text) ON CONFLICT DO NOTHING"
	    " RETURNING 1",

	[STMT_IDEM_GET] =
	    "SELECT request_hash, status, response, token_sealed"
	    " FROM idempotency_keys WHERE scope = $1::text AND key = $2::text",

	/* $1 scope, $2 key, $3 status, $4 response (no token), $5 sealed token */
	[STMT_IDEM_STORE] =
	    "UPDATE idempotency_keys SET status = $3::int, response = $4::text,"
	    " token_sealed = $5::text WHERE scope = $1::text AND key = $2::text",

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
	    "SELECT code, status, slug, name, local_date, local_time, timezone,"
	    " party, upcoming, starts FROM account_reservations($1::bigint)",

	/*
	 * The owner's walk-in list (lib/walkin.c, sql/0018). $1 restaurant,
	 * $2 owner in every one: another owner's restaurant has no list.
	 */
#define WALKIN_SELECT \
	"SELECT w.id, w.name, w.party, w.phone, coalesce(w.email::text, '')," \
	" w.quoted_minutes, w.status," \
	" to_char(w.created_at AT TIME ZONE r.timezone, 'HH24:MI')," \
	" coalesce(to_char(w.notified_at AT TIME ZONE r.timezone, 'HH24:MI'), '')," \
	" coalesce(to_char(w.seated_at AT TIME ZONE r.timezone, 'HH24:MI'), '')," \
	" coalesce(v.code, ''), coalesce(t.label, '')," \
	" greatest(0, floor(extract(epoch FROM now() - w.created_at) / 60))::int," \
	" to_char(w.day, 'YYYY-MM-DD')," \
	" w.status IN ('waiting', 'notified')" \
	" FROM walkins w JOIN restaurants r ON r.id = w.restaurant_id" \
	" LEFT JOIN reservations v ON v.id = w.reservation_id" \
	" AND v.restaurant_id = w.restaurant_id" \
	" LEFT JOIN dining_tables t ON t.id = v.table_id"
	/* $3 the local date: the day's list in its order */
	[STMT_WALKIN_LIST] =
	    WALKIN_SELECT
	    " WHERE w.restaurant_id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND w.day = $3::date ORDER BY w.created_at, w.id",
	/* the same without the check: only the access tests' negative control */
	[STMT_WALKIN_LIST_UNCHECKED] =
	    WALKIN_SELECT
	    " WHERE w.restaurant_id = $1::bigint AND $2::bigint IS NOT NULL"
	    " AND w.day = $3::date ORDER BY w.created_at, w.id",
	/* $3 entry */
	[STMT_WALKIN_GET] =
	    WALKIN_SELECT
	    " WHERE w.restaurant_id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND w.id = $3::bigint",
#undef WALKIN_SELECT

	/* $3 name, $4 party, $5 phone, $6 email or NULL, $7 quoted, $8 by */
	[STMT_WALKIN_INSERT] =
	    "INSERT INTO walkins (restaurant_id, day, name, party, phone, email,"
	    " quoted_minutes, added_by)"
	    " SELECT r.id, (now() AT TIME ZONE r.timezone)::date, $3::text,"
	    " $4::int, $5::text, $6::citext, $7::int, $8::bigint"
	    " FROM restaurants r WHERE r.id = $1::bigint AND r.owner_id = $2::bigint"
	    " RETURNING id",

	/*
	 * $3 entry of today: "table ready" (again: the first time stays); its address,
	 * name, party and the restaurant's name and phone for the mail.
	 */
	[STMT_WALKIN_NOTIFY] =
	    "UPDATE walkins w SET status = 'notified',"
	    " notified_at = coalesce(w.notified_at, now())"
	    " FROM restaurants r WHERE r.id = w.restaurant_id"
	    " AND w.restaurant_id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND w.id = $3::bigint AND w.status IN ('waiting', 'notified')"
	    " AND w.day = (now() AT TIME ZONE r.timezone)::date"
	    " RETURNING w.id, coalesce(w.email::text, ''), w.name, w.party,"
	    " r.name, r.phone, w.notified_at = now()",

	/* $3 entry, $4 'left' or 'cancelled' */
	[STMT_WALKIN_END] =
	    "UPDATE walkins w SET status = $4::walkin_status, ended_at = now()"
	    " FROM restaurants r WHERE r.id = w.restaurant_id"
	    " AND w.restaurant_id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND w.id = $3::bigint AND w.status IN ('waiting', 'notified')"
	    " RETURNING w.id",

	/* $3 entry: locked for seating; whether it may be (today's, waiting) */
	[STMT_WALKIN_LOCK] =
	    "SELECT w.id, w.name, w.party, w.phone, coalesce(w.email::text, ''),"
	    " w.status IN ('waiting', 'notified')"
	    " AND w.day = (now() AT TIME ZONE r.timezone)::date"
	    " FROM walkins w JOIN restaurants r ON r.id = w.restaurant_id"
	    " WHERE w.restaurant_id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND w.id = $3::bigint FOR UPDATE OF w",

	/* $3 entry, $4 its new booking */
	[STMT_WALKIN_SEATED] =
	    "UPDATE walkins w SET status = 'seated', seated_at = now(),"
	    " reservation_id = $4::bigint"
	    " FROM restaurants r WHERE r.id = w.restaurant_id"
	    " AND w.restaurant_id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND w.id = $3::bigint AND w.status IN ('waiting', 'notified')"
	    " RETURNING w.id",

	/* $1 restaurant, $2 owner, $3 booking, $4 note: on its first event */
	[STMT_WALKIN_EVENT_NOTE] =
	    "UPDATE reservation_events e SET note = $4::text"
	    " FROM restaurants r WHERE r.id = e.restaurant_id"
	    " AND e.restaurant_id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND e.reservation_id = $3::bigint AND e.from_status IS NULL",

	/* The wait estimate's inputs. Active tables, smallest first. */
	[STMT_WALKIN_TABLES] =
	    "SELECT t.id, t.seats_min, t.seats_max"
	    " FROM dining_tables t JOIN restaurants r ON r.id = t.restaurant_id"
	    " WHERE r.id = $1::bigint AND r.owner_id = $2::bigint AND t.active"
	    " ORDER BY t.seats_max, t.seats_min, t.id",
	/* $3 now (epoch): what keeps each table from now for 24 hours */
	[STMT_WALKIN_BUSY] =
	    "SELECT v.table_id, extract(epoch FROM v.starts_at)::bigint,"
	    " extract(epoch FROM v.ends_at)::bigint"
	    " FROM reservations v JOIN restaurants r ON r.id = v.restaurant_id"
	    " WHERE v.restaurant_id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND v.status IN ('held', 'pending', 'confirmed', 'arrived', 'seated')"
	    " AND (v.status <> 'held' OR v.hold_expires_at > to_timestamp($3::bigint))"
	    " AND v.ends_at > to_timestamp($3::bigint)"
	    " AND v.starts_at < to_timestamp($3::bigint) + interval '24 hours'"
	    " ORDER BY v.table_id, v.starts_at",
	/* $3 local date: the entries still waiting, in order, with turn times */
	[STMT_WALKIN_QUEUE] =
	    "SELECT w.id, w.party, coalesce((SELECT tt.minutes FROM turn_times tt"
	    "  WHERE tt.restaurant_id = r.id AND w.party BETWEEN tt.party_min"
	    "  AND tt.party_max ORDER BY tt.party_min LIMIT 1), 120)"
	    " FROM walkins w JOIN restaurants r ON r.id = w.restaurant_id"
	    " WHERE w.restaurant_id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND w.day = $3::date AND w.status IN ('waiting', 'notified')"
	    " ORDER BY w.created_at, w.id",
	/* $3 party: its turn time */
	[STMT_WALKIN_TURN] =
	    "SELECT coalesce((SELECT tt.minutes FROM turn_times tt"
	    "  WHERE tt.restaurant_id = r.id AND $3::int BETWEEN tt.party_min"
	    "  AND tt.party_max ORDER BY tt.party_min LIMIT 1), 120)"
	    " FROM restaurants r WHERE r.id = $1::bigint AND r.owner_id = $2::bigint",

	/* ---- the waitlist (lib/db_waitlist.c, sql/0017) ---- */

	[STMT_WL_ENTER] =
	    "SELECT outcome, id FROM waitlist_enter($1::bigint, $2::date,"
	    " $3::time, $4::time, $5::int,"
	    " $6::text, $7::citext, $8::bigint, $9::inet, $10::waitlist_status,"
	    " $11::text, $12::bytea, $13::int, $14::int, $15::text)",

	/* $1 code, $2 token hash (or NULL with $3 the signed-in diner) */
	[STMT_WL_GET] =
	    "SELECT e.id, e.code, e.restaurant_id, r.slug, r.name, e.day::text,"
	    " extract(epoch FROM e.window_start)::bigint,"
	    " extract(epoch FROM e.window_end)::bigint, e.party_size, e.name,"
	    " e.email, e.status, coalesce(e.user_id, 0), r.timezone,"
	    " to_char(e.window_start AT TIME ZONE r.timezone, 'HH24:MI'),"
	    " to_char(e.window_end AT TIME ZONE r.timezone, 'HH24:MI'),"
	    " coalesce(o.code, ''),"
	    " coalesce(to_char(o.starts_at AT TIME ZONE r.timezone, 'HH24:MI'), ''),"
	    " coalesce(extract(epoch FROM o.hold_expires_at)::bigint, 0),"
	    " e.offers,"
	    " (SELECT count(*) FROM waitlist_entries x"
	    "  WHERE x.restaurant_id = e.restaurant_id AND x.day = e.day"
	    "  AND x.status = 'waiting' AND (x.waiting_since, x.id)"
	    "  < (e.waiting_since, e.id)) + 1,"
	    " to_char(e.created_at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF'),"
	    " coalesce(to_char(o.hold_expires_at AT TIME ZONE r.timezone,"
	    "  'HH24:MI'), ''),"
	    " extract(epoch FROM now())::bigint, e.token_sealed"
	    " FROM waitlist_entries e JOIN restaurants r ON r.id = e.restaurant_id"
	    " LEFT JOIN reservations o ON o.waitlist_entry_id = e.id"
	    "  AND o.status = 'held' AND o.hold_expires_at > now()"
	    " WHERE e.code = $1::text AND (e.manage_token_hash = $2::bytea"
	    "  OR ($2::bytea IS NULL AND $3::bigint > 0 AND e.user_id = $3::bigint))",

	/* a guest's address is confirmed: the entry joins the line */
	[STMT_WL_CONFIRM] =
	    "WITH u AS (UPDATE waitlist_entries SET status = 'waiting',"
	    " waiting_since = now(), updated_at = now()"
	    " WHERE id = $1::bigint AND status = 'pending_confirm'"
	    " AND window_end > now() RETURNING restaurant_id, day)"
	    " INSERT INTO waitlist_wake (restaurant_id, day)"
	    " SELECT restaurant_id, day FROM u ON CONFLICT DO NOTHING"
	    " RETURNING 1",

	[STMT_WL_LEAVE] =
	    "SELECT waitlist_leave($1::bigint),"
	    " (SELECT restaurant_id FROM waitlist_entries WHERE id = $1::bigint)",

	/* the entry, if it still waits and nobody else has it: the offer's
	 * first lock (then the hold's days, in rsv_take) */
	[STMT_WL_LOCK] =
	    "SELECT e.id, e.day - DATE '2000-01-01',"
	    " extract(epoch FROM e.window_start)::bigint,"
	    " extract(epoch FROM e.window_end)::bigint, e.party_size, e.name,"
	    " e.email, coalesce(e.user_id, 0), e.code, e.token_sealed,"
	    " r.waitlist_claim_minutes, e.restaurant_id"
	    " FROM waitlist_entries e JOIN restaurants r ON r.id = e.restaurant_id"
	    " WHERE e.id = $1::bigint AND e.status = 'waiting'"
	    " AND e.window_end > now() FOR UPDATE OF e SKIP LOCKED",

	/* $1 hold, $2 entry: the hold becomes the entry's offer, claimed
	 * with the entry's token */
	[STMT_WL_OFFERED] =
	    "WITH h AS (UPDATE reservations v SET waitlist_entry_id = e.id,"
	    " manage_token_hash = e.manage_token_hash"
	    " FROM waitlist_entries e WHERE v.id = $1::bigint AND e.id = $2::bigint"
	    " RETURNING v.id)"
	    ", ev AS (UPDATE reservation_events x"
	    " SET note = 'offered to waitlist entry ' || e.code"
	    " FROM h, waitlist_entries e WHERE x.reservation_id = h.id"
	    " AND x.to_status = 'held' AND e.id = $2::bigint)"
	    " UPDATE waitlist_entries SET status = 'offered', offers = offers + 1,"
	    " updated_at = now() WHERE id = $2::bigint AND EXISTS (SELECT 1 FROM h)"
	    " RETURNING id",

	/* up to $1 restaurant-days to look at, taken off the queue */
	[STMT_WL_WAKE_TAKE] =
	    "DELETE FROM waitlist_wake w USING (SELECT restaurant_id, day"
	    " FROM waitlist_wake ORDER BY at LIMIT $1::int FOR UPDATE SKIP LOCKED) x"
	    " WHERE w.restaurant_id = x.restaurant_id AND w.day = x.day"
	    " RETURNING w.restaurant_id, w.day::text",

	/* the same, left on the queue (--dry-run) */
	[STMT_WL_WAKE_PEEK] =
	    "SELECT restaurant_id, day::text FROM waitlist_wake ORDER BY at"
	    " LIMIT $1::int",

	/* the line of a restaurant-day, first first */
	[STMT_WL_LINE] =
	    "SELECT id FROM waitlist_entries WHERE restaurant_id = $1::bigint"
	    " AND day = $2::date AND status = 'waiting' AND window_end > now()"
	    " ORDER BY waiting_since, id LIMIT 200",

	/* offers nobody claimed in time give way (the trigger ends their
	 * entries and wakes their days) */
	[STMT_WL_EXPIRE_OFFERS] =
	    "WITH x AS (UPDATE reservations SET status = 'expired',"
	    " updated_at = now()"
	    " WHERE id IN (SELECT id FROM reservations WHERE status = 'held'"
	    "  AND waitlist_entry_id IS NOT NULL AND hold_expires_at <= now()"
	    "  FOR UPDATE SKIP LOCKED)"
	    " RETURNING id, restaurant_id, waitlist_entry_id)"
	    " INSERT INTO reservation_events (reservation_id, restaurant_id, actor,"
	    " from_status, to_status, note) SELECT id, restaurant_id, 'system',"
	    " 'held', 'expired', 'waitlist offer not claimed in time' FROM x"
	    " RETURNING reservation_id",

	/* entries whose window has passed */
	[STMT_WL_EXPIRE_ENTRIES] =
	    "UPDATE waitlist_entries SET status = 'expired', ended_at = now(),"
	    " updated_at = now() WHERE id IN (SELECT id FROM waitlist_entries"
	    " WHERE status IN ('pending_confirm', 'waiting')"
	    " AND window_end <= now() FOR UPDATE SKIP LOCKED) RETURNING id",

	/* the owner's day sheet: $1 restaurant, $2 the owner, $3 the date */
	[STMT_WL_DAY] =
	    "SELECT e.code, e.status, e.party_size, e.name, e.email,"
	    " to_char(e.window_start AT TIME ZONE r.timezone, 'HH24:MI'),"
	    " to_char(e.window_end AT TIME ZONE r.timezone, 'HH24:MI'),"
	    " to_char(e.created_at AT TIME ZONE r.timezone, 'YYYY-MM-DD HH24:MI'),"
	    " e.offers, coalesce(o.code, ''),"
	    " coalesce(to_char(o.starts_at AT TIME ZONE r.timezone, 'HH24:MI'), ''),"
	    " coalesce(to_char(o.hold_expires_at AT TIME ZONE r.timezone,"
	    "  'HH24:MI'), ''), coalesce(o.status::text, ''),"
	    " coalesce(t.label, '')"
	    " FROM waitlist_entries e JOIN restaurants r ON r.id = e.restaurant_id"
	    " LEFT JOIN LATERAL (SELECT v.code, v.starts_at, v.hold_expires_at,"
	    "  v.status, v.table_id FROM reservations v"
	    "  WHERE v.waitlist_entry_id = e.id ORDER BY v.id DESC LIMIT 1) o"
	    "  ON true"
	    " LEFT JOIN dining_tables t ON t.id = o.table_id"
	    " WHERE e.restaurant_id = $1::bigint AND r.owner_id = $2::bigint"
	    " AND e.day = $3::date AND e.status <> 'pending_confirm'"
	    " ORDER BY e.waiting_since NULLS LAST, e.id",
	/* $1 the user, $2 the language they chose (sql/0021) */
	[STMT_USER_SET_LANGUAGE] =
	    "UPDATE users SET language = $2::text WHERE id = $1::bigint",

	/*
	 * The language of a mail to $1 about booking $2 (or none), of kind
	 * $3 'guest', 'owner' or 'account', whose payload said $4: the
	 * recipient's account's choice; for the restaurant, its owner's; for
	 * a guest or an account, the payload's (the language they booked or
	 * asked in), else that of the booking's first mail that said. "" if
	 * nothing says: the mailer's default.
	 */
	[STMT_MAIL_LANG] =
	    "SELECT coalesce("
	    " (SELECT language FROM users WHERE email = $1::citext),"
	    " CASE WHEN $3::text = 'owner' THEN (SELECT u.language"
	    "  FROM reservations v JOIN restaurants r ON r.id = v.restaurant_id"
	    "  JOIN users u ON u.id = r.owner_id WHERE v.id = $2::bigint) END,"
	    " CASE WHEN $3::text <> 'owner' THEN nullif($4::text, '') END,"
	    " CASE WHEN $3::text = 'guest' THEN (SELECT o.payload->>'lang'"
	    "  FROM outbox o WHERE o.reservation_id = $2::bigint"
	    "  AND o.payload ? 'lang' ORDER BY o.id LIMIT 1) END,"
	    " '')",
};
