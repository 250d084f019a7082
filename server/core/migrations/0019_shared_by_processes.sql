-- What several server processes on one database must share lives in the database.
--
-- Failed password checks, counted three ways (by email and client address, by client address, by
-- email; `kind` 1, 2, 3) under a fixed-size `key` (a digest of the email, the address, or both),
-- at `at` Unix milliseconds. Rows older than the window change no decision; housekeeping deletes
-- them.
CREATE TABLE password_failures (
    id    INTEGER PRIMARY KEY,
    kind  INTEGER NOT NULL,
    key   BLOB    NOT NULL,
    at    INTEGER NOT NULL
);
CREATE INDEX password_failures_by_key ON password_failures(kind, key, at);
CREATE INDEX password_failures_by_time ON password_failures(at);

-- A message being delivered is claimed by a process (`claimed_by`) until `claimed_until` (Unix
-- seconds): no other delivery, in this process or another, takes it before then. A process that
-- stops releases its claims; one that dies while delivering leaves a claim that runs out, and the
-- message is delivered by whichever process sweeps next.
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;

-- Background rounds done by one process at a time (housekeeping): the process that holds a
-- round's lease until `held_until` (Unix seconds) runs it; the others skip it.
CREATE TABLE background_leases (
    name        TEXT    PRIMARY KEY,
    holder      TEXT    NOT NULL,
    held_until  INTEGER NOT NULL
);
