-- The Users list's orders and searches, kept fast as the organization changes.
--
-- Orders: every order the list can ask for is read from an index that ends with the account id,
-- the tie-break, so a first page reads fifty index entries whatever the order. "Last active" puts
-- people who were never active first when ascending and last when descending, as SQLite does
-- (NULL is the smallest value there, the largest here by default).
DROP INDEX memberships_by_activity;
CREATE INDEX memberships_by_activity
    ON memberships(org_id, last_active_at ASC NULLS FIRST, account_id);
DROP INDEX memberships_by_joined;
CREATE INDEX memberships_by_joined ON memberships(org_id, joined_at, account_id);
DROP INDEX memberships_by_role_rank;
CREATE INDEX memberships_by_role_rank ON memberships(
    org_id,
    (CASE org_role WHEN 'owner' THEN 4 WHEN 'admin' THEN 3 WHEN 'billing_admin' THEN 2 ELSE 1 END),
    account_id
);

-- Searches: each member's name and address, lower-cased once when they change, in a table of
-- their own with its trigram indexes. On the memberships themselves, every change to a member's
-- kept lists or last activity wrote a new version of the row and so new entries into both
-- trigram indexes, for a name that had not changed: the indexes grew several times over and
-- searches slowed down with them. Here a row changes only when the name or address does, and a
-- search too short for the trigram indexes compares lower-cased text without folding each row.
CREATE TABLE member_search (
    org_id      BIGINT NOT NULL,
    account_id  BIGINT NOT NULL,
    name        TEXT   COLLATE "C" NOT NULL,
    email       TEXT   COLLATE "C" NOT NULL,
    PRIMARY KEY (org_id, account_id),
    FOREIGN KEY (org_id, account_id) REFERENCES memberships(org_id, account_id) ON DELETE CASCADE
);
INSERT INTO member_search (org_id, account_id, name, email)
SELECT org_id, account_id, lower(name COLLATE "und-x-icu"), lower(email COLLATE "und-x-icu")
FROM memberships;
CREATE INDEX member_search_name ON member_search USING gin (name gin_trgm_ops)
    WITH (gin_pending_list_limit = 128);
CREATE INDEX member_search_email ON member_search USING gin (email gin_trgm_ops)
    WITH (gin_pending_list_limit = 128);
DROP INDEX memberships_search_name;
DROP INDEX memberships_search_email;

CREATE FUNCTION memberships_keep_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO member_search (org_id, account_id, name, email)
    VALUES (NEW.org_id, NEW.account_id,
            lower(NEW.name COLLATE "und-x-icu"), lower(NEW.email COLLATE "und-x-icu"))
    ON CONFLICT (org_id, account_id)
    DO UPDATE SET name = excluded.name, email = excluded.email;
    RETURN NULL;
END $$;
CREATE TRIGGER memberships_search_after_insert AFTER INSERT ON memberships
    FOR EACH ROW EXECUTE FUNCTION memberships_keep_search();
CREATE TRIGGER memberships_search_after_profile_change AFTER UPDATE OF name, email ON memberships
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email)
    EXECUTE FUNCTION memberships_keep_search();

-- A trigram index takes new entries into a pending list that every search reads from end to end
-- until it is merged (past 4 MB by default, or by vacuum); at most 128 kB is merged often and
-- read quickly.
ALTER INDEX teams_search SET (gin_pending_list_limit = 128);
ALTER INDEX projects_search SET (gin_pending_list_limit = 128);

-- Memberships change often (kept lists, last activity): vacuum them after 2% of their rows have
-- changed rather than 20%, so that their indexes do not carry many dead entries between vacuums.
ALTER TABLE memberships SET (
    autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_vacuum_insert_scale_factor = 0.02,
    autovacuum_analyze_scale_factor = 0.05
);
