-- 0007_fast_reads: the hot pages never plan across the history partitions.
--
-- A review keeps its author's short name and the month of the visit, so the
-- restaurant page lists reviews without joining the bookings (live or in
-- the history); the account page's list goes through a function whose plan
-- is made once per connection.

ALTER TABLE reviews
	ADD COLUMN author text NOT NULL DEFAULT '' CHECK (length(author) <= 120),
	ADD COLUMN visited text NOT NULL DEFAULT '' CHECK (visited ~ '^(\d{4}-\d{2})?$');

CREATE FUNCTION reviews_author() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.author = '' OR NEW.visited = '' THEN
		SELECT split_part(trim(v.guest_name), ' ', 1) ||
			CASE WHEN position(' ' IN trim(v.guest_name)) > 0
			THEN ' ' || left(split_part(trim(v.guest_name), ' ', 2), 1) || '.'
			ELSE '' END,
			to_char(v.starts_at AT TIME ZONE r.timezone, 'YYYY-MM')
		INTO NEW.author, NEW.visited
		FROM reservations_all v JOIN restaurants r ON r.id = v.restaurant_id
		WHERE v.id = NEW.reservation_id;
		NEW.author := left(coalesce(NEW.author, ''), 120);
		NEW.visited := coalesce(NEW.visited, '');
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER reviews_author BEFORE INSERT ON reviews
	FOR EACH ROW EXECUTE FUNCTION reviews_author();

UPDATE reviews w SET author = left(split_part(trim(v.guest_name), ' ', 1) ||
		CASE WHEN position(' ' IN trim(v.guest_name)) > 0
		THEN ' ' || left(split_part(trim(v.guest_name), ' ', 2), 1) || '.'
		ELSE '' END, 120),
	visited = to_char(v.starts_at AT TIME ZONE r.timezone, 'YYYY-MM')
FROM reservations_all v JOIN restaurants r ON r.id = v.restaurant_id
WHERE v.id = w.reservation_id;

-- The bookings of user u (by account, or by verified address), newest first.
CREATE FUNCTION account_reservations(u bigint)
RETURNS TABLE (code text, status reservation_status, slug text, name text,
	local_date text, local_time text, timezone text, party integer,
	upcoming boolean, starts bigint)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
	RETURN QUERY
	SELECT v.code, v.status, r.slug, r.name,
		to_char(v.starts_at AT TIME ZONE r.timezone, 'YYYY-MM-DD'),
		to_char(v.starts_at AT TIME ZONE r.timezone, 'HH24:MI'),
		r.timezone, v.party_size, v.starts_at > now(),
		extract(epoch FROM v.starts_at)::bigint
	FROM reservations_all v JOIN restaurants r ON r.id = v.restaurant_id
	JOIN users w ON w.id = u
	WHERE (v.user_id = w.id OR (w.email_verified_at IS NOT NULL
		AND v.guest_email = w.email))
	AND v.status NOT IN ('held', 'expired')
	ORDER BY v.starts_at DESC LIMIT 200;
END $$;

-- The active bookings of some restaurants in [f, t) (epoch seconds): asked on
-- every availability, where a fresh plan each time costs more than the query.
CREATE FUNCTION booked_range(ids bigint[], f bigint, t bigint)
RETURNS TABLE (id bigint, restaurant_id bigint, table_id bigint, starts bigint,
	ends bigint, party integer)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
	RETURN QUERY
	SELECT v.id, v.restaurant_id, v.table_id,
		extract(epoch FROM v.starts_at)::bigint,
		extract(epoch FROM v.ends_at)::bigint, v.party_size
	FROM reservations v
	WHERE v.restaurant_id = ANY(ids)
	AND v.starts_at >= to_timestamp(f) AND v.starts_at < to_timestamp(t)
	AND v.status IN ('held', 'pending', 'confirmed', 'arrived', 'seated')
	AND (v.status <> 'held' OR v.hold_expires_at > now());
END $$;
