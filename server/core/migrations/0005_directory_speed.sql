-- What keeps the Users tab instant at tens of thousands of people, whatever the query planner
-- guesses: every list query reads one organization's memberships in the order of an index.
--
-- 1. A membership carries a copy of the person's name and email (kept equal to the account's by
--    triggers), so sorting by either walks an index of that organization's rows only.
-- 2. The number of members per role is kept by triggers in the same transaction as each change,
--    so the list's total costs one row read instead of a count over every membership.
-- 3. Names and emails are indexed for substring search (FTS5 with trigrams).

ALTER TABLE memberships ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE memberships ADD COLUMN email TEXT NOT NULL DEFAULT '' COLLATE NOCASE;

UPDATE memberships SET
    name = (SELECT a.name FROM accounts a WHERE a.id = memberships.account_id),
    email = (SELECT a.email FROM accounts a WHERE a.id = memberships.account_id);

CREATE TRIGGER memberships_copy_profile AFTER INSERT ON memberships BEGIN
    UPDATE memberships SET
        name = (SELECT a.name FROM accounts a WHERE a.id = NEW.account_id),
        email = (SELECT a.email FROM accounts a WHERE a.id = NEW.account_id)
    WHERE org_id = NEW.org_id AND account_id = NEW.account_id;
END;

CREATE TRIGGER accounts_profile_to_memberships AFTER UPDATE OF name, email ON accounts BEGIN
    UPDATE memberships SET name = NEW.name, email = NEW.email WHERE account_id = NEW.id;
END;

CREATE INDEX memberships_by_name ON memberships(org_id, name COLLATE NOCASE, account_id);
CREATE INDEX memberships_by_email ON memberships(org_id, email, account_id);
-- A role filter reads only that role's rows, already in name order.
CREATE INDEX memberships_by_role_and_name ON memberships(org_id, org_role, name COLLATE NOCASE, account_id);
DROP INDEX memberships_by_role;
DROP INDEX accounts_by_name;

CREATE TABLE org_role_counts (
    org_id    INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    org_role  TEXT    NOT NULL,
    members   INTEGER NOT NULL,
    PRIMARY KEY (org_id, org_role)
) WITHOUT ROWID;

INSERT INTO org_role_counts (org_id, org_role, members)
    SELECT org_id, org_role, COUNT(*) FROM memberships GROUP BY org_id, org_role;

CREATE TRIGGER memberships_count_insert AFTER INSERT ON memberships BEGIN
    INSERT INTO org_role_counts (org_id, org_role, members) VALUES (NEW.org_id, NEW.org_role, 1)
        ON CONFLICT (org_id, org_role) DO UPDATE SET members = members + 1;
END;

CREATE TRIGGER memberships_count_delete AFTER DELETE ON memberships BEGIN
    UPDATE org_role_counts SET members = members - 1
        WHERE org_id = OLD.org_id AND org_role = OLD.org_role;
END;

CREATE TRIGGER memberships_count_role AFTER UPDATE OF org_role ON memberships
WHEN OLD.org_role <> NEW.org_role BEGIN
    UPDATE org_role_counts SET members = members - 1
        WHERE org_id = OLD.org_id AND org_role = OLD.org_role;
    INSERT INTO org_role_counts (org_id, org_role, members) VALUES (NEW.org_id, NEW.org_role, 1)
        ON CONFLICT (org_id, org_role) DO UPDATE SET members = members + 1;
END;

-- Trigram index over the accounts' names and emails; its rows are the accounts' ids.
CREATE VIRTUAL TABLE account_search USING fts5(
    name, email, content = 'accounts', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO account_search (account_search) VALUES ('rebuild');

CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts BEGIN
    INSERT INTO account_search (rowid, name, email) VALUES (NEW.id, NEW.name, NEW.email);
END;

CREATE TRIGGER accounts_search_delete AFTER DELETE ON accounts BEGIN
    INSERT INTO account_search (account_search, rowid, name, email)
        VALUES ('delete', OLD.id, OLD.name, OLD.email);
END;

CREATE TRIGGER accounts_search_update AFTER UPDATE OF name, email ON accounts BEGIN
    INSERT INTO account_search (account_search, rowid, name, email)
        VALUES ('delete', OLD.id, OLD.name, OLD.email);
    INSERT INTO account_search (rowid, name, email) VALUES (NEW.id, NEW.name, NEW.email);
END;
