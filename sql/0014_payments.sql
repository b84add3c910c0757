-- 0014_payments: collecting deposits (issue 16, items 2, 5, 6).
--
-- A booking that owes a deposit stays a `held` row (the exclusion
-- constraint keeps its table) while the diner pays on the gateway's hosted
-- checkout; its hold is extended once, to a bound, when the payment starts.
-- The API and the pages call such a booking "awaiting_payment": a held row
-- with an open payment. Only a paid payment confirms it (pay_settle).
-- reservation_id names the booking without a foreign key: final bookings
-- move to reservations_history (0006), and their payments stay.

CREATE TYPE payment_status AS ENUM ('open', 'paid', 'expired', 'cancelled');

-- One payment a booking that owes a deposit.
CREATE TABLE payments (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	reservation_id bigint NOT NULL UNIQUE,
	restaurant_id  bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
	code           text NOT NULL UNIQUE,
	amount         bigint NOT NULL CHECK (amount BETWEEN 1 AND 999999999999),
	currency       char(3) NOT NULL REFERENCES currencies(code),
	status         payment_status NOT NULL DEFAULT 'open',
	-- what the booking becomes once paid ('confirmed', or 'pending' for a
	-- restaurant that confirms by hand), and its mails, sealed links
	-- included: the webhook that settles it has no manage token
	confirm_status reservation_status NOT NULL DEFAULT 'confirmed'
	               CHECK (confirm_status IN ('confirmed', 'pending')),
	mails          jsonb NOT NULL DEFAULT '[]',
	session_id     text UNIQUE CHECK (length(session_id) <= 255),
	checkout_url   text CHECK (length(checkout_url) <= 2047),
	intent_id      text CHECK (length(intent_id) <= 255),
	refunded       bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= amount),
	expires_at     timestamptz NOT NULL,
	created_at     timestamptz NOT NULL DEFAULT now(),
	updated_at     timestamptz NOT NULL DEFAULT now(),
	settled_at     timestamptz
);
CREATE INDEX payments_open ON payments (updated_at) WHERE status = 'open';
CREATE INDEX payments_restaurant ON payments (restaurant_id, created_at);

CREATE TYPE payment_entry AS ENUM ('authorised', 'captured', 'failed',
	'expired', 'cancelled', 'refund_queued', 'refunded');

-- What happened to a payment, in order. A refund_queued row, and the
-- cancelled row of a payment whose hold ran out, are outbox rows too:
-- stolik-payments makes the gateway call once under idem_key and sets
-- sent_at (a refund adds a `refunded` row).
CREATE TABLE payment_ledger (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	payment_id  bigint NOT NULL REFERENCES payments(id) ON DELETE CASCADE,
	kind        payment_entry NOT NULL,
	amount      bigint NOT NULL DEFAULT 0 CHECK (amount >= 0),
	currency    char(3) NOT NULL,
	gateway_id  text NOT NULL DEFAULT '' CHECK (length(gateway_id) <= 255),
	idem_key    text UNIQUE CHECK (length(idem_key) <= 255),
	note        text NOT NULL DEFAULT '' CHECK (length(note) <= 400),
	attempts    integer NOT NULL DEFAULT 0,
	sent_at     timestamptz,
	at          timestamptz NOT NULL DEFAULT now(),
	CHECK (idem_key IS NULL OR kind IN ('refund_queued', 'cancelled')),
	CHECK (kind <> 'refund_queued' OR idem_key IS NOT NULL)
);
CREATE INDEX payment_ledger_payment ON payment_ledger (payment_id, id);
CREATE INDEX payment_ledger_queued ON payment_ledger (id)
	WHERE idem_key IS NOT NULL AND sent_at IS NULL;

-- Webhook event ids seen: a repeated event changes nothing.
CREATE TABLE payment_events (
	event_id    text PRIMARY KEY CHECK (length(event_id) <= 255),
	type        text NOT NULL CHECK (length(type) <= 100),
	received_at timestamptz NOT NULL DEFAULT now()
);

-- Queue a refund of amount (0 or less: none) of payment p under key.
CREATE FUNCTION pay_refund_queue(p bigint, p_amount bigint, p_key text,
	p_note text)
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
	left_ bigint;
BEGIN
	SELECT y.amount - y.refunded - coalesce((SELECT sum(l.amount)
		FROM payment_ledger l WHERE l.payment_id = y.id
		AND l.kind = 'refund_queued' AND l.sent_at IS NULL), 0)
	INTO left_ FROM payments y WHERE y.id = p AND y.status = 'paid';
	IF left_ IS NULL OR p_amount <= 0 THEN
		RETURN 0;
	END IF;
	p_amount := least(p_amount, left_);
	IF p_amount <= 0 THEN
		RETURN 0;
	END IF;
	INSERT INTO payment_ledger (payment_id, kind, amount, currency, idem_key,
		note)
	SELECT y.id, 'refund_queued', p_amount, y.currency, p_key, p_note
	FROM payments y WHERE y.id = p
	ON CONFLICT (idem_key) DO NOTHING;
	IF NOT FOUND THEN
		RETURN 0;
	END IF;
	RETURN p_amount;
