-- 0016_webhooks: signed booking events to a restaurant's own systems
-- (issue 17). An event is written by a trigger in the transaction of the
-- change it reports, with one delivery per endpoint that wants it, so a
-- rollback sends nothing and a commit always sends; stolik-webhooks
-- delivers them.

-- An owner's receiver. The signing secret is sealed with the server key
-- (lib/secret.c, sec_seal); after a rotation the old one signs too, beside
-- the new, until old_secret_until, so a receiver can switch without
-- refusing anything. failures counts the attempts that failed since the
-- last success: at Webhooks.DisableAfter the job turns the endpoint off.
CREATE TABLE webhook_endpoints (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	restaurant_id    bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
	url              text NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
	description      text NOT NULL DEFAULT '' CHECK (length(description) <= 200),
	events           text[] NOT NULL
	                 CHECK (cardinality(events) BETWEEN 1 AND 32
	                        AND array_position(events, NULL) IS NULL),
	secret_sealed    text NOT NULL CHECK (length(secret_sealed) <= 400),
	old_secret_sealed text CHECK (length(old_secret_sealed) <= 400),
	old_secret_until timestamptz,
	enabled          boolean NOT NULL DEFAULT true,
	disabled_reason  text CHECK (length(disabled_reason) <= 300),
	disabled_at      timestamptz,
	failures         integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
	created_at       timestamptz NOT NULL DEFAULT now(),
	updated_at       timestamptz NOT NULL DEFAULT now(),
	CHECK ((old_secret_sealed IS NULL) = (old_secret_until IS NULL))
);
CREATE INDEX webhook_endpoints_restaurant ON webhook_endpoints (restaurant_id);

