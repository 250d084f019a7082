-- Indexes that let the Users tab's list walk people in the requested order and stop after one
-- page, instead of sorting the whole organization on every request.

CREATE INDEX accounts_by_name ON accounts(name COLLATE NOCASE);
CREATE INDEX memberships_by_joined ON memberships(org_id, joined_at);
CREATE INDEX memberships_by_activity ON memberships(org_id, last_active_at);
CREATE INDEX memberships_by_role_rank ON memberships(
    org_id,
    (CASE org_role WHEN 'owner' THEN 4 WHEN 'admin' THEN 3 WHEN 'billing_admin' THEN 2 ELSE 1 END)
);
