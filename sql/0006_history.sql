-- 0006_history: old bookings leave the live table for a monthly-partitioned history.
--
-- The live table keeps its exclusion constraint (PostgreSQL 15 has none on
-- partitioned tables) and stays small; finished, cancelled, no-show, rejected
-- and expired bookings older than Sweep.HistoryDays move by stolik-sweep.
-- Events, reviews and mails keep pointing at the moved rows by id, so their
-- foreign keys to the live table go.

ALTER TABLE reservation_events DROP CONSTRAINT reservation_events_reservation_id_fkey;
ALTER TABLE reviews DROP CONSTRAINT reviews_reservation_id_fkey;
ALTER TABLE outbox DROP CONSTRAINT outbox_reservation_id_fkey;

-- A booking deleted outright (not archived) takes its events along, as the
-- foreign key's cascade did.
CREATE FUNCTION reservations_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('stolik.archiving', true) IS DISTINCT FROM 'on' THEN
		DELETE FROM reservation_events WHERE reservation_id = OLD.id;
	END IF;
	RETURN OLD;
END $$;
CREATE TRIGGER reservations_forget AFTER DELETE ON reservations
	FOR EACH ROW EXECUTE FUNCTION reservations_forget();

CREATE TABLE reservations_history (LIKE reservations INCLUDING DEFAULTS)
	PARTITION BY RANGE (starts_at);
ALTER TABLE reservations_history ADD PRIMARY KEY (id, starts_at);
CREATE TABLE reservations_history_default PARTITION OF reservations_history DEFAULT;
CREATE INDEX reservations_history_restaurant ON reservations_history (restaurant_id, starts_at);
CREATE INDEX reservations_history_user ON reservations_history (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX reservations_history_email ON reservations_history (guest_email);
CREATE INDEX reservations_history_code ON reservations_history (code);

-- Every booking, live or past: what the owner's statistics, the export and
-- the account page read.
CREATE VIEW reservations_all AS
	SELECT * FROM reservations
	UNION ALL
	SELECT * FROM reservations_history;

-- Move up to n final bookings that started before cutoff; the months they
-- fall in get their partitions first. Returns how many moved.
CREATE FUNCTION reservations_archive(cutoff timestamptz, n integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	m   date;
	moved integer;
BEGIN
	FOR m IN SELECT DISTINCT date_trunc('month', starts_at AT TIME ZONE 'UTC')::date
		FROM reservations
		WHERE starts_at < cutoff
		AND status IN ('finished', 'cancelled', 'no_show', 'rejected', 'expired')
	LOOP
		IF to_regclass(format('reservations_history_%s', to_char(m, 'YYYYMM'))) IS NULL THEN
			EXECUTE format('CREATE TABLE %I PARTITION OF reservations_history '
				'FOR VALUES FROM (%L) TO (%L)',
				'reservations_history_' || to_char(m, 'YYYYMM'),
				(m::timestamp AT TIME ZONE 'UTC'),
				((m + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
		END IF;
	END LOOP;
	PERFORM set_config('stolik.archiving', 'on', true);
	WITH batch AS (
		SELECT id FROM reservations
		WHERE starts_at < cutoff
		AND status IN ('finished', 'cancelled', 'no_show', 'rejected', 'expired')
		ORDER BY starts_at LIMIT n FOR UPDATE SKIP LOCKED
	), gone AS (
		DELETE FROM reservations v USING batch b WHERE v.id = b.id RETURNING v.*
	)
	INSERT INTO reservations_history SELECT * FROM gone;
	GET DIAGNOSTICS moved = ROW_COUNT;
	PERFORM set_config('stolik.archiving', 'off', true);
	RETURN moved;
END $$;

-- /metrics counts the bookings from today on.
CREATE INDEX reservations_starts ON reservations (starts_at);
