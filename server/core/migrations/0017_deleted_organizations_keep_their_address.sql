-- A deleted organization gives up its address (another organization may take it at once), but
-- remembers it here, so that an operator can name it by that address to export its audit log
-- during the 30 days it is kept. Not unique, and it leads nowhere: addresses are `slug` only.
-- Organizations deleted before this migration have none.
ALTER TABLE organizations ADD COLUMN former_slug TEXT;
