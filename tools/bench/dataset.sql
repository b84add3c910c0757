-- dataset.sql: a benchmark dataset, made with generate_series in the database.
--
--   psql -v restaurants=1000 -v tables_per=10 -v users=10000 -v every=8 \
--        -v days_back=150 -v days_ahead=60 -f dataset.sql
--
-- restaurants with tables_per tables each (seats 2, 4 or 6), opening hours,
-- turn times; users; and a booking on every table every `every` days from
-- days_back ago to days_ahead on, in one of four non-overlapping sittings, so
-- the exclusion constraint never refuses one. Bookings older than 90 days go
-- straight to the monthly history partitions, as stolik-sweep would move them.
\set ON_ERROR_STOP on
\timing on
SET synchronous_commit = off;

\echo restaurants
INSERT INTO users (email, name, role, email_verified_at)
SELECT 'bench-owner@bench.example', 'Bench Owner', 'owner', now()
ON CONFLICT DO NOTHING;

INSERT INTO restaurants (owner_id, slug, name, description, cuisine, address, city,
	country, phone, email, timezone, slot_minutes, booking_window_days,
	min_notice_minutes, cancel_cutoff_minutes, max_party, status, lat, lon)
SELECT o.id, 'bench-' || n, 'Bench ' || c.cuisine || ' ' || n,
	'A ' || c.cuisine || ' place for the benchmark, number ' || n || '.',
	c.cuisine, n || ' Bench street', t.city, t.country, '+48 22 000 ' || lpad(n::text, 5, '0'),
	'bench' || n || '@bench.example', t.tz, 15, 60, 0, 60, 6, 'active',
	t.lat + (n % 100) / 1000.0, t.lon + (n % 97) / 1000.0
FROM generate_series(1, :restaurants) n
JOIN users o ON o.email = 'bench-owner@bench.example'
CROSS JOIN LATERAL (SELECT (ARRAY['italian', 'ukrainian', 'japanese', 'georgian',
	'french', 'polish', 'mexican', 'seafood', 'pizza', 'vegetarian'])[1 + n % 10] AS cuisine) c
CROSS JOIN LATERAL (SELECT * FROM (VALUES
	(0, 'Kyiv', 'UA', 'Europe/Kyiv', 50.45, 30.52),
	(1, 'Lviv', 'UA', 'Europe/Kyiv', 49.84, 24.03),
	(2, 'Warsaw', 'PL', 'Europe/Warsaw', 52.23, 21.01),
	(3, 'Kraków', 'PL', 'Europe/Warsaw', 50.06, 19.94),
	(4, 'New York', 'US', 'America/New_York', 40.73, -73.99)) v(k, city, country, tz, lat, lon)
	WHERE v.k = n % 5) t;

INSERT INTO opening_hours (restaurant_id, weekday, opens, closes, name)
SELECT r.id, d, s.opens, s.closes, s.name
FROM restaurants r, generate_series(1, 7) d,
	(VALUES (time '12:00', time '16:00', 'Lunch'), (time '17:30', time '23:30', 'Dinner')) s(opens, closes, name)
WHERE r.slug LIKE 'bench-%';

INSERT INTO turn_times (restaurant_id, party_min, party_max, minutes)
SELECT r.id, t.lo, t.hi, t.m FROM restaurants r,
	(VALUES (1, 2, 90), (3, 4, 120), (5, 6, 150)) t(lo, hi, m)
WHERE r.slug LIKE 'bench-%';

\echo tables
INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max, area)
SELECT r.id, 'T' || k, 1, (ARRAY[2, 4, 6])[1 + k % 3], 'Main room'
FROM restaurants r, generate_series(1, :tables_per) k
WHERE r.slug LIKE 'bench-%';

\echo users
INSERT INTO users (email, name, role, email_verified_at)
SELECT 'user' || n || '@bench.example', 'Bench User ' || n, 'diner', now()
FROM generate_series(1, :users) n;

