-- 0013_deposit_policies: a deposit policy per restaurant (issue 16, item 1).
-- Money is a bigint of minor units with an ISO 4217 code; never a float.

-- The currencies a policy may name, with their minor-unit exponent
-- (ISO 4217: 2 for EUR cents, 0 for JPY, 3 for KWD).
CREATE TABLE currencies (
	code     char(3) PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
	exponent smallint NOT NULL CHECK (exponent BETWEEN 0 AND 3)
);
INSERT INTO currencies (code, exponent) VALUES
	('EUR', 2), ('USD', 2), ('GBP', 2), ('PLN', 2), ('UAH', 2), ('CHF', 2),
	('CZK', 2), ('SEK', 2), ('NOK', 2), ('DKK', 2), ('HUF', 2), ('RON', 2),
	('BGN', 2), ('TRY', 2), ('ILS', 2), ('CAD', 2), ('AUD', 2), ('NZD', 2),
	('MXN', 2), ('BRL', 2), ('ZAR', 2), ('INR', 2), ('CNY', 2), ('HKD', 2),
	('SGD', 2), ('JPY', 0), ('KRW', 0), ('ISK', 0), ('KWD', 3), ('BHD', 3);

CREATE TYPE deposit_kind AS ENUM ('none', 'per_guest', 'per_booking');

-- At most one policy a restaurant; no row is the same as kind 'none'.
-- It applies to a booking of at least min_party guests whose service is on
-- one of weekdays (ISO, 1 = Monday) and, if services is not empty, one of
-- those named services (opening_hours.name); or whose date is one of the
-- restaurant's deposit_dates. A cancellation at least refund_hours before
-- the start refunds all of it, a later one late_refund_percent of it
-- (rounded down to the minor unit); a no-show keeps it.
CREATE TABLE deposit_policies (
	restaurant_id       bigint PRIMARY KEY REFERENCES restaurants(id) ON DELETE CASCADE,
	kind                deposit_kind NOT NULL DEFAULT 'none',
	amount              bigint NOT NULL DEFAULT 0
	                    CHECK (amount BETWEEN 0 AND 999999999999),
	currency            char(3) NOT NULL DEFAULT 'EUR' REFERENCES currencies(code),
	min_party           integer NOT NULL DEFAULT 1 CHECK (min_party BETWEEN 1 AND 100),
	weekdays            smallint[] NOT NULL DEFAULT '{}'
	                    CHECK (weekdays <@ '{1,2,3,4,5,6,7}'::smallint[]
	                           AND array_position(weekdays, NULL) IS NULL),
	services            text[] NOT NULL DEFAULT '{}'
	                    CHECK (cardinality(services) <= 8
	                           AND array_position(services, NULL) IS NULL
	                           AND length(array_to_string(services, '')) <= 8 * 40),
	refund_hours        integer NOT NULL DEFAULT 48 CHECK (refund_hours BETWEEN 0 AND 8760),
	late_refund_percent smallint NOT NULL DEFAULT 0
	                    CHECK (late_refund_percent BETWEEN 0 AND 100),
	updated_at          timestamptz NOT NULL DEFAULT now(),
	-- an amount exactly when the kind needs one
	CHECK ((kind = 'none') = (amount = 0))
);

-- Special dates (the restaurant's local calendar) on which the policy
-- applies to every service, whatever the weekday.
CREATE TABLE deposit_dates (
	restaurant_id bigint NOT NULL
	              REFERENCES deposit_policies(restaurant_id) ON DELETE CASCADE,
	day           date NOT NULL,
	PRIMARY KEY (restaurant_id, day)
);

-- The policy is part of the cached set-up: a change drops it everywhere.
CREATE TRIGGER deposit_policies_setup AFTER INSERT OR UPDATE OR DELETE ON deposit_policies
	FOR EACH ROW EXECUTE FUNCTION setup_notify();
CREATE TRIGGER deposit_dates_setup AFTER INSERT OR UPDATE OR DELETE ON deposit_dates
	FOR EACH ROW EXECUTE FUNCTION setup_notify();
