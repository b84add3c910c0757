-- 0019_geo: "near me" search and photo sizes (issue 19).
--
-- Restaurants already carry lat and lon (0001, both or neither, in range).
-- Distances come from the cube and earthdistance extensions of
-- postgresql-contrib: ll_to_earth(lat, lon) is a point on the earth's
-- surface, earth_box(point, metres) a cube around it that a GiST index
-- answers, earth_distance the great-circle distance in metres (the box is
-- only a bound: queries keep the exact distance filter too).
--
-- cube is a trusted extension (the database owner may create it);
-- earthdistance is not in PostgreSQL 15: a superuser must create it once,
-- before this migration, e.g.
--   sudo -u postgres psql -d stolik -c 'CREATE EXTENSION IF NOT EXISTS earthdistance CASCADE'
-- (tools/dev's clusters run the migrations as their superuser, so there it
-- just happens). Without it this migration stops with that hint.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'earthdistance')
	   AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
		RAISE EXCEPTION 'the earthdistance extension is missing and % may not create it',
			current_user
			USING HINT = 'as a superuser: psql -d ' || current_database() ||
			' -c ''CREATE EXTENSION IF NOT EXISTS earthdistance CASCADE'', then migrate again';
	END IF;
END $$;
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;

-- The near-me index: the active restaurants' points, for earth_box's @>.
CREATE INDEX restaurants_earth ON restaurants USING gist (ll_to_earth(lat, lon))
	WHERE status = 'active' AND lat IS NOT NULL;

-- Photos: their size in pixels (for width and height attributes: no layout
-- shift), and the narrower copies made beside the file, named
-- <stem>-<width>.<ext> (the demo photos have 320 and 640; an upload has
-- none yet and is shown as it is). Rows from before have no size.
ALTER TABLE restaurant_photos
	ADD COLUMN width integer CHECK (width BETWEEN 1 AND 20000),
	ADD COLUMN height integer CHECK (height BETWEEN 1 AND 20000),
	ADD COLUMN widths integer[] NOT NULL DEFAULT '{}'
		CHECK (cardinality(widths) <= 4 AND 0 < ALL (widths) AND 20000 > ALL (widths)),
	ADD CHECK ((width IS NULL) = (height IS NULL));
