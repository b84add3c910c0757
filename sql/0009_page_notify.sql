-- 0009_page_notify: workers also keep each restaurant's public page data
-- (profile, newest reviews, photos); a change to a review or a photo must
-- drop it as a change to the set-up does.

CREATE TRIGGER reviews_setup AFTER INSERT OR UPDATE OR DELETE ON reviews
	FOR EACH ROW EXECUTE FUNCTION setup_notify();
CREATE TRIGGER restaurant_photos_setup AFTER INSERT OR UPDATE OR DELETE ON restaurant_photos
	FOR EACH ROW EXECUTE FUNCTION setup_notify();