END $$;

-- Settle the payment of checkout session p_session with what the gateway
-- said (a verified webhook, or an answer to a status query): p_outcome
-- 'paid', 'failed' or 'expired'. p_event (a webhook's id, or NULL) is
-- recorded first: seen before, nothing changes ('replay'). Locks the
-- booking's row, then the payment's (the order of every writer of both).
-- Outcomes: replay, unknown, mismatch (amount or currency not the
-- payment's: nothing may change, the caller rolls back), final (already
-- settled: nothing changes, e.g. a late failure after a success),
-- confirmed, refund (paid, but the hold was gone: the whole amount goes
-- back), failed (recorded; the diner may try again), expired.
CREATE FUNCTION pay_settle(p_session text, p_intent text, p_outcome text,
	p_amount bigint, p_currency text, p_event text, p_type text,
	p_domain text)
RETURNS TABLE (outcome text, reservation_id bigint, payment_id bigint)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
	rid bigint;
	y payments%ROWTYPE;
	st reservation_status;
	rest bigint;
BEGIN
	IF p_event IS NOT NULL THEN
		INSERT INTO payment_events (event_id, type)
		VALUES (p_event, coalesce(p_type, '')) ON CONFLICT DO NOTHING;
		IF NOT FOUND THEN
			RETURN QUERY SELECT 'replay'::text, NULL::bigint, NULL::bigint;
			RETURN;
		END IF;
	END IF;
	SELECT x.reservation_id INTO rid FROM payments x
	WHERE x.session_id = p_session;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'unknown'::text, NULL::bigint, NULL::bigint;
		RETURN;
	END IF;
	SELECT v.status, v.restaurant_id INTO st, rest FROM reservations v
	WHERE v.id = rid FOR UPDATE;
	SELECT * INTO y FROM payments x WHERE x.reservation_id = rid FOR UPDATE;
	IF p_outcome = 'paid' AND (p_amount IS DISTINCT FROM y.amount OR
	    upper(coalesce(p_currency, '')) <> y.currency) THEN
		RETURN QUERY SELECT 'mismatch'::text, rid, y.id;
		RETURN;
	END IF;
	IF y.status <> 'open' THEN
		-- money that came after the payment was given up goes back
		IF p_outcome = 'paid' AND y.status IN ('expired', 'cancelled') THEN
			UPDATE payments SET status = 'paid', intent_id =
				coalesce(nullif(p_intent, ''), intent_id),
				settled_at = now(), updated_at = now()
			WHERE id = y.id;
			INSERT INTO payment_ledger (payment_id, kind, amount, currency,
				gateway_id, note)
			VALUES (y.id, 'captured', y.amount, y.currency,
				coalesce(p_intent, ''), 'paid after the hold was given up');
			PERFORM pay_refund_queue(y.id, y.amount, 'refund:' || y.code ||
				':late', 'the hold was gone when the payment came');
			RETURN QUERY SELECT 'refund'::text, rid, y.id;
			RETURN;
		END IF;
		RETURN QUERY SELECT 'final'::text, rid, y.id;
		RETURN;
	END IF;
	IF p_outcome = 'failed' THEN
		INSERT INTO payment_ledger (payment_id, kind, amount, currency,
			gateway_id, note)
		VALUES (y.id, 'failed', 0, y.currency, coalesce(p_intent, ''),
			'the payment was declined');
		UPDATE payments SET updated_at = now() WHERE id = y.id;
		RETURN QUERY SELECT 'failed'::text, rid, y.id;
		RETURN;
	END IF;
	IF p_outcome = 'expired' THEN
		UPDATE payments SET status = 'expired', settled_at = now(),
			updated_at = now() WHERE id = y.id;
		INSERT INTO payment_ledger (payment_id, kind, amount, currency,
			gateway_id, note)
		VALUES (y.id, 'expired', 0, y.currency, coalesce(p_session, ''),
			'the checkout session expired');
		-- nobody can pay any more: the table goes back
		IF st = 'held' THEN
			UPDATE reservations SET status = 'expired', updated_at = now()
			WHERE id = rid;
			INSERT INTO reservation_events (reservation_id, restaurant_id,
				actor, from_status, to_status, note)
			VALUES (rid, rest, 'system', 'held', 'expired',
				'the payment expired');
		END IF;
		RETURN QUERY SELECT 'expired'::text, rid, y.id;
		RETURN;
	END IF;
	IF p_outcome <> 'paid' THEN
		RAISE EXCEPTION 'pay_settle: outcome %', p_outcome;
	END IF;
	UPDATE payments SET status = 'paid', intent_id =
		coalesce(nullif(p_intent, ''), intent_id), settled_at = now(),
		updated_at = now()
	WHERE id = y.id;
	INSERT INTO payment_ledger (payment_id, kind, amount, currency,
		gateway_id, note)
	VALUES (y.id, 'captured', y.amount, y.currency, coalesce(p_intent, ''), '');
	IF st IS DISTINCT FROM 'held' THEN
		-- paid, but the hold ran out first: no booking, so no money
		PERFORM pay_refund_queue(y.id, y.amount, 'refund:' || y.code ||
			':late', 'the hold was gone when the payment came');
		RETURN QUERY SELECT 'refund'::text, rid, y.id;
		RETURN;
	END IF;
	-- the held row still has its table (the constraint never let it go):
	-- it becomes the booking, with its event and its mails
	UPDATE reservations SET status = y.confirm_status, hold_expires_at = NULL,
		hold_owner = NULL, updated_at = now()
	WHERE id = rid;
	INSERT INTO reservation_events (reservation_id, restaurant_id, actor,
		from_status, to_status, note)
	VALUES (rid, rest, 'system', 'held', y.confirm_status, 'deposit paid');
	INSERT INTO outbox (kind, reservation_id, to_addr, dedupe_key, payload,
		message_id)
	SELECT x.kind, rid, x."to", x.kind || ':' || rid || coalesce(x.tag, ''),
		coalesce(x.payload, '{}'),
		'<' || gen_random_uuid() || '@' || p_domain || '>'
	FROM jsonb_to_recordset(y.mails)
		AS x(kind text, "to" citext, payload jsonb, tag text)
	WHERE coalesce(x."to", '') <> ''
	ON CONFLICT (dedupe_key) DO NOTHING;
	RETURN QUERY SELECT 'confirmed'::text, rid, y.id;
END $$;

-- Start (or find) the payment of held booking p_code, owner of p_token:
-- the guest's details go on the held row, and a new payment extends the
-- hold once to now + p_minutes (never shortens it): the bound. Outcomes:
-- gone (no such live hold), new, open (a payment under way: its session,
-- or none yet when the gateway call failed before), paid (settled).
CREATE FUNCTION pay_start(p_code text, p_token bytea, p_name text,
	p_email citext, p_phone text, p_requests text, p_user bigint,
	p_amount bigint, p_currency text, p_status reservation_status,
	p_mails jsonb, p_minutes integer)
RETURNS TABLE (outcome text, payment_id bigint, session_id text,
	checkout_url text, expires bigint)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
	rid bigint;
	rest bigint;
	exp_ timestamptz;
	y payments%ROWTYPE;
BEGIN
	SELECT v.id, v.restaurant_id, v.hold_expires_at INTO rid, rest, exp_
	FROM reservations v
	WHERE v.code = p_code AND v.manage_token_hash = p_token
	AND v.status = 'held' AND v.hold_expires_at > now()
	FOR UPDATE;
	IF NOT FOUND THEN
		RETURN QUERY SELECT 'gone'::text, NULL::bigint, NULL::text,
			NULL::text, NULL::bigint;
		RETURN;
	END IF;
	SELECT * INTO y FROM payments x WHERE x.reservation_id = rid FOR UPDATE;
	IF FOUND AND y.status <> 'open' THEN
		RETURN QUERY SELECT (CASE WHEN y.status = 'paid' THEN 'paid'
			ELSE 'gone' END)::text, y.id, y.session_id, y.checkout_url,
			extract(epoch FROM y.expires_at)::bigint;
		RETURN;
	END IF;
	UPDATE reservations SET guest_name = p_name, guest_email = p_email,
		guest_phone = p_phone, special_requests = p_requests,
		user_id = p_user,
		hold_expires_at = CASE WHEN y.id IS NULL THEN greatest(hold_expires_at,
			now() + make_interval(mins => p_minutes))
			ELSE hold_expires_at END,
		updated_at = now()
	WHERE id = rid RETURNING hold_expires_at INTO exp_;
	IF y.id IS NOT NULL THEN
		UPDATE payments SET mails = p_mails, updated_at = now()
		WHERE id = y.id;
		RETURN QUERY SELECT 'open'::text, y.id, y.session_id, y.checkout_url,
			extract(epoch FROM y.expires_at)::bigint;
		RETURN;
	END IF;
	INSERT INTO payments (reservation_id, restaurant_id, code, amount,
		currency, confirm_status, mails, expires_at)
	VALUES (rid, rest, p_code, p_amount, p_currency, p_status,
		coalesce(p_mails, '[]'), exp_)
	RETURNING * INTO y;
	INSERT INTO reservation_events (reservation_id, restaurant_id, actor,
		from_status, to_status, note)
	VALUES (rid, rest, 'diner', 'held', 'held', 'awaiting payment');
	RETURN QUERY SELECT 'new'::text, y.id, NULL::text, NULL::text,
		extract(epoch FROM exp_)::bigint;
END $$;
