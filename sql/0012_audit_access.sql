-- 0012_audit_access: the database's part of the second audit's access fixes.
--
-- An Idempotency-Key's kept answer holds no manage token: the token it gave
-- is kept sealed with the server key (lib/secret.c), for a replay to the same
-- caller only.
ALTER TABLE idempotency_keys
	ADD COLUMN token_sealed text CHECK (length(token_sealed) <= 200);
-- The rows kept so far are scoped by address, which no request names any
-- more, and some hold tokens in plain text: they go now, not in a day.
DELETE FROM idempotency_keys;

-- Nobody reviews their own restaurant: not its owner's account, and not a
-- booking made under the owner's account or address. The booking core
-- refuses such a review with a reason; this is the last line, should a path
-- ever miss it. A booking the owner entered (walk-in or phone) carries a
-- name the owner typed: its review is signed with the name of the verified
-- account of the guest's address instead, or "Guest".
CREATE OR REPLACE FUNCTION reviews_author() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	who     text;
	src     reservation_source;
	addr    citext;
	booker  bigint;
	owner   bigint;
	owner_addr citext;
	month   text;
BEGIN
	SELECT v.guest_name, v.source, v.guest_email, v.user_id, r.owner_id, o.email,
		to_char(v.starts_at AT TIME ZONE r.timezone, 'YYYY-MM')
	INTO who, src, addr, booker, owner, owner_addr, month
	FROM reservations_all v JOIN restaurants r ON r.id = v.restaurant_id
	LEFT JOIN users o ON o.id = r.owner_id
	WHERE v.id = NEW.reservation_id;
	IF FOUND AND (NEW.user_id = owner OR booker = owner OR
	    (addr IS NOT NULL AND addr = owner_addr)) THEN
		RAISE EXCEPTION 'review % of the reviewer''s own restaurant',
			NEW.reservation_id USING ERRCODE = 'check_violation';
	END IF;
	IF src IN ('owner', 'walk_in') THEN
		who := coalesce((SELECT u.name FROM users u WHERE u.email = addr
			AND u.email_verified_at IS NOT NULL AND u.disabled_at IS NULL),
			'Guest');
		NEW.author := '';
	END IF;
	IF NEW.author = '' OR NEW.visited = '' THEN
		NEW.author := left(coalesce(split_part(trim(who), ' ', 1) ||
			CASE WHEN position(' ' IN trim(who)) > 0
			THEN ' ' || left(split_part(trim(who), ' ', 2), 1) || '.'
			ELSE '' END, ''), 120);
		NEW.visited := coalesce(month, '');
	END IF;
	RETURN NEW;
END $$;

