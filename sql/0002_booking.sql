-- 0002_booking: what holds, idempotent API calls and the set-up cache need.

-- Who took a hold (a hash of the browser id or API client) and from where,
-- for the limits on simultaneous holds.
ALTER TABLE reservations
	ADD COLUMN hold_owner bytea CHECK (length(hold_owner) = 32),
	ADD COLUMN client_ip inet;
CREATE INDEX reservations_hold_owner ON reservations (hold_owner, hold_expires_at)
	WHERE status = 'held';
CREATE INDEX reservations_hold_ip ON reservations (client_ip, hold_expires_at)
	WHERE status = 'held';
-- Active future bookings per guest and restaurant.
CREATE INDEX reservations_guest ON reservations (restaurant_id, guest_email, starts_at)
	WHERE status IN ('pending', 'confirmed');

-- Idempotency-Key on API POSTs: the first answer is kept and replayed.
CREATE TABLE idempotency_keys (
	scope        text NOT NULL CHECK (length(scope) <= 100),
	key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
	request_hash text NOT NULL,
	status       integer,
	response     text,
	created_at   timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Workers cache each restaurant's set-up; any change tells them to drop it.
CREATE FUNCTION setup_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	rid bigint;
BEGIN
	IF TG_TABLE_NAME = 'restaurants' THEN
		rid := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
	ELSE
		rid := CASE WHEN TG_OP = 'DELETE' THEN OLD.restaurant_id
		    ELSE NEW.restaurant_id END;
	END IF;
	PERFORM pg_notify('stolik_setup', rid::text);
	RETURN NULL;
END $$;

CREATE TRIGGER restaurants_setup AFTER INSERT OR UPDATE OR DELETE ON restaurants
	FOR EACH ROW EXECUTE FUNCTION setup_notify();
CREATE TRIGGER opening_hours_setup AFTER INSERT OR UPDATE OR DELETE ON opening_hours
	FOR EACH ROW EXECUTE FUNCTION setup_notify();
CREATE TRIGGER closures_setup AFTER INSERT OR UPDATE OR DELETE ON closures
	FOR EACH ROW EXECUTE FUNCTION setup_notify();
CREATE TRIGGER dining_tables_setup AFTER INSERT OR UPDATE OR DELETE ON dining_tables
	FOR EACH ROW EXECUTE FUNCTION setup_notify();
CREATE TRIGGER turn_times_setup AFTER INSERT OR UPDATE OR DELETE ON turn_times
	FOR EACH ROW EXECUTE FUNCTION setup_notify();