\echo history partitions
SELECT count(*) AS months FROM (SELECT reservations_history_month(m::date)
	FROM generate_series(date_trunc('month', now() - interval '800 days'),
	date_trunc('month', now()), interval '1 month') m) made;

-- the bookings of one table: every `every` days, a sitting from the four
CREATE TEMP VIEW bench_bookings AS
SELECT t.id AS table_id, t.restaurant_id, t.seats_max, r.timezone,
	d AS day, (t.id + d + 100000) AS k,
	((now() AT TIME ZONE r.timezone)::date + d
		+ (ARRAY[time '12:00', time '14:15', time '18:00', time '20:45'])[1 + (t.id + d + 100000) % 4])
		AT TIME ZONE r.timezone AS starts_at
FROM dining_tables t JOIN restaurants r ON r.id = t.restaurant_id
CROSS JOIN LATERAL generate_series(-:days_back + (t.id % :every)::int, :days_ahead, :every) d
WHERE r.slug LIKE 'bench-%';

\echo history bookings
INSERT INTO reservations_history (id, code, restaurant_id, table_id, user_id,
	guest_name, guest_email, guest_phone, party_size, starts_at, ends_at, status,
	source, created_at, updated_at)
SELECT nextval(pg_get_serial_sequence('reservations', 'id')),
	'H' || upper(lpad(to_hex(b.table_id), 8, '0')) || upper(lpad(to_hex(b.day + 100000), 6, '0')),
	b.restaurant_id, b.table_id, NULL, 'Guest ' || b.table_id,
	'user' || (1 + (b.table_id * 7 + b.k) % :users) || '@bench.example', '+48 600 000 000',
	1 + b.k % b.seats_max, b.starts_at, b.starts_at + interval '2 hours',
	(CASE WHEN b.k % 13 = 0 THEN 'cancelled'
	      WHEN b.k % 17 = 0 THEN 'no_show' ELSE 'finished' END)::reservation_status,
	'web', b.starts_at - interval '5 days', b.starts_at
FROM bench_bookings b WHERE b.day < -90;

\echo live bookings
INSERT INTO reservations (code, restaurant_id, table_id, guest_name, guest_email,
	guest_phone, party_size, starts_at, ends_at, status, source, created_at, updated_at)
SELECT 'L' || upper(lpad(to_hex(b.table_id), 8, '0')) || upper(lpad(to_hex(b.day + 100000), 6, '0')),
	b.restaurant_id, b.table_id, 'Guest ' || b.table_id,
	'user' || (1 + (b.table_id * 7 + b.k) % :users) || '@bench.example', '+48 600 000 000',
	1 + b.k % b.seats_max, b.starts_at, b.starts_at + interval '2 hours',
	(CASE WHEN b.day >= 0 THEN 'confirmed'
	      WHEN b.k % 13 = 0 THEN 'cancelled'
	      WHEN b.k % 17 = 0 THEN 'no_show' ELSE 'finished' END)::reservation_status,
	'web', b.starts_at - interval '5 days', now()
FROM bench_bookings b WHERE b.day >= -90;

\echo analyze
ANALYZE;
SELECT (SELECT count(*) FROM restaurants WHERE slug LIKE 'bench-%') AS restaurants,
	(SELECT count(*) FROM dining_tables) AS tables,
	(SELECT count(*) FROM users) AS users,
	(SELECT count(*) FROM reservations) AS live,
	(SELECT count(*) FROM reservations_history) AS history;

-- pgbench's booking script writes to a restaurant of its own
INSERT INTO restaurants (owner_id, slug, name, timezone, status)
SELECT id, 'bench-pgbench', 'Bench pgbench', 'Europe/Warsaw', 'active' FROM users
WHERE email = 'bench-owner@bench.example';
INSERT INTO dining_tables (restaurant_id, label, seats_min, seats_max)
SELECT r.id, 'P' || k, 1, 4 FROM restaurants r, generate_series(1, 200) k
WHERE r.slug = 'bench-pgbench';
