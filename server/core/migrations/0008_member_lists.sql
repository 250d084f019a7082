-- Each member's teams (their names, in order) and the projects granted to them individually or
-- through a team, kept beside the membership by triggers in the same transaction as every change,
-- so that a page of the Users tab reads each person's row and nothing else.
--
-- `member_lists` says what the columns hold; every trigger below recomputes the affected members
-- from it, so the result does not depend on the order in which triggers or cascades fire.

ALTER TABLE memberships ADD COLUMN team_names TEXT NOT NULL DEFAULT '[]';
ALTER TABLE memberships ADD COLUMN granted_projects TEXT NOT NULL DEFAULT '[]';

CREATE VIEW member_lists AS
SELECT
    m.org_id,
    m.account_id,
    (SELECT json_group_array(t.name ORDER BY t.name COLLATE NOCASE)
     FROM team_members tm JOIN teams t ON t.id = tm.team_id
     WHERE tm.account_id = m.account_id AND t.org_id = m.org_id) AS team_names,
    (SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id
     WHERE tm.account_id = m.account_id AND t.org_id = m.org_id) AS team_count,
    (SELECT json_group_array(project_id ORDER BY project_id) FROM (
        SELECT g.project_id FROM project_grants g JOIN projects p ON p.id = g.project_id
        WHERE g.account_id = m.account_id AND p.org_id = m.org_id
        UNION
        SELECT tp.project_id FROM team_members tm JOIN teams t ON t.id = tm.team_id
        JOIN team_projects tp ON tp.team_id = tm.team_id
        WHERE tm.account_id = m.account_id AND t.org_id = m.org_id
    )) AS granted_projects
FROM memberships m;

UPDATE memberships SET (team_names, team_count, granted_projects) = (
    SELECT team_names, team_count, granted_projects FROM member_lists v
    WHERE v.org_id = memberships.org_id AND v.account_id = memberships.account_id
);

-- The team count is now recomputed with the lists.
DROP TRIGGER team_members_count_insert;
DROP TRIGGER team_members_count_delete;
DROP TRIGGER teams_count_delete;

-- A new member may already hold grants or team places (added in the same transaction).
CREATE TRIGGER memberships_lists_insert AFTER INSERT ON memberships BEGIN
    UPDATE memberships SET (team_names, team_count, granted_projects) = (
        SELECT team_names, team_count, granted_projects FROM member_lists v
        WHERE v.org_id = memberships.org_id AND v.account_id = memberships.account_id
    )
    WHERE org_id = NEW.org_id AND account_id = NEW.account_id;
END;

CREATE TRIGGER team_members_lists_insert AFTER INSERT ON team_members BEGIN
    UPDATE memberships SET (team_names, team_count, granted_projects) = (
        SELECT team_names, team_count, granted_projects FROM member_lists v
        WHERE v.org_id = memberships.org_id AND v.account_id = memberships.account_id
    )
    WHERE account_id = NEW.account_id
      AND org_id = (SELECT org_id FROM teams WHERE id = NEW.team_id);
END;

CREATE TRIGGER team_members_lists_delete AFTER DELETE ON team_members BEGIN
    UPDATE memberships SET (team_names, team_count, granted_projects) = (
        SELECT team_names, team_count, granted_projects FROM member_lists v
        WHERE v.org_id = memberships.org_id AND v.account_id = memberships.account_id
    )
    WHERE account_id = OLD.account_id
      AND org_id = (SELECT org_id FROM teams WHERE id = OLD.team_id);
END;

CREATE TRIGGER teams_lists_rename AFTER UPDATE OF name ON teams BEGIN
    UPDATE memberships SET team_names = (
        SELECT team_names FROM member_lists v
        WHERE v.org_id = memberships.org_id AND v.account_id = memberships.account_id
    )
    WHERE org_id = NEW.org_id
      AND account_id IN (SELECT account_id FROM team_members WHERE team_id = NEW.id);
END;

-- A cascade runs after its parent row is gone, when nothing tells whose lists it changed: the
-- team's places (and the project's grants, below) are removed first, while the parent is there.
CREATE TRIGGER teams_lists_delete BEFORE DELETE ON teams BEGIN
    DELETE FROM team_members WHERE team_id = OLD.id;
END;

CREATE TRIGGER project_grants_lists_insert AFTER INSERT ON project_grants BEGIN
    UPDATE memberships SET granted_projects = (
        SELECT granted_projects FROM member_lists v
        WHERE v.org_id = memberships.org_id AND v.account_id = memberships.account_id
    )
    WHERE account_id = NEW.account_id
      AND org_id = (SELECT org_id FROM projects WHERE id = NEW.project_id);
END;

CREATE TRIGGER project_grants_lists_delete AFTER DELETE ON project_grants BEGIN
    UPDATE memberships SET granted_projects = (
        SELECT granted_projects FROM member_lists v
        WHERE v.org_id = memberships.org_id AND v.account_id = memberships.account_id
    )
    WHERE account_id = OLD.account_id
      AND org_id = (SELECT org_id FROM projects WHERE id = OLD.project_id);
END;

CREATE TRIGGER team_projects_lists_insert AFTER INSERT ON team_projects BEGIN
    UPDATE memberships SET granted_projects = (
        SELECT granted_projects FROM member_lists v
        WHERE v.org_id = memberships.org_id AND v.account_id = memberships.account_id
    )
    WHERE org_id = (SELECT org_id FROM teams WHERE id = NEW.team_id)
      AND account_id IN (SELECT account_id FROM team_members WHERE team_id = NEW.team_id);
END;

CREATE TRIGGER team_projects_lists_delete AFTER DELETE ON team_projects BEGIN
    UPDATE memberships SET granted_projects = (
        SELECT granted_projects FROM member_lists v
        WHERE v.org_id = memberships.org_id AND v.account_id = memberships.account_id
    )
    WHERE org_id = (SELECT org_id FROM teams WHERE id = OLD.team_id)
      AND account_id IN (SELECT account_id FROM team_members WHERE team_id = OLD.team_id);
END;

CREATE TRIGGER projects_lists_delete BEFORE DELETE ON projects BEGIN
    DELETE FROM project_grants WHERE project_id = OLD.id;
    DELETE FROM team_projects WHERE project_id = OLD.id;
END;
