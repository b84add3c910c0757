-- 0017_waitlist: "notify me" when a time is full (issue 18). A diner
-- waits for a date, party and window of start times; when a table frees up
-- the first entry in line that it fits is offered it. The offer IS a hold
-- (a reservations row, status held, hold_expires_at the claim deadline,
-- waitlist_entry_id naming the entry), so the exclusion constraint
-- reservations_no_overlap is what keeps two people from being offered one
-- table at once, and an offer nobody claims lapses as any hold does.
--
-- What wakes the work: a trigger on reservations that fires only when a
-- booking leaves an active status or moves (never on the insert of a new
-- booking, nor on a hold being confirmed in place) and on tables added or
-- reopened. It records the restaurant-day in waitlist_wake when someone
-- waits there; stolik-waitlist takes the rows from there.

CREATE TYPE waitlist_status AS ENUM ('pending_confirm', 'waiting', 'offered',
	'claimed', 'left', 'expired');

-- How long an offer is held for its diner, per restaurant.
ALTER TABLE restaurants ADD COLUMN waitlist_claim_minutes integer NOT NULL
	DEFAULT 15 CHECK (waitlist_claim_minutes BETWEEN 5 AND 120);

CREATE TABLE waitlist_entries (
	id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code              text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Z]{8,32}$'),
	restaurant_id     bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
	day               date NOT NULL,
	-- the window of start times asked for, both ends included
	window_start      timestamptz NOT NULL,
	window_end        timestamptz NOT NULL,
	party_size        integer NOT NULL CHECK (party_size BETWEEN 1 AND 100),
	name              text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
	email             citext NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
	user_id           bigint REFERENCES users(id) ON DELETE SET NULL,
	client_ip         inet,
	status            waitlist_status NOT NULL,
	manage_token_hash bytea NOT NULL CHECK (length(manage_token_hash) = 32),
	-- the token itself, sealed with the server key (sec_seal), so the job
	-- can put the claim link in the offer's mail
	token_sealed      text NOT NULL CHECK (length(token_sealed) <= 200),
	created_at        timestamptz NOT NULL DEFAULT now(),
	-- the line's order: when the entry began to wait (a guest's, once the
	-- address is confirmed; so an unconfirmed entry holds no place)
	waiting_since     timestamptz,
	offers            integer NOT NULL DEFAULT 0,
	ended_at          timestamptz,
	updated_at        timestamptz NOT NULL DEFAULT now(),
	CHECK (window_end >= window_start),
	CHECK (window_end - window_start <= interval '12 hours')
);
-- the line of a restaurant-day
CREATE INDEX waitlist_entries_line ON waitlist_entries
	(restaurant_id, day, waiting_since, id) WHERE status = 'waiting';
-- the live entries of an address and of a client (the limits), the day
-- sheet's entries
CREATE INDEX waitlist_entries_email ON waitlist_entries (email)
	WHERE status IN ('pending_confirm', 'waiting', 'offered');
CREATE INDEX waitlist_entries_ip ON waitlist_entries (client_ip)
	WHERE status IN ('pending_confirm', 'waiting', 'offered');
CREATE INDEX waitlist_entries_day ON waitlist_entries (restaurant_id, day);

-- The offer: a hold that names its entry. At most one live offer an entry.
ALTER TABLE reservations ADD COLUMN waitlist_entry_id bigint
	REFERENCES waitlist_entries(id) ON DELETE SET NULL;
ALTER TABLE reservations_history ADD COLUMN waitlist_entry_id bigint;
CREATE UNIQUE INDEX reservations_one_offer ON reservations (waitlist_entry_id)
	WHERE status = 'held' AND waitlist_entry_id IS NOT NULL;
CREATE INDEX reservations_offers ON reservations (waitlist_entry_id)
	WHERE waitlist_entry_id IS NOT NULL;

-- The restaurant-days to look at again.
CREATE TABLE waitlist_wake (
	restaurant_id bigint NOT NULL,
	day           date NOT NULL,
	at            timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (restaurant_id, day)
);

-- Wake the days of restaurant rid where someone waits for a start time a
-- table freed over [f, t) could serve (a booking starting up to a day
-- before f may reach into it); f NULL: every day. In the days' order, so
-- two writers wake shared days in one order.
CREATE FUNCTION waitlist_wake_days(rid bigint, f timestamptz, t timestamptz)
RETURNS void
LANGUAGE sql AS $$
	INSERT INTO waitlist_wake (restaurant_id, day)
	SELECT DISTINCT e.restaurant_id, e.day FROM waitlist_entries e
	WHERE e.restaurant_id = rid AND e.status = 'waiting'
	AND e.window_end > now()
	AND (f IS NULL OR (e.window_end > f - interval '1 day'
		AND e.window_start < t))
	ORDER BY e.day
	ON CONFLICT DO NOTHING;
$$;

-- A booking left an active status or moved; or an offer was answered.
CREATE FUNCTION waitlist_reservation_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.waitlist_entry_id IS NOT NULL AND OLD.status = 'held'
	   AND NEW.status <> 'held' THEN
		UPDATE waitlist_entries e SET
			status = CASE WHEN NEW.status IN ('pending', 'confirmed')
				THEN 'claimed' ELSE 'expired' END::waitlist_status,
			ended_at = now(), updated_at = now()
		WHERE e.id = OLD.waitlist_entry_id AND e.status = 'offered';
	END IF;
	IF OLD.status IN ('held', 'pending', 'confirmed', 'arrived', 'seated')
	   AND (NEW.status NOT IN ('held', 'pending', 'confirmed', 'arrived',
		'seated') OR NEW.starts_at <> OLD.starts_at
		OR NEW.ends_at <> OLD.ends_at OR NEW.table_id <> OLD.table_id) THEN
		PERFORM waitlist_wake_days(OLD.restaurant_id, OLD.starts_at,
			OLD.ends_at);
	END IF;
	RETURN NULL;
