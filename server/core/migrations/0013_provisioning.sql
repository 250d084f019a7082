-- Provisioning by an identity provider (SCIM 2.0), and each person's status in an organization.

-- A membership is Active (NULL) or Deactivated (since this time). Deactivated people keep their
-- grants and teams, cannot sign in to the organization and do not count as its Owners.
ALTER TABLE memberships ADD COLUMN deactivated_at INTEGER;

-- What the identity provider knows a person by. `user_name` is NULL for people who were not
-- provisioned: their user name is their email. `scim_attributes` keeps the attributes Roster
-- returns as they were sent (name, display name, emails) as JSON. `revision` grows with every
-- change made over SCIM or to the person's status, and is the resource's version.
ALTER TABLE memberships ADD COLUMN user_name TEXT;
ALTER TABLE memberships ADD COLUMN external_id TEXT;
ALTER TABLE memberships ADD COLUMN scim_attributes TEXT;
ALTER TABLE memberships ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE memberships ADD COLUMN modified_at INTEGER;

CREATE UNIQUE INDEX memberships_by_user_name
    ON memberships(org_id, COALESCE(user_name, email) COLLATE NOCASE);
CREATE INDEX memberships_by_external_id ON memberships(org_id, external_id)
    WHERE external_id IS NOT NULL;
CREATE INDEX memberships_by_status ON memberships(org_id, deactivated_at)
    WHERE deactivated_at IS NOT NULL;

-- A team created or linked by the identity provider: its members are managed there only.
ALTER TABLE teams ADD COLUMN scim_managed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE teams ADD COLUMN external_id TEXT;
ALTER TABLE teams ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE teams ADD COLUMN modified_at INTEGER;

-- The organization role people provisioned by the identity provider get (never Owner).
ALTER TABLE organizations ADD COLUMN provisioned_role TEXT NOT NULL DEFAULT 'member'
    CHECK (provisioned_role IN ('admin', 'billing_admin', 'member'));

-- SCIM tokens: each belongs to one organization; only the SHA-256 of the token is stored.
CREATE TABLE scim_tokens (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name             TEXT    NOT NULL,
    token_hash       BLOB    NOT NULL UNIQUE,
    created_by       INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_by_name  TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    last_used_at     INTEGER,
    revoked_at       INTEGER
);
CREATE INDEX scim_tokens_by_org ON scim_tokens(org_id, id);

-- Links that let a person provisioned with a new account choose their password: single use,
-- stored by the hash of their token, expiring.
CREATE TABLE password_links (
    token_hash  BLOB    PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    org_id      INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
) WITHOUT ROWID;
CREATE INDEX password_links_by_account ON password_links(account_id);
