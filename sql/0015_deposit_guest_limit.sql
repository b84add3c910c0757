-- 0015_deposit_guest_limit: the per-guest limit of active bookings
-- (App.BookingsPerGuest) on the deposit path too. rsv_confirm counts a
-- guest's pending and confirmed bookings; a hold that owes a deposit is
-- confirmed by pay_settle instead, so the limit is checked when the checkout
-- starts (pay_start: guest_limit, and nothing is written) and again when
-- the payment settles (pay_settle: over it, the hold expires and the whole
-- amount is queued back under refund:<code>:limit, like a late payment).

-- the limit the checkout was started under (NULL: none)
ALTER TABLE payments ADD COLUMN max_guest integer
	CHECK (max_guest IS NULL OR max_guest > 0);

DROP FUNCTION pay_start(text, bytea, text, citext, text, text, bigint, bigint,
	text, reservation_status, jsonb, integer);

CREATE OR REPLACE FUNCTION pay_settle(p_session text, p_intent text, p_outcome text,
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
	em citext;
	n bigint;
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
	-- the guest's limit of active bookings, counted again under the
	-- guest's lock (as rsv_confirm does): over it, the hold is given up
	-- and the money goes back like a payment that came too late
	IF y.max_guest IS NOT NULL THEN
		SELECT v.guest_email INTO em FROM reservations v WHERE v.id = rid;
		-- (the lock first, then the count in a statement of its own: its
		-- snapshot sees what a writer before us under the lock committed)
		PERFORM pg_advisory_xact_lock(hashtextextended('guest:' || rest ||
			':' || lower(em::text), 0));
		SELECT count(*) INTO n FROM reservations v
		WHERE v.guest_email = em AND v.restaurant_id = rest
		AND v.status IN ('pending', 'confirmed') AND v.starts_at > now();
		IF n >= y.max_guest THEN
			UPDATE reservations SET status = 'expired', updated_at = now()
			WHERE id = rid;
			INSERT INTO reservation_events (reservation_id, restaurant_id,
				actor, from_status, to_status, note)
			VALUES (rid, rest, 'system', 'held', 'expired',
				'paid over the guest''s limit of bookings');
			PERFORM pay_refund_queue(y.id, y.amount, 'refund:' || y.code ||
				':limit', 'the guest already had the most bookings allowed');
			RETURN QUERY SELECT 'refund'::text, rid, y.id;
			RETURN;
		END IF;
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

CREATE FUNCTION pay_start(p_code text, p_token bytea, p_name text,
	p_email citext, p_phone text, p_requests text, p_user bigint,
	p_amount bigint, p_currency text, p_status reservation_status,
	p_mails jsonb, p_minutes integer, p_max_guest integer)
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
	n bigint;
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
	-- the guest's limit of active bookings, as rsv_confirm counts it:
	-- no checkout for a booking the guest may not have
	IF p_max_guest IS NOT NULL THEN
		-- (the lock first, then the count in a statement of its own: its
		-- snapshot sees what a writer before us under the lock committed)
		PERFORM pg_advisory_xact_lock(hashtextextended('guest:' || rest ||
			':' || lower(p_email::text), 0));
		SELECT count(*) INTO n FROM reservations v
		WHERE v.guest_email = p_email AND v.restaurant_id = rest
		AND v.status IN ('pending', 'confirmed') AND v.starts_at > now();
		IF n >= p_max_guest THEN
			RETURN QUERY SELECT 'guest_limit'::text, NULL::bigint,
				NULL::text, NULL::text, NULL::bigint;
			RETURN;
		END IF;
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
		UPDATE payments SET mails = p_mails, max_guest = p_max_guest,
			updated_at = now()
		WHERE id = y.id;
		RETURN QUERY SELECT 'open'::text, y.id, y.session_id, y.checkout_url,
			extract(epoch FROM y.expires_at)::bigint;
		RETURN;
	END IF;
	INSERT INTO payments (reservation_id, restaurant_id, code, amount,
		currency, confirm_status, mails, expires_at, max_guest)
	VALUES (rid, rest, p_code, p_amount, p_currency, p_status,
		coalesce(p_mails, '[]'), exp_, p_max_guest)
	RETURNING * INTO y;
	INSERT INTO reservation_events (reservation_id, restaurant_id, actor,
		from_status, to_status, note)
	VALUES (rid, rest, 'diner', 'held', 'held', 'awaiting payment');
	RETURN QUERY SELECT 'new'::text, y.id, NULL::text, NULL::text,
		extract(epoch FROM exp_)::bigint;
END $$;
