-- 0008_history_months: one function makes a month's history partition, for
-- the sweep's archiving and for anything that loads old bookings in bulk.

CREATE FUNCTION reservations_history_month(m date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	first date := date_trunc('month', m)::date;
BEGIN
	IF to_regclass(format('reservations_history_%s', to_char(first, 'YYYYMM'))) IS NULL THEN
		EXECUTE format('CREATE TABLE %I PARTITION OF reservations_history '
			'FOR VALUES FROM (%L) TO (%L)',
			'reservations_history_' || to_char(first, 'YYYYMM'),
			(first::timestamp AT TIME ZONE 'UTC'),
			((first + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
	END IF;
END $$;

CREATE OR REPLACE FUNCTION reservations_archive(cutoff timestamptz, n integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
	moved integer;
BEGIN
	PERFORM reservations_history_month(m)
	FROM (SELECT DISTINCT date_trunc('month', starts_at AT TIME ZONE 'UTC')::date AS m
		FROM reservations
		WHERE starts_at < cutoff
		AND status IN ('finished', 'cancelled', 'no_show', 'rejected', 'expired')) months;
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
