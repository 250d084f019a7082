-- Invitation mail is delivered from the outbox, and a message survives a restart until it is
-- sent: `message` keeps the whole body, link and token included, while the message is queued or
-- failed (a failed one can be retried), and is cleared once it is sent or written to the log.
-- `body` keeps, as before, the text without the token for the record.
-- `attempts` counts the deliveries tried; a message that failed for a passing reason stays
-- 'queued' with the reason in `detail` and is tried again at `next_attempt_at` (back-off);
-- one the relay refused for good, or that failed too often, is 'failed' with the relay's reason.
ALTER TABLE outbox ADD COLUMN message TEXT;
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER;

-- What the server delivers at start and after each back-off: the queued messages, oldest first.
CREATE INDEX outbox_queued ON outbox(next_attempt_at, id) WHERE status = 'queued';
