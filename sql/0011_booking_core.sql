-- 0011_booking_core: every write to a booking takes its locks in one order,
-- and the hot writes (a hold or a booking taken, a hold confirmed) are one
-- call each.
--
-- The order (lib/booking.c says why): the booking's own row, then the
-- client's (browser, address, guest), then the restaurant's days that the
-- booking's old and new times touch, ascending. Every statement that writes
-- an active version of a booking (one the exclusion constraint sees) holds
-- the locks of its days, so a constraint check never waits on a transaction
-- that waits for it, and writers of one restaurant-day queue instead of
-- deadlocking.

-- The day locks of restaurant rid for [f, t) (epoch seconds), ascending.
-- Two-key advisory locks live apart from the one-key (text hash) ones.
CREATE FUNCTION rsv_lock_days(rid bigint, f bigint, t bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock((rid % 2147483647)::integer, d::integer)
	FROM generate_series(f / 86400, (greatest(t, f + 1) - 1) / 86400) d;
END $$;

-- A booking's row, then its days (and those of [f, t), a time it moves
-- to): what a change, cancellation or status move holds before it writes.
-- No row when there is no such booking.
CREATE FUNCTION rsv_lock(p_id bigint, p_from bigint, p_to bigint, p_lock boolean)
RETURNS TABLE (status reservation_status, table_id bigint, starts bigint,
	ends bigint)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
	rid bigint;
	st reservation_status;
	tid bigint;
	s bigint;
	e bigint;
BEGIN
	SELECT v.restaurant_id, v.status, v.table_id,
		extract(epoch FROM v.starts_at)::bigint,
		extract(epoch FROM v.ends_at)::bigint
	INTO rid, st, tid, s, e
	FROM reservations v WHERE v.id = p_id FOR UPDATE;
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF p_lock THEN
		PERFORM rsv_lock_days(rid, least(s, coalesce(p_from, s)),
			greatest(e, coalesce(p_to, e)));
	END IF;
	RETURN QUERY SELECT st, tid, s, e;
END $$;

-- Holds on table p_table over [s, e) that ran out give way (held becomes
-- expired, with its event): what a new booking does when such a hold is in
-- its way, before the sweep comes by. How many gave way.
CREATE FUNCTION rsv_release(p_table bigint, s timestamptz, e timestamptz)
RETURNS integer
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
	n integer;
BEGIN
	WITH x AS (
		UPDATE reservations v SET status = 'expired', updated_at = now()
		WHERE v.table_id = p_table AND v.status = 'held'
		AND tstzrange(v.starts_at, v.ends_at) && tstzrange(s, e)
		-- wrapped: the rows are found through the constraint's index
		AND coalesce(v.hold_expires_at <= now(), false)
		RETURNING v.id, v.restaurant_id)
	INSERT INTO reservation_events (reservation_id, restaurant_id, actor,
		from_status, to_status, note)
	SELECT x.id, x.restaurant_id, 'system', 'held', 'expired',
		'released for a new booking' FROM x;
	GET DIAGNOSTICS n = ROW_COUNT;
	RETURN n;
END $$;

