-- Each organization has an address of its own (`/orgs/<slug>/settings/...`), and may be deleted.

-- The slug: lower-case letters, digits and dashes, unique whatever its case. Existing
-- organizations get one made from their name (other characters become dashes, repeated dashes
-- collapse); a name that gives nothing, a slug that is taken, or the reserved "new" gets the
-- organization's id added.
ALTER TABLE organizations ADD COLUMN slug TEXT;

-- Set when an Owner deletes the organization: its people, projects, teams, grants and
-- invitations are deleted at once; the row (and so its audit events) is kept for the operator
-- for 30 days, then purged.
ALTER TABLE organizations ADD COLUMN deleted_at INTEGER;

WITH RECURSIVE walk(id, rest, made) AS (
    SELECT id, lower(name), '' FROM organizations
    UNION ALL
    SELECT id, substr(rest, 2),
           made || CASE
               WHEN substr(rest, 1, 1) BETWEEN 'a' AND 'z' OR substr(rest, 1, 1) BETWEEN '0' AND '9'
               THEN substr(rest, 1, 1)
               ELSE '-'
           END
    FROM walk WHERE rest <> ''
)
UPDATE organizations SET slug = (
    SELECT made FROM walk WHERE walk.id = organizations.id AND walk.rest = ''
);

UPDATE organizations SET slug =
    replace(replace(replace(replace(replace(slug, '--', '-'), '--', '-'), '--', '-'), '--', '-'), '--', '-');
UPDATE organizations SET slug = trim(substr(trim(slug, '-'), 1, 40), '-');
UPDATE organizations SET slug = 'org' WHERE slug IS NULL OR slug = '';
UPDATE organizations SET slug = substr(slug, 1, 30) || '-' || id
WHERE slug = 'new'
   OR EXISTS (SELECT 1 FROM organizations o WHERE o.slug = organizations.slug AND o.id < organizations.id);

CREATE UNIQUE INDEX organizations_by_slug ON organizations(slug COLLATE NOCASE);

-- The slugs an organization had before it was renamed: links to them lead to it, as long as no
-- organization has taken the slug since.
CREATE TABLE organization_old_slugs (
    slug    TEXT    PRIMARY KEY COLLATE NOCASE,
    org_id  INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE
) WITHOUT ROWID;

-- A session belongs to an account; `org_id` is the organization it used last, and is empty for
-- an account that belongs to no organization (any more): it can still sign in, and create or
-- join one. (SQLite changes a column's constraints by building the table again.)
CREATE TABLE sessions_by_account (
    token_hash    BLOB    PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    org_id        INTEGER REFERENCES organizations(id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO sessions_by_account (token_hash, account_id, org_id, created_at, last_seen_at)
    SELECT token_hash, account_id, org_id, created_at, last_seen_at FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_by_account RENAME TO sessions;
CREATE INDEX sessions_by_member ON sessions(org_id, account_id);
CREATE INDEX sessions_by_account_id ON sessions(account_id);
