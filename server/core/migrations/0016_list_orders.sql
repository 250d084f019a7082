-- The Teams tab, the Projects tab and a team's members are read a page at a time, searched,
-- sorted and cut in the database. Sorting teams by their size or by how many projects they grant
-- reads counts kept on the team by triggers, in the transaction of every change (SCIM's included),
-- so that each order walks one organization's index and stops after a page; projects by creation
-- date have an index of their own. (Names are in order already: the unique indexes on
-- (org_id, name) of both tables.)

ALTER TABLE teams ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE teams ADD COLUMN project_count INTEGER NOT NULL DEFAULT 0;

UPDATE teams SET
    member_count = (SELECT COUNT(*) FROM team_members tm WHERE tm.team_id = teams.id),
    project_count = (SELECT COUNT(*) FROM team_projects tp WHERE tp.team_id = teams.id);

-- A team's deletion takes its rows in team_members and team_projects by cascade after the team
-- row is gone: these triggers then find no team and change nothing.
CREATE TRIGGER team_members_team_count_insert AFTER INSERT ON team_members BEGIN
    UPDATE teams SET member_count = member_count + 1 WHERE id = NEW.team_id;
END;

CREATE TRIGGER team_members_team_count_delete AFTER DELETE ON team_members BEGIN
    UPDATE teams SET member_count = member_count - 1 WHERE id = OLD.team_id;
END;

CREATE TRIGGER team_projects_team_count_insert AFTER INSERT ON team_projects BEGIN
    UPDATE teams SET project_count = project_count + 1 WHERE id = NEW.team_id;
END;

CREATE TRIGGER team_projects_team_count_delete AFTER DELETE ON team_projects BEGIN
    UPDATE teams SET project_count = project_count - 1 WHERE id = OLD.team_id;
END;

CREATE INDEX teams_by_member_count ON teams(org_id, member_count);
CREATE INDEX teams_by_project_count ON teams(org_id, project_count);
CREATE INDEX projects_by_created ON projects(org_id, created_at);