END $$;
-- (the WHEN keeps the cost off every other update: a hold confirmed in
-- place, a reminder's answer)
CREATE TRIGGER reservations_waitlist AFTER UPDATE OF status, starts_at,
	ends_at, table_id ON reservations FOR EACH ROW
	WHEN ((OLD.status IN ('held', 'pending', 'confirmed', 'arrived', 'seated')
		AND (NEW.status NOT IN ('held', 'pending', 'confirmed', 'arrived',
		'seated') OR NEW.starts_at <> OLD.starts_at
		OR NEW.ends_at <> OLD.ends_at OR NEW.table_id <> OLD.table_id))
	   OR (OLD.waitlist_entry_id IS NOT NULL AND OLD.status = 'held'
		AND NEW.status <> 'held'))
	EXECUTE FUNCTION waitlist_reservation_moved();

-- A table added, reopened or made bookable online.
CREATE FUNCTION waitlist_table_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM waitlist_wake_days(NEW.restaurant_id, NULL, NULL);
	RETURN NULL;
END $$;
CREATE TRIGGER dining_tables_waitlist AFTER INSERT OR UPDATE ON dining_tables
	FOR EACH ROW EXECUTE FUNCTION waitlist_table_changed();

-- A new entry, under the limits of its address and client (each counted
-- under its own lock, in a statement of its own, as rsv_take does): ok,
-- limit_email, limit_ip or code (the code is in use: draw another).
-- p_status waiting (a signed-in diner's own address) or pending_confirm.
-- p_from and p_to are the restaurant's wall-clock times on p_day.
CREATE FUNCTION waitlist_enter(p_restaurant bigint, p_day date,
	p_from time, p_to time, p_party integer, p_name text,
	p_email citext, p_user bigint, p_ip inet, p_status waitlist_status,
	p_code text, p_token bytea, p_max_email integer, p_max_ip integer,
	p_sealed text)
RETURNS TABLE (outcome text, id bigint)
LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
	new_id bigint;
	tz text;
BEGIN
	SELECT r.timezone INTO tz FROM restaurants r WHERE r.id = p_restaurant;
	PERFORM pg_advisory_xact_lock(hashtextextended('waitlist-email:' ||
		lower(p_email::text), 0));
	SELECT count(*) INTO n FROM waitlist_entries e WHERE e.email = p_email
		AND e.status IN ('pending_confirm', 'waiting', 'offered');
	IF n >= p_max_email THEN
		RETURN QUERY SELECT 'limit_email'::text, NULL::bigint;
		RETURN;
	END IF;
	IF p_ip IS NOT NULL THEN
		PERFORM pg_advisory_xact_lock(hashtextextended('waitlist-ip:' ||
			host(p_ip), 0));
		SELECT count(*) INTO n FROM waitlist_entries e
			WHERE e.client_ip = p_ip
			AND e.status IN ('pending_confirm', 'waiting', 'offered');
		IF n >= p_max_ip THEN
			RETURN QUERY SELECT 'limit_ip'::text, NULL::bigint;
			RETURN;
		END IF;
	END IF;
	INSERT INTO waitlist_entries (code, restaurant_id, day, window_start,
		window_end, party_size, name, email, user_id, client_ip, status,
		manage_token_hash, token_sealed, waiting_since)
	VALUES (p_code, p_restaurant, p_day, (p_day + p_from) AT TIME ZONE tz,
		(p_day + p_to) AT TIME ZONE tz, p_party,
		coalesce(p_name, ''), p_email, p_user, p_ip, p_status, p_token,
		p_sealed,
		CASE WHEN p_status = 'waiting' THEN now() END)
	ON CONFLICT (code) DO NOTHING
	RETURNING waitlist_entries.id INTO new_id;
	IF new_id IS NULL THEN
		RETURN QUERY SELECT 'code'::text, NULL::bigint;
		RETURN;
	END IF;
	IF p_status = 'waiting' THEN
		INSERT INTO waitlist_wake (restaurant_id, day)
		VALUES (p_restaurant, p_day) ON CONFLICT DO NOTHING;
	END IF;
	RETURN QUERY SELECT 'ok'::text, new_id;
END $$;

-- The diner leaves entry p_id: its live offer (if any) gives way first, in
-- the order a claim takes its locks (the hold's row, then the entry's).
-- true if it was live.
CREATE FUNCTION waitlist_leave(p_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
	hid bigint;
	n integer;
BEGIN
	SELECT v.id INTO hid FROM reservations v
	WHERE v.waitlist_entry_id = p_id AND v.status = 'held' FOR UPDATE;
	UPDATE waitlist_entries e SET status = 'left', ended_at = now(),
		updated_at = now()
	WHERE e.id = p_id AND e.status IN ('pending_confirm', 'waiting', 'offered');
	GET DIAGNOSTICS n = ROW_COUNT;
	-- the offer found above, or one made while the entry's lock was
	-- waited for (this statement's snapshot sees it)
	IF n > 0 THEN
		WITH x AS (UPDATE reservations v SET status = 'expired',
			updated_at = now() WHERE v.waitlist_entry_id = p_id
			AND v.status = 'held' RETURNING v.id, v.restaurant_id)
		INSERT INTO reservation_events (reservation_id, restaurant_id,
			actor, from_status, to_status, note)
		SELECT x.id, x.restaurant_id, 'diner', 'held', 'expired',
			'waitlist offer given up' FROM x;
	END IF;
	RETURN n > 0;
END $$;
