-- booking.sql: pgbench's booking transaction, against the reservations table's
-- own exclusion constraint: a random table of the pgbench restaurant and a
-- random half-hour over 60 days; a taken table is a conflict, not an error.
--   pgbench -n -M prepared -c 8 -j 2 -T 10 -D tmin=.. -D tn=.. -D rid=.. -f booking.sql
\set t random(:tmin, :tmin + :tn - 1)
\set d random(1, 60)
\set s random(0, 20)
INSERT INTO reservations (code, restaurant_id, table_id, party_size, starts_at, ends_at,
	status, source, guest_name)
VALUES ('P' || upper(substr(md5(random()::text), 1, 15)), :rid, :t, 2,
	date_trunc('day', now()) + make_interval(days => :d, mins => 600 + 30 * :s),
	date_trunc('day', now()) + make_interval(days => :d, mins => 690 + 30 * :s),
	'confirmed', 'api', 'pgbench')
ON CONFLICT DO NOTHING;
