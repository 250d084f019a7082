-- Nothing an organization's people can see may name an account outside the organization.
-- Invitation events used to name the invited email's account as their subject whenever one
-- existed, even in another organization; from now on an invitation is about someone only when they
-- are in the organization. Events already written keep their subject only for people who are or
-- were in the organization (a member now, someone who acted in it, or the subject of any event that
-- is not about an invitation).
UPDATE audit_events SET subject_account_id = NULL
WHERE action IN ('invitation.create', 'invitation.resend', 'invitation.link', 'invitation.revoke')
  AND subject_account_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM memberships m
                  WHERE m.org_id = audit_events.org_id AND m.account_id = audit_events.subject_account_id)
  AND NOT EXISTS (SELECT 1 FROM audit_events e
                  WHERE e.org_id = audit_events.org_id AND e.actor_id = audit_events.subject_account_id)
  AND NOT EXISTS (SELECT 1 FROM audit_events e
                  WHERE e.org_id = audit_events.org_id
                    AND e.subject_account_id = audit_events.subject_account_id
                    AND e.action NOT IN ('invitation.create', 'invitation.resend', 'invitation.link', 'invitation.revoke'));

-- Links that Resend or Copy link replaced, by the hash of their token (the token itself is never
-- stored), so that opening an old link says it was replaced instead of "not a valid invitation".
-- They open nothing; they go with their invitation.
CREATE TABLE invitation_replaced_links (
    token_hash    BLOB    PRIMARY KEY,
    invitation_id INTEGER NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
    replaced_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX invitation_replaced_links_by_invitation ON invitation_replaced_links(invitation_id);
