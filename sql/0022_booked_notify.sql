-- 0022_booked_notify: the workers keep each restaurant-day's active bookings
-- in the memory their master maps (issue 21), so that a page of free times
-- needs no query. A worker that commits a change to a restaurant's bookings
-- drops what its host kept (lib/setup.c, setup_booked_changed) and tells the
-- other hosts in one NOTIFY every 50 ms at most; its sessions say so with
-- SET stolik.local_cache = on. Every other writer (the batch jobs, psql, an
-- operator's script) is told of here: a NOTIFY per restaurant its
-- transaction touched (PostgreSQL folds repeats within a transaction).
-- A NOTIFY inside a transaction holds a cluster-wide lock through its commit,
-- which is why the workers' own writes, many a second, do not send one here.

CREATE FUNCTION reservations_booked_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM pg_notify('stolik_booked', OLD.restaurant_id::text);
	END IF;
	IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR
	    NEW.restaurant_id <> OLD.restaurant_id) THEN
		PERFORM pg_notify('stolik_booked', NEW.restaurant_id::text);
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER reservations_booked_new AFTER INSERT OR DELETE ON reservations
	FOR EACH ROW
	WHEN (current_setting('stolik.local_cache', true) IS DISTINCT FROM 'on')
	EXECUTE FUNCTION reservations_booked_notify();

-- only what availability reads: status, times, table, party, a hold's end
CREATE TRIGGER reservations_booked_change AFTER UPDATE ON reservations
	FOR EACH ROW
	WHEN (current_setting('stolik.local_cache', true) IS DISTINCT FROM 'on'
	    AND (OLD.status, OLD.starts_at, OLD.ends_at, OLD.table_id,
		OLD.party_size, OLD.hold_expires_at, OLD.restaurant_id)
	    IS DISTINCT FROM (NEW.status, NEW.starts_at, NEW.ends_at,
		NEW.table_id, NEW.party_size, NEW.hold_expires_at,
		NEW.restaurant_id))
	EXECUTE FUNCTION reservations_booked_notify();

-- the search page's one range scan, with each hold's end (kept no longer)
DROP FUNCTION booked_range(bigint[], bigint, bigint);
CREATE FUNCTION booked_range(ids bigint[], f bigint, t bigint)
RETURNS TABLE (id bigint, restaurant_id bigint, table_id bigint, starts bigint,
	ends bigint, party integer, hold_until bigint)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
	RETURN QUERY
	SELECT v.id, v.restaurant_id, v.table_id,
		extract(epoch FROM v.starts_at)::bigint,
		extract(epoch FROM v.ends_at)::bigint, v.party_size,
		CASE WHEN v.status = 'held'
		THEN floor(extract(epoch FROM v.hold_expires_at))::bigint END
	FROM reservations v
	WHERE v.restaurant_id = ANY(ids)
	AND v.starts_at >= to_timestamp(f) AND v.starts_at < to_timestamp(t)
	AND v.status IN ('held', 'pending', 'confirmed', 'arrived', 'seated')
	AND (v.status <> 'held' OR v.hold_expires_at > now());
END $$;
