-- `member_lists` with its lists ordered by subqueries rather than inside the aggregates, so that the
-- schema still reads in older SQLite builds (such as that of the system's `sqlite3` tool). The
-- lists it yields are the same.
--
-- (Databases created while an edited 0008 carried this view already hold it; `store::migrate`
-- records the landed 0008 for them before migrating, and this migration leaves them as they were.)

DROP VIEW IF EXISTS member_lists;

CREATE VIEW member_lists AS
SELECT
    m.org_id,
    m.account_id,
    (SELECT json_group_array(name) FROM (
        SELECT t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id
        WHERE tm.account_id = m.account_id AND t.org_id = m.org_id
        ORDER BY t.name COLLATE NOCASE
    )) AS team_names,
    (SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id
     WHERE tm.account_id = m.account_id AND t.org_id = m.org_id) AS team_count,
    (SELECT json_group_array(project_id) FROM (
        SELECT g.project_id FROM project_grants g JOIN projects p ON p.id = g.project_id
        WHERE g.account_id = m.account_id AND p.org_id = m.org_id
        UNION
        SELECT tp.project_id FROM team_members tm JOIN teams t ON t.id = tm.team_id
        JOIN team_projects tp ON tp.team_id = tm.team_id
        WHERE tm.account_id = m.account_id AND t.org_id = m.org_id
        ORDER BY 1
    )) AS granted_projects
FROM memberships m;
