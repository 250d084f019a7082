-- The audit log names the person a change was about (a role change, a removal, a grant, a team
-- membership, an accepted invitation), so that the Audit log tab can show everything done by a
-- person or to them. NULL for changes about no one person (a project renamed, a team deleted) and
-- for events recorded before this column existed.
ALTER TABLE audit_events ADD COLUMN subject_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL;

-- The tab reads newest first (by id), within one organization, optionally by person or by kind.
CREATE INDEX audit_events_by_org ON audit_events(org_id, id);
CREATE INDEX audit_events_by_subject ON audit_events(org_id, subject_account_id, id);
CREATE INDEX audit_events_by_actor ON audit_events(org_id, actor_id, id);
CREATE INDEX audit_events_by_action ON audit_events(org_id, action, id);
