-- The Teams and Projects tabs find a name in any case, letters past ASCII included ("émile" finds
-- "Émile"): `LIKE` folds ASCII letters only, so names are searched through trigram indexes, which
-- fold every letter, as the Users tab searches people (0005). Triggers keep them in step with
-- every change of a name (SCIM's included); their rows are the teams' and projects' ids.

CREATE VIRTUAL TABLE team_search USING fts5(
    name, content = 'teams', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO team_search (team_search) VALUES ('rebuild');

CREATE TRIGGER teams_search_insert AFTER INSERT ON teams BEGIN
    INSERT INTO team_search (rowid, name) VALUES (NEW.id, NEW.name);
END;

CREATE TRIGGER teams_search_delete AFTER DELETE ON teams BEGIN
    INSERT INTO team_search (team_search, rowid, name) VALUES ('delete', OLD.id, OLD.name);
END;

CREATE TRIGGER teams_search_update AFTER UPDATE OF name ON teams BEGIN
    INSERT INTO team_search (team_search, rowid, name) VALUES ('delete', OLD.id, OLD.name);
    INSERT INTO team_search (rowid, name) VALUES (NEW.id, NEW.name);
END;

CREATE VIRTUAL TABLE project_search USING fts5(
    name, content = 'projects', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO project_search (project_search) VALUES ('rebuild');

CREATE TRIGGER projects_search_insert AFTER INSERT ON projects BEGIN
    INSERT INTO project_search (rowid, name) VALUES (NEW.id, NEW.name);
END;

CREATE TRIGGER projects_search_delete AFTER DELETE ON projects BEGIN
    INSERT INTO project_search (project_search, rowid, name) VALUES ('delete', OLD.id, OLD.name);
END;

CREATE TRIGGER projects_search_update AFTER UPDATE OF name ON projects BEGIN
    INSERT INTO project_search (project_search, rowid, name) VALUES ('delete', OLD.id, OLD.name);
    INSERT INTO project_search (rowid, name) VALUES (NEW.id, NEW.name);
END;
