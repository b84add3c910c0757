/* db_stmts.c: every SQL statement of the application, prepared once per connection. */
#include "stolik.h"

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
	    " coalesce(r.rating_avg, 0), r.rating_count, count(*) OVER ()"
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

	/* $1 token hash: the live session's user */
	[STMT_SESSION_GET] =
	    "SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id"
	    " WHERE s.token_hash = $1::bytea AND s.expires_at > now()"
	    " AND u.disabled_at IS NULL",
};
