-- 0018_walkins: the owner's same-day walk-in list (issue 18, part 3). A
-- party that comes in without a booking gives a name, a party size and a
-- phone (and maybe an address for the "table ready" mail); the host quotes
-- a wait. The entry is waiting, then maybe notified ("table ready"), and
-- ends seated (a walk-in booking on a table, reservation_id), left or
-- cancelled. The diner-side waitlist (sql/0017) is another thing.

CREATE TYPE walkin_status AS ENUM ('waiting', 'notified', 'seated', 'left',
	'cancelled');

-- reservation_id has no foreign key, like reservation_events since 0006:
-- finished bookings move to reservations_history after Sweep.HistoryDays
-- and the entry keeps naming its booking there.
CREATE TABLE walkins (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	restaurant_id  bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
	day            date NOT NULL,		-- the restaurant's local date
	name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	party          integer NOT NULL CHECK (party BETWEEN 1 AND 100),
	phone          text NOT NULL DEFAULT '' CHECK (length(phone) <= 30),
	email          citext CHECK (length(email) <= 254),
	quoted_minutes integer NOT NULL CHECK (quoted_minutes BETWEEN 0 AND 600),
	status         walkin_status NOT NULL DEFAULT 'waiting',
	created_at     timestamptz NOT NULL DEFAULT now(),	-- the list's order
	notified_at    timestamptz,
	seated_at      timestamptz,
	ended_at       timestamptz,		-- left or cancelled
	reservation_id bigint,
	added_by       bigint REFERENCES users(id) ON DELETE SET NULL,
	CHECK ((status = 'seated') = (reservation_id IS NOT NULL AND
	    seated_at IS NOT NULL)),
	CHECK (status <> 'notified' OR notified_at IS NOT NULL),
	CHECK ((status IN ('left', 'cancelled')) = (ended_at IS NOT NULL))
);
-- the day's list in order, one index range scan
CREATE INDEX walkins_day ON walkins (restaurant_id, day, created_at, id);
