-- 0004_mail_jobs: what the reminder, no-show and sweep jobs keep.

-- The diner's answer to a reminder, shown to the owner on the booking.
ALTER TABLE reservations
	ADD COLUMN reminder_answer text CHECK (reminder_answer IN ('coming', 'late')),
	ADD COLUMN reminder_answered_at timestamptz;

-- The jobs' scans: bookings about to start, seated ones running over.
CREATE INDEX reservations_upcoming ON reservations (starts_at)
	WHERE status IN ('confirmed', 'arrived');
CREATE INDEX reservations_seated ON reservations (ends_at) WHERE status = 'seated';
CREATE INDEX reservations_finished ON reservations (ends_at) WHERE status = 'finished';
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE status = 'sent';

-- Mails that were no longer wanted when their turn came (a reminder for a
-- booking cancelled meanwhile): neither sent nor failed.
ALTER TYPE outbox_status ADD VALUE 'skipped';
CREATE INDEX login_attempts_at ON login_attempts (at);
