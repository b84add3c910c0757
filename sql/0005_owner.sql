-- 0005_owner: what the owner's admin, reviews and the platform admin keep.

-- Photos of a restaurant: files under App.MediaDir, named by a random id.
CREATE TABLE restaurant_photos (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	restaurant_id bigint NOT NULL REFERENCES restaurants(id) ON DELETE CASCADE,
	file          text NOT NULL UNIQUE CHECK (file ~ '^[a-z0-9]{16,64}\.(jpg|png|webp)$'),
	content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
	bytes         integer NOT NULL CHECK (bytes > 0),
	caption       text NOT NULL DEFAULT '' CHECK (length(caption) <= 200),
	position      integer NOT NULL DEFAULT 0,
	created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX restaurant_photos_restaurant ON restaurant_photos (restaurant_id, position, id);

-- Ratings are kept in step with the visible reviews, in the transaction that
-- changes them: an increment on the locked row, so concurrent reviews add up.
ALTER TABLE restaurants ADD COLUMN rating_sum integer NOT NULL DEFAULT 0
	CHECK (rating_sum >= 0);
UPDATE restaurants SET rating_sum = coalesce(round(rating_avg * rating_count), 0);

CREATE FUNCTION reviews_rating() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	dn integer := 0;
	ds integer := 0;
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW.hidden_at IS NULL THEN dn := 1; ds := NEW.rating; END IF;
	ELSE
		IF OLD.hidden_at IS NULL THEN dn := dn - 1; ds := ds - OLD.rating; END IF;
		IF NEW.hidden_at IS NULL THEN dn := dn + 1; ds := ds + NEW.rating; END IF;
	END IF;
	IF dn <> 0 OR ds <> 0 THEN
		UPDATE restaurants SET rating_count = rating_count + dn,
			rating_sum = rating_sum + ds,
			rating_avg = CASE WHEN rating_count + dn > 0
				THEN round((rating_sum + ds)::numeric / (rating_count + dn), 2) END
		WHERE id = NEW.restaurant_id;
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER reviews_rating AFTER INSERT OR UPDATE OF rating, hidden_at ON reviews
	FOR EACH ROW EXECUTE FUNCTION reviews_rating();

ALTER TABLE reviews
	ADD COLUMN hidden_by bigint REFERENCES users(id) ON DELETE SET NULL,
	ADD COLUMN hidden_reason text NOT NULL DEFAULT '' CHECK (length(hidden_reason) <= 200);
CREATE INDEX reviews_restaurant_rating ON reviews (restaurant_id, rating, created_at DESC)
	WHERE hidden_at IS NULL;

-- Who made each change of a booking (the owner's staff, later) and the undo.
CREATE INDEX reservation_events_at ON reservation_events (reservation_id, id DESC);

-- The platform admin's lists.
CREATE INDEX restaurants_status ON restaurants (status, created_at);
CREATE INDEX outbox_dead ON outbox (created_at DESC) WHERE status = 'dead';