-- What happened, once, with its data as it was in that transaction.
-- order_key is the booking the event is about (a review's and a payment's
-- too): one booking's deliveries to an endpoint go out in id order.
CREATE TABLE webhook_events (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id     text NOT NULL UNIQUE
	              DEFAULT 'evt_' || replace(gen_random_uuid()::text, '-', ''),
	restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
	order_key     bigint,
	type          text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
	data          jsonb NOT NULL,
	created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_events_created ON webhook_events (created_at);

CREATE TYPE webhook_delivery_status AS ENUM ('queued', 'delivered', 'failed');

-- One event to one endpoint. public_id is the delivery id the receiver
-- sees, the same on every attempt; a replay is a new delivery of the same
-- event. A claim sets locked_until (a lease): a job that dies leaves the
-- row to the next claim after it, with the same id.
CREATE TABLE webhook_deliveries (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id       text NOT NULL UNIQUE
	                DEFAULT 'whd_' || replace(gen_random_uuid()::text, '-', ''),
	endpoint_id     bigint NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
	event_id        bigint NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
	order_key       bigint,
	status          webhook_delivery_status NOT NULL DEFAULT 'queued',
	attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	next_attempt_at timestamptz NOT NULL DEFAULT now(),
	locked_until    timestamptz,
	last_code       integer,
	last_error      text CHECK (length(last_error) <= 500),
	replay_of       bigint REFERENCES webhook_deliveries(id) ON DELETE SET NULL,
	created_at      timestamptz NOT NULL DEFAULT now(),
	finished_at     timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
	WHERE status = 'queued';
-- the earlier deliveries of a booking to an endpoint, for the order
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (endpoint_id, order_key, id)
	WHERE status = 'queued';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);

-- The delivery log: one row per attempt.
CREATE TABLE webhook_attempts (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	delivery_id bigint NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
	endpoint_id bigint NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
	attempt     integer NOT NULL CHECK (attempt >= 1),
	at          timestamptz NOT NULL DEFAULT now(),
	status_code integer,		-- NULL: no answer (timeout, refused, ...)
	duration_ms integer NOT NULL CHECK (duration_ms >= 0),
	error       text CHECK (length(error) <= 500),
	excerpt     text NOT NULL DEFAULT '' CHECK (length(excerpt) <= 1000)
);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (endpoint_id, id DESC);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- A booking as the API shows it (fcgi/route_book.c, rv_json), less its
-- manage link (the diner's key) and deposit, plus its table and source.
-- tests/http/test_webhooks*.py compares the two.
CREATE FUNCTION rsv_api_json(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
		'code', v.code,
		'status', v.status,
		'restaurant', jsonb_build_object('slug', r.slug, 'name', r.name,
			'phone', r.phone, 'timezone', r.timezone),
		'start', to_char(v.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		'end', to_char(v.ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		'start_local', to_char(v.starts_at AT TIME ZONE r.timezone,
			'YYYY-MM-DD"T"HH24:MI:SS') || so.o,
		'end_local', to_char(v.ends_at AT TIME ZONE r.timezone,
			'YYYY-MM-DD"T"HH24:MI:SS') || eo.o,
		'local', jsonb_build_object(
			'date', to_char(v.starts_at AT TIME ZONE r.timezone, 'YYYY-MM-DD'),
			'time', to_char(v.starts_at AT TIME ZONE r.timezone, 'HH24:MI'),
			'end', to_char(v.ends_at AT TIME ZONE r.timezone, 'HH24:MI'),
			'utc_offset', so.o),
		'party', v.party_size,
		'guest', jsonb_build_object('name', v.guest_name,
			'email', coalesce(v.guest_email::text, ''),
			'phone', v.guest_phone),
		'requests', v.special_requests,
		'reminder_answer', v.reminder_answer,
		'table', jsonb_build_object('id', t.id, 'label', t.label),
		'source', v.source,
		'created_at', to_char(v.created_at AT TIME ZONE 'UTC',
			'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		'updated_at', to_char(v.updated_at AT TIME ZONE 'UTC',
			'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
	FROM reservations v
	JOIN restaurants r ON r.id = v.restaurant_id
	JOIN dining_tables t ON t.id = v.table_id,
	LATERAL (SELECT CASE WHEN m < 0 THEN '-' ELSE '+' END
		|| to_char(abs(m) / 60, 'FM00') || ':' || to_char(abs(m) % 60, 'FM00')
		FROM (SELECT (extract(epoch FROM (v.starts_at AT TIME ZONE r.timezone)
			- (v.starts_at AT TIME ZONE 'UTC')) / 60)::int AS m) x) so(o),
	LATERAL (SELECT CASE WHEN m < 0 THEN '-' ELSE '+' END
		|| to_char(abs(m) / 60, 'FM00') || ':' || to_char(abs(m) % 60, 'FM00')
		FROM (SELECT (extract(epoch FROM (v.ends_at AT TIME ZONE r.timezone)
			- (v.ends_at AT TIME ZONE 'UTC')) / 60)::int AS m) x) eo(o)
	WHERE v.id = p_id
$$;

-- Queue event p_type about booking p_key of restaurant p_rid for every
-- enabled endpoint that wants it; p_data is built only if one does. The
-- id of the event, or NULL when nobody wants it.
CREATE FUNCTION webhook_emit(p_rid bigint, p_key bigint, p_type text,
	p_data jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	ev bigint;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM webhook_endpoints w
	    WHERE w.restaurant_id = p_rid AND w.enabled
	    AND p_type = ANY (w.events)) THEN
		RETURN NULL;
	END IF;
	INSERT INTO webhook_events (restaurant_id, order_key, type, data)
	VALUES (p_rid, p_key, p_type, p_data) RETURNING id INTO ev;
	INSERT INTO webhook_deliveries (endpoint_id, event_id, order_key)
	SELECT w.id, ev, p_key FROM webhook_endpoints w
	WHERE w.restaurant_id = p_rid AND w.enabled AND p_type = ANY (w.events)
	ORDER BY w.id;
	RETURN ev;
END $$;

-- The reservation.* events of one status change (reservation_events row):
-- a booking that leaves held (or starts) as a request or confirmed is
-- created, and confirmed too if it is; a row whose status stays is a
-- change (time, party, table); otherwise the new status names the event.
-- A hold that ends (expired, released) was never created: nothing.
CREATE FUNCTION webhook_rsv_types(p_from reservation_status,
	p_to reservation_status) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE
	WHEN p_from IS NULL OR p_from = 'held' THEN
		CASE p_to WHEN 'pending' THEN ARRAY['reservation.created']
		WHEN 'confirmed' THEN ARRAY['reservation.created', 'reservation.confirmed']
		ELSE ARRAY[]::text[] END
	WHEN p_from = p_to THEN ARRAY['reservation.changed']
	ELSE CASE p_to
		WHEN 'confirmed' THEN ARRAY['reservation.confirmed']
		WHEN 'cancelled' THEN ARRAY['reservation.cancelled']
		WHEN 'rejected' THEN ARRAY['reservation.cancelled']
		WHEN 'no_show' THEN ARRAY['reservation.no_show']
		WHEN 'arrived' THEN ARRAY['reservation.arrived']
		WHEN 'seated' THEN ARRAY['reservation.seated']
		WHEN 'finished' THEN ARRAY['reservation.finished']
		WHEN 'pending' THEN ARRAY['reservation.changed']
		ELSE ARRAY[]::text[] END
	END
$$;

CREATE FUNCTION webhook_rsv_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	ty text;
	d jsonb;
BEGIN
	-- most restaurants have no endpoint: one index probe, and done
	IF NOT EXISTS (SELECT 1 FROM webhook_endpoints w
	    WHERE w.restaurant_id = NEW.restaurant_id AND w.enabled) THEN
		RETURN NULL;
	END IF;
	FOREACH ty IN ARRAY webhook_rsv_types(NEW.from_status, NEW.to_status) LOOP
		IF EXISTS (SELECT 1 FROM webhook_endpoints w
		    WHERE w.restaurant_id = NEW.restaurant_id AND w.enabled
		    AND ty = ANY (w.events)) THEN
			IF d IS NULL THEN
				d := rsv_api_json(NEW.reservation_id)
				    || jsonb_build_object('change', jsonb_build_object(
					'from_status', NEW.from_status,
					'to_status', NEW.to_status,
					'actor', NEW.actor, 'note', NEW.note));
			END IF;
			PERFORM webhook_emit(NEW.restaurant_id, NEW.reservation_id, ty, d);
		END IF;
	END LOOP;
	RETURN NULL;
END $$;
CREATE TRIGGER reservation_events_webhook AFTER INSERT ON reservation_events
	FOR EACH ROW EXECUTE FUNCTION webhook_rsv_event();

-- review.created: the review as the API lists it, with its booking's code.
CREATE FUNCTION webhook_review_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM webhook_endpoints w
	    WHERE w.restaurant_id = NEW.restaurant_id AND w.enabled
	    AND 'review.created' = ANY (w.events)) THEN
		PERFORM webhook_emit(NEW.restaurant_id, NEW.reservation_id,
		    'review.created', (SELECT jsonb_build_object(
			'id', NEW.id, 'rating', NEW.rating, 'body', NEW.body,
			'name', NEW.author,
			'date', to_char(NEW.created_at AT TIME ZONE r.timezone, 'YYYY-MM-DD'),
			'created_at', to_char(NEW.created_at AT TIME ZONE 'UTC',
				'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
			'reservation', v.code,
			'restaurant', jsonb_build_object('slug', r.slug, 'name', r.name))
		    FROM restaurants r
		    JOIN reservations v ON v.id = NEW.reservation_id
		    WHERE r.id = NEW.restaurant_id));
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER reviews_webhook AFTER INSERT ON reviews
	FOR EACH ROW EXECUTE FUNCTION webhook_review_event();

-- payment.* (payment.authorised, .captured, .failed, .expired, .cancelled,
-- .refunded; a queued refund is not news until it is made): the payment,
-- this entry and its booking's code.
CREATE FUNCTION webhook_payment_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	p payments%ROWTYPE;
	ty text := 'payment.' || NEW.kind::text;
BEGIN
	IF NEW.kind = 'refund_queued' THEN
		RETURN NULL;
	END IF;
	SELECT * INTO p FROM payments x WHERE x.id = NEW.payment_id;
	IF EXISTS (SELECT 1 FROM webhook_endpoints w
	    WHERE w.restaurant_id = p.restaurant_id AND w.enabled
	    AND ty = ANY (w.events)) THEN
		PERFORM webhook_emit(p.restaurant_id, p.reservation_id, ty,
		    jsonb_build_object(
			'payment', p.code, 'status', p.status,
			'amount', p.amount, 'currency', p.currency,
			'refunded', p.refunded,
			'entry', jsonb_build_object('kind', NEW.kind,
				'amount', NEW.amount, 'currency', NEW.currency,
				'note', NEW.note,
				'at', to_char(NEW.at AT TIME ZONE 'UTC',
					'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
			'reservation', (SELECT v.code FROM reservations v
				WHERE v.id = p.reservation_id)));
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER payment_ledger_webhook AFTER INSERT ON payment_ledger
	FOR EACH ROW EXECUTE FUNCTION webhook_payment_event();
