-- Roster's data model. Times are Unix seconds (UTC). Roles are stored by their stable keys
-- (shared::OrgRole / shared::ProjectRole `as_str`). A person (account) can belong to several
-- organizations through memberships; everything else belongs to exactly one organization.

CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

-- A person who can sign in. Email is unique whatever its case.
CREATE TABLE accounts (
    id             INTEGER PRIMARY KEY,
    email          TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    name           TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,   -- argon2id PHC string
    created_at     INTEGER NOT NULL
);

-- A person's place in an organization. last_active_at is refreshed at most every few minutes.
CREATE TABLE memberships (
    org_id          INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    org_role        TEXT    NOT NULL CHECK (org_role IN ('owner', 'admin', 'billing_admin', 'member')),
    joined_at       INTEGER NOT NULL,
    last_active_at  INTEGER,
    PRIMARY KEY (org_id, account_id)
) WITHOUT ROWID;
CREATE INDEX memberships_by_account ON memberships(account_id);
CREATE INDEX memberships_by_role ON memberships(org_id, org_role);

CREATE TABLE projects (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name            TEXT    NOT NULL COLLATE NOCASE,
    -- "All users in the organization get this role", or NULL for none.
    all_users_role  TEXT    CHECK (all_users_role IN ('owner', 'admin', 'analyst', 'consumer')),
    created_at      INTEGER NOT NULL,
    UNIQUE (org_id, name)
);

-- Individual grants: one person, one project, one role. The person must be a member of the
-- project's organization; removing the membership removes these (done by the store, in the same
-- transaction, since SQLite cannot express that reference).
CREATE TABLE project_grants (
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    role        TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'analyst', 'consumer')),
    granted_at  INTEGER NOT NULL,
    PRIMARY KEY (project_id, account_id)
) WITHOUT ROWID;
CREATE INDEX project_grants_by_account ON project_grants(account_id);

CREATE TABLE teams (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL COLLATE NOCASE,
    created_at  INTEGER NOT NULL,
    UNIQUE (org_id, name)
);

-- What a team grants: a role on a project.
CREATE TABLE team_projects (
    team_id     INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    role        TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'analyst', 'consumer')),
    PRIMARY KEY (team_id, project_id)
) WITHOUT ROWID;
CREATE INDEX team_projects_by_project ON team_projects(project_id);

CREATE TABLE team_members (
    team_id     INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    added_at    INTEGER NOT NULL,
    PRIMARY KEY (team_id, account_id)
) WITHOUT ROWID;
CREATE INDEX team_members_by_account ON team_members(account_id);

-- An invitation to join an organization. Only the SHA-256 of the link's token is stored.
CREATE TABLE invitations (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    email        TEXT    NOT NULL COLLATE NOCASE,
    org_role     TEXT    NOT NULL CHECK (org_role IN ('owner', 'admin', 'billing_admin', 'member')),
    token_hash   BLOB    NOT NULL UNIQUE,
    status       TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'revoked')),
    invited_by   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    accepted_at  INTEGER,
    accepted_by  INTEGER REFERENCES accounts(id) ON DELETE SET NULL
);
-- At most one pending invitation per email and organization.
CREATE UNIQUE INDEX invitations_one_pending ON invitations(org_id, email) WHERE status = 'pending';

CREATE TABLE invitation_projects (
    invitation_id  INTEGER NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
    project_id     INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    role           TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'analyst', 'consumer')),
    PRIMARY KEY (invitation_id, project_id)
) WITHOUT ROWID;

CREATE TABLE invitation_teams (
    invitation_id  INTEGER NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
    team_id        INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    PRIMARY KEY (invitation_id, team_id)
) WITHOUT ROWID;

-- Server-side sessions. Only the SHA-256 of the cookie's token is stored.
CREATE TABLE sessions (
    token_hash    BLOB    PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    org_id        INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_member ON sessions(org_id, account_id);

-- Who did what, when. Written in the same transaction as the change it records.
CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    actor_id    INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    actor_name  TEXT    NOT NULL,          -- kept so the log stays readable after removals
    action      TEXT    NOT NULL,          -- e.g. 'project.create'
    target      TEXT    NOT NULL,          -- what was acted on, in words
    details     TEXT    NOT NULL DEFAULT '{}',  -- JSON
    created_at  INTEGER NOT NULL
);
CREATE INDEX audit_events_by_time ON audit_events(org_id, created_at);
