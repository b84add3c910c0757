-- 0001_init: the whole data model of DESIGN §4 with its constraints and indexes.
-- Applied by stolik-migrate inside one transaction; never edit after release.

CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Accounts ---------------------------------------------------------------

CREATE TYPE user_role AS ENUM ('diner', 'owner', 'admin');

CREATE TABLE users (
	id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email             citext NOT NULL UNIQUE
	                  CHECK (length(email) <= 254 AND email ~ '^[^@\s]+@[^@\s]+$'),
	password_hash     text CHECK (length(password_hash) < 128),
	name              text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
	phone             text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
	role              user_role NOT NULL DEFAULT 'diner',
	locale            text NOT NULL DEFAULT 'en' CHECK (locale ~ '^[a-z]{2}(-[A-Z]{2})?$'),
	email_verified_at timestamptz,
	created_at        timestamptz NOT NULL DEFAULT now(),
	disabled_at       timestamptz
);

-- A login session; anonymous visitors have none (their CSRF token is
-- derived from a signed browser cookie, so page views never write here).
CREATE TABLE sessions (
	token_hash   bytea PRIMARY KEY CHECK (length(token_hash) = 32),
	user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf_secret  bytea NOT NULL CHECK (length(csrf_secret) = 32),
	created_at   timestamptz NOT NULL DEFAULT now(),
	last_seen_at timestamptz NOT NULL DEFAULT now(),
	expires_at   timestamptz NOT NULL,
	ip           inet,
	user_agent   text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 512),
	CHECK (expires_at > created_at)
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Restaurants and their set-up ------------------------------------------

CREATE TYPE restaurant_status AS ENUM ('draft', 'pending', 'active', 'suspended');
CREATE TYPE confirmation_mode AS ENUM ('auto', 'manual');

