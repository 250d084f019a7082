-- How many of the organization's teams each member is in, kept by triggers in the same
-- transaction as every change, so that the Users tab can sort by it through an index.

ALTER TABLE memberships ADD COLUMN team_count INTEGER NOT NULL DEFAULT 0;

UPDATE memberships SET team_count = (
    SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id
    WHERE tm.account_id = memberships.account_id AND t.org_id = memberships.org_id
);

CREATE TRIGGER team_members_count_insert AFTER INSERT ON team_members BEGIN
    UPDATE memberships SET team_count = team_count + 1
    WHERE account_id = NEW.account_id
      AND org_id = (SELECT org_id FROM teams WHERE id = NEW.team_id);
END;

-- When a team is deleted its memberships go by cascade, after the team row is gone: the team's
-- own trigger below counts those, and this one finds no team and changes nothing.
CREATE TRIGGER team_members_count_delete AFTER DELETE ON team_members BEGIN
    UPDATE memberships SET team_count = team_count - 1
    WHERE account_id = OLD.account_id
      AND org_id = (SELECT org_id FROM teams WHERE id = OLD.team_id);
END;

CREATE TRIGGER teams_count_delete BEFORE DELETE ON teams BEGIN
    UPDATE memberships SET team_count = team_count - 1
    WHERE org_id = OLD.org_id
      AND account_id IN (SELECT account_id FROM team_members WHERE team_id = OLD.id);
END;

CREATE INDEX memberships_by_team_count ON memberships(org_id, team_count, account_id);