-- Take the first of p_tables (the fitting ones, in the set-up's order)
-- that is free and the exclusion constraint lets us have: a hold
-- (p_status held, for p_hold_minutes), a booking, or an owner's entry, with
-- its event and mails. The outcome: ok, taken (no table left, or the slot's
-- pacing is full), limit (the client holds too many), guest_limit, or code
-- (the booking code is in use: pick another). Test builds only: p_lock
-- false leaves out the day locks, p_delay (ms) widens the gap between
-- finding the free tables and taking one.
--
-- A booking is written by as few statements as can do it: each costs its
-- executor's start, which is most of what a small write costs here.
CREATE FUNCTION rsv_take(
	p_restaurant bigint, p_tables bigint[], p_start bigint, p_end bigint,
	p_party integer, p_status reservation_status,
	p_source reservation_source, p_code text, p_token bytea,
	p_hold_minutes integer, p_hold_owner bytea, p_ip inet,
	p_max_owner integer, p_max_ip integer,
	p_name text, p_email citext, p_phone text, p_requests text,
	p_user bigint, p_max_guest integer,
	p_pacing integer, p_slot_end bigint,
	p_actor text, p_mails jsonb, p_domain text, p_lock boolean,
	p_delay integer)
RETURNS TABLE (outcome text, id bigint, table_id bigint, hold_expires bigint)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
	s timestamptz := to_timestamp(p_start);
	e timestamptz := to_timestamp(p_end);
	expires timestamptz;
	free bigint[];
	n bigint;
	t bigint;
	new_id bigint;
	new_exp timestamptz;
BEGIN
	IF p_status = 'held' THEN
		expires := now() + make_interval(mins => p_hold_minutes);
	END IF;
	-- the client's counts, one client at a time: the lock, then the count
	-- in a statement of its own, whose snapshot is taken after the lock is
	-- held (a count in the locking statement would use that statement's
	-- snapshot, taken before it waited, and miss what the holder committed)
	IF p_max_owner IS NOT NULL AND p_hold_owner IS NOT NULL THEN
		PERFORM pg_advisory_xact_lock(hashtextextended(
			'hold-owner:' || encode(p_hold_owner, 'hex'), 0));
		SELECT count(*) INTO n FROM reservations v
			WHERE v.hold_owner = p_hold_owner AND v.status = 'held'
			AND v.hold_expires_at > now();
		IF n >= p_max_owner THEN
			RETURN QUERY SELECT 'limit'::text, NULL::bigint, NULL::bigint,
				NULL::bigint;
			RETURN;
		END IF;
	END IF;
	IF p_max_ip IS NOT NULL AND p_ip IS NOT NULL THEN
		PERFORM pg_advisory_xact_lock(hashtextextended(
			'hold-ip:' || host(p_ip), 0));
		SELECT count(*) INTO n FROM reservations v
			WHERE v.client_ip = p_ip AND v.status = 'held'
			AND v.hold_expires_at > now();
		IF n >= p_max_ip THEN
			RETURN QUERY SELECT 'limit'::text, NULL::bigint, NULL::bigint,
				NULL::bigint;
			RETURN;
		END IF;
	END IF;
	IF p_max_guest IS NOT NULL THEN
		PERFORM pg_advisory_xact_lock(hashtextextended('guest:' ||
			p_restaurant || ':' || lower(p_email::text), 0));
		SELECT count(*) INTO n FROM reservations v
			WHERE v.guest_email = p_email AND v.restaurant_id = p_restaurant
			AND v.status IN ('pending', 'confirmed') AND v.starts_at > now();
		IF n >= p_max_guest THEN
			RETURN QUERY SELECT 'guest_limit'::text, NULL::bigint,
				NULL::bigint, NULL::bigint;
			RETURN;
		END IF;
	END IF;
	-- the restaurant's days, ascending (rsv_lock_days, in one statement)
	IF p_lock THEN
		PERFORM pg_advisory_xact_lock((p_restaurant % 2147483647)::integer,
			d::integer)
		FROM generate_series(p_start / 86400,
			(greatest(p_end, p_start + 1) - 1) / 86400) d;
	END IF;
	-- the covers already starting in this slot
	IF p_pacing > 0 THEN
		SELECT coalesce(sum(v.party_size), 0) INTO n FROM reservations v
		WHERE v.restaurant_id = p_restaurant
		AND v.starts_at >= s AND v.starts_at < to_timestamp(p_slot_end)
		AND v.status IN ('held', 'pending', 'confirmed', 'arrived', 'seated')
		AND (v.status <> 'held' OR v.hold_expires_at > now());
		IF n + p_party > p_pacing THEN
			RETURN QUERY SELECT 'taken'::text, NULL::bigint, NULL::bigint,
				NULL::bigint;
			RETURN;
		END IF;
	END IF;
	-- the constraint decides; a table someone else just took is skipped.
	-- ON CONFLICT makes the insert speculative: two of them that meet in
	-- the constraint's index wait for one another in turn, not both at
	-- once (a deadlock), even without the day locks. The row, its event
	-- and its mails are one statement; the event and the mails take the
	-- row's id, and there are none when the table was taken.
	-- which fitting tables are free: the bookings around this time, from
	-- the day's index alone (an insert that meets a booking costs more)
	SELECT coalesce(array_agg(u.t ORDER BY u.o), '{}') INTO free
	FROM unnest(p_tables) WITH ORDINALITY AS u(t, o)
	WHERE u.t <> ALL (SELECT v.table_id FROM reservations v
		WHERE v.restaurant_id = p_restaurant
		AND v.starts_at >= s - interval '1 day' AND v.starts_at < e
		AND v.ends_at > s
		AND v.status IN ('held', 'pending', 'confirmed', 'arrived', 'seated')
		AND (v.status <> 'held' OR v.hold_expires_at > now()));
	IF p_delay > 0 THEN
		PERFORM pg_sleep(p_delay / 1000.0);
	END IF;
	FOREACH t IN ARRAY free LOOP
		LOOP
			WITH v AS (
				INSERT INTO reservations (code, restaurant_id, table_id,
					party_size, starts_at, ends_at, status, source,
					guest_name, guest_email, guest_phone,
					special_requests, manage_token_hash, user_id,
					client_ip, hold_owner, hold_expires_at)
				VALUES (p_code, p_restaurant, t, p_party, s, e, p_status,
					p_source, coalesce(p_name, ''), nullif(p_email, ''),
					coalesce(p_phone, ''), coalesce(p_requests, ''),
					p_token, p_user, p_ip,
					CASE WHEN p_status = 'held' THEN p_hold_owner END,
					expires)
				ON CONFLICT DO NOTHING
				RETURNING reservations.id, reservations.hold_expires_at),
			ev AS (
				INSERT INTO reservation_events (reservation_id,
					restaurant_id, actor, from_status, to_status, note)
				SELECT v.id, p_restaurant, p_actor, NULL, p_status,
					p_source::text FROM v),
			m AS (
				INSERT INTO outbox (kind, reservation_id, to_addr,
					dedupe_key, payload, message_id)
				SELECT x.kind, v.id, x."to", x.kind || ':' || v.id ||
					coalesce(x.tag, ''), coalesce(x.payload, '{}'),
					'<' || gen_random_uuid() || '@' || p_domain || '>'
				FROM v, jsonb_to_recordset(coalesce(p_mails, '[]'))
					AS x(kind text, "to" citext, payload jsonb, tag text)
				WHERE coalesce(x."to", '') <> ''
				ON CONFLICT (dedupe_key) DO NOTHING)
			SELECT v.id, v.hold_expires_at INTO new_id, new_exp FROM v;
			EXIT WHEN new_id IS NOT NULL;
			-- in the way: a hold that ran out (the sweep may not have come
			-- by yet) gives way, and the table is tried again
			n := rsv_release(t, s, e);
			EXIT WHEN n = 0;
		END LOOP;
		EXIT WHEN new_id IS NOT NULL;
	END LOOP;
	IF new_id IS NULL THEN
		RETURN QUERY SELECT CASE WHEN EXISTS (SELECT 1 FROM reservations v
			WHERE v.code = p_code) THEN 'code' ELSE 'taken' END,
			NULL::bigint, NULL::bigint, NULL::bigint;
		RETURN;
	END IF;
	RETURN QUERY SELECT 'ok'::text, new_id, t,
		extract(epoch FROM new_exp)::bigint;
END $$;

-- Turn the live hold (p_code, p_token) into a booking with the guest's
-- details: ok, gone (no such live hold) or guest_limit.
CREATE FUNCTION rsv_confirm(p_code text, p_token bytea,
	p_status reservation_status, p_name text, p_email citext, p_phone text,
	p_requests text, p_user bigint, p_max_guest integer, p_mails jsonb,
	p_domain text, p_lock boolean)
RETURNS TABLE (outcome text, id bigint)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
	hid bigint;
	rid bigint;
	s bigint;
	e bigint;
	n bigint;
BEGIN
	SELECT v.id, v.restaurant_id, extract(epoch FROM v.starts_at)::bigint,
		extract(epoch FROM v.ends_at)::bigint INTO hid, rid, s, e
	FROM reservations v
	WHERE v.code = p_code AND v.manage_token_hash = p_token
	AND v.status = 'held' AND v.hold_expires_at > now()
	FOR UPDATE;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'gone'::text, NULL::bigint;
		RETURN;
	END IF;
	-- the guest's count under the guest's lock (as in rsv_take)
	IF p_max_guest IS NOT NULL THEN
		PERFORM pg_advisory_xact_lock(hashtextextended('guest:' ||
			rid || ':' || lower(p_email::text), 0));
		SELECT count(*) INTO n FROM reservations v
			WHERE v.guest_email = p_email AND v.restaurant_id = rid
			AND v.status IN ('pending', 'confirmed') AND v.starts_at > now();
		IF n >= p_max_guest THEN
			RETURN QUERY SELECT 'guest_limit'::text, NULL::bigint;
			RETURN;
		END IF;
	END IF;
	IF p_lock THEN
		PERFORM pg_advisory_xact_lock((rid % 2147483647)::integer, d::integer)
		FROM generate_series(s / 86400, (greatest(e, s + 1) - 1) / 86400) d;
	END IF;
	-- the booking, its event and its mails in one statement
	WITH u AS (
		UPDATE reservations v SET status = p_status, guest_name = p_name,
			guest_email = p_email, guest_phone = p_phone,
			special_requests = p_requests, hold_expires_at = NULL,
			hold_owner = NULL, user_id = p_user, updated_at = now()
		WHERE v.id = hid RETURNING v.id),
	ev AS (
		INSERT INTO reservation_events (reservation_id, restaurant_id, actor,
			from_status, to_status, note)
		SELECT u.id, rid, 'diner', 'held', p_status, '' FROM u),
	m AS (
		INSERT INTO outbox (kind, reservation_id, to_addr, dedupe_key,
			payload, message_id)
		SELECT x.kind, u.id, x."to", x.kind || ':' || u.id ||
			coalesce(x.tag, ''), coalesce(x.payload, '{}'),
			'<' || gen_random_uuid() || '@' || p_domain || '>'
		FROM u, jsonb_to_recordset(coalesce(p_mails, '[]'))
			AS x(kind text, "to" citext, payload jsonb, tag text)
		WHERE coalesce(x."to", '') <> ''
		ON CONFLICT (dedupe_key) DO NOTHING)
	SELECT count(*) INTO n FROM u;
	RETURN QUERY SELECT 'ok'::text, hid;
END $$;

-- Move booking p_id (the caller holds rsv_lock for both times) to the first
-- of p_tables the constraint lets it have, for [p_start, p_end) and p_party:
-- ok and the table, or taken (no table left, or the new slot's pacing is
-- full).
CREATE FUNCTION rsv_move(p_id bigint, p_tables bigint[], p_start bigint,
	p_end bigint, p_party integer, p_pacing integer, p_slot_end bigint)
RETURNS TABLE (outcome text, table_id bigint)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
	s timestamptz := to_timestamp(p_start);
	e timestamptz := to_timestamp(p_end);
	rid bigint;
	n bigint;
	t bigint;
	k integer;
BEGIN
	SELECT v.restaurant_id INTO rid FROM reservations v WHERE v.id = p_id;
	IF p_pacing > 0 THEN
		SELECT coalesce(sum(v.party_size), 0) INTO n FROM reservations v
		WHERE v.restaurant_id = rid
		AND v.starts_at >= s AND v.starts_at < to_timestamp(p_slot_end)
		AND v.status IN ('held', 'pending', 'confirmed', 'arrived', 'seated')
		AND (v.status <> 'held' OR v.hold_expires_at > now())
		AND v.id <> p_id;
		IF n + p_party > p_pacing THEN
			RETURN QUERY SELECT 'taken'::text, NULL::bigint;
			RETURN;
		END IF;
	END IF;
	FOREACH t IN ARRAY p_tables LOOP
		FOR k IN 1 .. 2 LOOP
			BEGIN
				UPDATE reservations v SET table_id = t, starts_at = s,
					ends_at = e, party_size = p_party, updated_at = now()
				WHERE v.id = p_id;
				RETURN QUERY SELECT 'ok'::text, t;
				RETURN;
			EXCEPTION WHEN exclusion_violation THEN
				NULL;	-- taken, perhaps by a hold that ran out
			END;
			EXIT WHEN k = 2 OR rsv_release(t, s, e) = 0;
		END LOOP;
	END LOOP;
	RETURN QUERY SELECT 'taken'::text, NULL::bigint;
END $$;

-- What each booking's write no longer pays for.
--
-- The guest limit counts a guest's bookings through reservations_email (a
-- guest has a handful); the events of a booking are read through
-- reservation_events_at, which leads with the same column as the other;
-- a Message-ID is '<' || a random UUID || '@domain>' and no query looks
-- one up. A booking's restaurant is checked through its table (the key
-- (table_id, restaurant_id) references dining_tables, whose rows reference
-- the restaurant); an event's through its booking. Each foreign key check
-- took a share lock on the restaurant's row, for every booking.
DROP INDEX reservations_guest;
DROP INDEX reservation_events_reservation;
ALTER TABLE outbox DROP CONSTRAINT outbox_message_id_key;
ALTER TABLE reservations DROP CONSTRAINT reservations_restaurant_id_fkey;
ALTER TABLE reservation_events DROP CONSTRAINT reservation_events_restaurant_id_fkey;

-- The mailer is woken by a NOTIFY of its own once a transaction that
-- queued mail has committed (lib/outbox.c, outbox_queued), not by one
-- inside it: PostgreSQL holds its notification lock from a notifying
-- transaction's commit until its WAL is flushed, so with the trigger every
-- booking's commit waited for the one before (pgbench, 32 clients, a
-- booking with its event and two mails: 1,520 tps with the trigger, 3,280
-- without).
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION outbox_notify();