CREATE TABLE restaurants (
	id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	owner_id               bigint NOT NULL REFERENCES users(id),
	slug                   text NOT NULL UNIQUE
	                       CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
	name                   text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
	description            text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
	cuisine                text NOT NULL DEFAULT '' CHECK (length(cuisine) <= 60),
	address                text NOT NULL DEFAULT '' CHECK (length(address) <= 200),
	city                   text NOT NULL DEFAULT '' CHECK (length(city) <= 80),
	postal_code            text NOT NULL DEFAULT '' CHECK (length(postal_code) <= 20),
	country                text NOT NULL DEFAULT '' CHECK (country ~ '^([A-Z]{2})?$'),
	phone                  text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
	email                  citext CHECK (length(email) <= 254),
	website                text NOT NULL DEFAULT ''
	                       CHECK (length(website) <= 300 AND (website = '' OR website ~ '^https?://')),
	lat                    double precision CHECK (lat BETWEEN -90 AND 90),
	lon                    double precision CHECK (lon BETWEEN -180 AND 180),
	-- IANA zone name; the cast is immutable and fails on an unknown zone.
	timezone               text NOT NULL
	                       CHECK ((timestamp '2000-01-01' AT TIME ZONE timezone) IS NOT NULL),
	slot_minutes           integer NOT NULL DEFAULT 15
	                       CHECK (slot_minutes IN (5, 10, 15, 20, 30, 60)),
	booking_window_days    integer NOT NULL DEFAULT 60
	                       CHECK (booking_window_days BETWEEN 1 AND 365),
	min_notice_minutes     integer NOT NULL DEFAULT 60
	                       CHECK (min_notice_minutes BETWEEN 0 AND 10080),
	cancel_cutoff_minutes  integer NOT NULL DEFAULT 120
	                       CHECK (cancel_cutoff_minutes BETWEEN 0 AND 10080),
	confirmation_mode      confirmation_mode NOT NULL DEFAULT 'auto',
	pacing_covers_per_slot integer CHECK (pacing_covers_per_slot > 0),
	noshow_grace_minutes   integer NOT NULL DEFAULT 30
	                       CHECK (noshow_grace_minutes BETWEEN 0 AND 240),
	reminder_hours         integer[] NOT NULL DEFAULT '{24,2}'
	                       CHECK (cardinality(reminder_hours) <= 4
	                              AND 0 < ALL (reminder_hours) AND 169 > ALL (reminder_hours)),
	max_party              integer NOT NULL DEFAULT 12 CHECK (max_party BETWEEN 1 AND 100),
	status                 restaurant_status NOT NULL DEFAULT 'draft',
	rating_avg             numeric(3, 2) CHECK (rating_avg BETWEEN 1 AND 5),
	rating_count           integer NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
	created_at             timestamptz NOT NULL DEFAULT now(),
	updated_at             timestamptz NOT NULL DEFAULT now(),
	search                 tsvector GENERATED ALWAYS AS (
	    setweight(to_tsvector('simple', name), 'A') ||
	    setweight(to_tsvector('english', cuisine), 'B') ||
	    setweight(to_tsvector('simple', cuisine), 'B') ||
	    setweight(to_tsvector('simple', city), 'B') ||
	    setweight(to_tsvector('english', description), 'D')) STORED,
	CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX restaurants_owner ON restaurants (owner_id);
CREATE INDEX restaurants_search ON restaurants USING gin (search);
CREATE INDEX restaurants_name_trgm ON restaurants USING gin (name gin_trgm_ops);
CREATE INDEX restaurants_city ON restaurants (lower(city)) WHERE status = 'active';
CREATE INDEX restaurants_cuisine ON restaurants (lower(cuisine)) WHERE status = 'active';
CREATE INDEX restaurants_geo ON restaurants (lat, lon) WHERE status = 'active';

-- Turn time (minutes a table is occupied) by party size; ranges never overlap.
CREATE TABLE turn_times (
	restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
	party_min     integer NOT NULL CHECK (party_min BETWEEN 1 AND 100),
	party_max     integer NOT NULL CHECK (party_max BETWEEN 1 AND 100),
	minutes       integer NOT NULL CHECK (minutes BETWEEN 15 AND 720),
	PRIMARY KEY (restaurant_id, party_min),
	CHECK (party_min <= party_max),
	EXCLUDE USING gist (restaurant_id WITH =,
	                    int4range(party_min, party_max, '[]') WITH &&)
);

-- Services in local wall-clock time; ISO weekday (1 = Monday). A service
-- whose closing time is not after its opening time runs past midnight.
CREATE TABLE opening_hours (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
	weekday       smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
	opens         time NOT NULL,
	closes        time NOT NULL,
	name          text NOT NULL DEFAULT '' CHECK (length(name) <= 40),
	CHECK (opens <> closes),
	UNIQUE (restaurant_id, weekday, opens)
);

CREATE TABLE closures (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
	starts_on     date NOT NULL,
	ends_on       date NOT NULL,
	reason        text NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
	CHECK (ends_on >= starts_on)
);
CREATE INDEX closures_restaurant ON closures (restaurant_id, ends_on);

CREATE TYPE table_bookable AS ENUM ('online', 'in_house', 'walk_in');

CREATE TABLE dining_tables (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
	label         text NOT NULL CHECK (length(label) BETWEEN 1 AND 20),
	seats_min     integer NOT NULL CHECK (seats_min BETWEEN 1 AND 100),
	seats_max     integer NOT NULL CHECK (seats_max BETWEEN 1 AND 100),
	area          text NOT NULL DEFAULT '' CHECK (length(area) <= 40),
	bookable      table_bookable NOT NULL DEFAULT 'online',
	active        boolean NOT NULL DEFAULT true,
	CHECK (seats_min <= seats_max),
	UNIQUE (restaurant_id, label),
	UNIQUE (id, restaurant_id)
);

-- Reservations ------------------------------------------------------------

CREATE TYPE reservation_status AS ENUM (
	'held', 'pending', 'confirmed', 'arrived', 'seated', 'finished',
	'cancelled', 'no_show', 'rejected', 'expired');
CREATE TYPE reservation_source AS ENUM ('web', 'api', 'owner', 'walk_in');

CREATE TABLE reservations (
	id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code              text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Z]{8,32}$'),
	restaurant_id     bigint NOT NULL REFERENCES restaurants(id),
	table_id          bigint NOT NULL,
	user_id           bigint REFERENCES users(id) ON DELETE SET NULL,
	guest_name        text NOT NULL DEFAULT '' CHECK (length(guest_name) <= 200),
	guest_email       citext CHECK (length(guest_email) <= 254),
	guest_phone       text NOT NULL DEFAULT '' CHECK (length(guest_phone) <= 40),
	party_size        integer NOT NULL CHECK (party_size BETWEEN 1 AND 100),
	starts_at         timestamptz NOT NULL,
	ends_at           timestamptz NOT NULL,
	status            reservation_status NOT NULL,
	special_requests  text NOT NULL DEFAULT '' CHECK (length(special_requests) <= 1000),
	source            reservation_source NOT NULL DEFAULT 'web',
	hold_expires_at   timestamptz,
	manage_token_hash bytea CHECK (length(manage_token_hash) = 32),
	created_at        timestamptz NOT NULL DEFAULT now(),
	updated_at        timestamptz NOT NULL DEFAULT now(),
	FOREIGN KEY (table_id, restaurant_id) REFERENCES dining_tables (id, restaurant_id),
	CHECK (ends_at > starts_at),
	CHECK (status <> 'held' OR hold_expires_at IS NOT NULL),
	-- The one guard against double booking: no two active rows of a table overlap.
	CONSTRAINT reservations_no_overlap EXCLUDE USING gist (
	    table_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
	    WHERE (status IN ('held', 'pending', 'confirmed', 'arrived', 'seated'))
);
-- The day's occupancy of a restaurant in one index range scan.
CREATE INDEX reservations_day ON reservations (restaurant_id, starts_at)
	INCLUDE (ends_at, table_id, party_size, status, hold_expires_at)
	WHERE status IN ('held', 'pending', 'confirmed', 'arrived', 'seated');
CREATE INDEX reservations_restaurant_starts ON reservations (restaurant_id, starts_at);
CREATE INDEX reservations_user ON reservations (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX reservations_email ON reservations (guest_email);
CREATE INDEX reservations_holds ON reservations (hold_expires_at) WHERE status = 'held';

CREATE TABLE reservation_events (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	reservation_id bigint NOT NULL REFERENCES reservations(id) ON DELETE CASCADE,
	restaurant_id  bigint NOT NULL REFERENCES restaurants(id),
	at             timestamptz NOT NULL DEFAULT now(),
	actor          text NOT NULL CHECK (length(actor) <= 80),
	actor_user_id  bigint REFERENCES users(id) ON DELETE SET NULL,
	from_status    reservation_status,
	to_status      reservation_status NOT NULL,
	note           text NOT NULL DEFAULT '' CHECK (length(note) <= 500)
);
CREATE INDEX reservation_events_reservation ON reservation_events (reservation_id, at);

CREATE TABLE reviews (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	reservation_id   bigint NOT NULL UNIQUE REFERENCES reservations(id),
	restaurant_id    bigint NOT NULL REFERENCES restaurants(id),
	user_id          bigint REFERENCES users(id) ON DELETE SET NULL,
	rating           smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
	body             text NOT NULL DEFAULT '' CHECK (length(body) <= 4000),
	owner_reply      text CHECK (length(owner_reply) <= 2000),
	owner_replied_at timestamptz,
	created_at       timestamptz NOT NULL DEFAULT now(),
	hidden_at        timestamptz
);
CREATE INDEX reviews_restaurant ON reviews (restaurant_id, created_at DESC)
	WHERE hidden_at IS NULL;

-- Mail outbox ---------------------------------------------------------------

CREATE TYPE outbox_status AS ENUM ('queued', 'sending', 'sent', 'dead');

CREATE TABLE outbox (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind            text NOT NULL CHECK (kind ~ '^[a-z_]+$'),
	reservation_id  bigint REFERENCES reservations(id) ON DELETE SET NULL,
	user_id         bigint REFERENCES users(id) ON DELETE SET NULL,
	to_addr         citext NOT NULL CHECK (length(to_addr) <= 254),
	dedupe_key      text NOT NULL UNIQUE CHECK (length(dedupe_key) <= 200),
	payload         jsonb NOT NULL DEFAULT '{}',
	status          outbox_status NOT NULL DEFAULT 'queued',
	attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	next_attempt_at timestamptz NOT NULL DEFAULT now(),
	locked_until    timestamptz,
	last_error      text CHECK (length(last_error) <= 1000),
	message_id      text NOT NULL UNIQUE,
	created_at      timestamptz NOT NULL DEFAULT now(),
	sent_at         timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX outbox_reservation ON outbox (reservation_id);

CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('outbox', NEW.id::text);
	RETURN NEW;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
	FOR EACH ROW EXECUTE FUNCTION outbox_notify();

-- Security bookkeeping -----------------------------------------------------

CREATE TABLE audit_log (
	id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at       timestamptz NOT NULL DEFAULT now(),
	actor_id bigint REFERENCES users(id) ON DELETE SET NULL,
	action   text NOT NULL CHECK (length(action) <= 60),
	target   text NOT NULL DEFAULT '' CHECK (length(target) <= 200),
	ip       inet,
	detail   jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC);

CREATE TABLE login_attempts (
	id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at      timestamptz NOT NULL DEFAULT now(),
	email   citext NOT NULL,
	ip      inet,
	success boolean NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

CREATE TABLE api_keys (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	owner_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
	prefix       text NOT NULL CHECK (length(prefix) BETWEEN 4 AND 16),
	key_hash     bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
	scopes       text[] NOT NULL DEFAULT '{}',
	created_at   timestamptz NOT NULL DEFAULT now(),
	last_used_at timestamptz,
	revoked_at   timestamptz
);
CREATE INDEX api_keys_owner ON api_keys (owner_id);
