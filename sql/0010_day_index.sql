-- 0010_day_index: the day's occupancy (booked_range, asked by every page
-- that shows free times) is answered from the index alone. The index now
-- also holds the booking's id, which availability needs to leave a booking
-- out when it is moved; without it every row meant a visit to the heap.
-- The live table holds only recent bookings (older ones move to history),
-- so building the index inside the migration's transaction is brief.

CREATE INDEX reservations_day_v2 ON reservations (restaurant_id, starts_at)
	INCLUDE (id, ends_at, table_id, party_size, status, hold_expires_at)
	WHERE status IN ('held', 'pending', 'confirmed', 'arrived', 'seated');
DROP INDEX reservations_day;
ALTER INDEX reservations_day_v2 RENAME TO reservations_day;
