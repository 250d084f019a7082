-- The outbox: every invitation message Roster sends, and how it was delivered. With SMTP
-- configured a message is mailed ('sent', or 'failed' with the reason); without, it is written to
-- the server log ('logged'). The body keeps the link's address without its token: only the
-- token's hash is stored anywhere, so a copy of the database opens no invitation.
CREATE TABLE outbox (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    invitation_id  INTEGER REFERENCES invitations(id) ON DELETE SET NULL,
    recipient      TEXT    NOT NULL,
    subject        TEXT    NOT NULL,
    body           TEXT    NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'logged', 'failed')),
    detail         TEXT,
    created_at     INTEGER NOT NULL,
    delivered_at   INTEGER
);
CREATE INDEX outbox_by_invitation ON outbox(invitation_id);

-- The Invitations tab lists an organization's pending invitations.
CREATE INDEX invitations_by_status ON invitations(org_id, status, created_at);
