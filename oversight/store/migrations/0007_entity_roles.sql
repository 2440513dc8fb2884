-- Party roles (oversight.entities): what each mention is to the purchase, and what kind of evidence names it.
ALTER TABLE entities ADD COLUMN role TEXT NOT NULL DEFAULT 'other';      -- buyer | agent | supplier | maker | other
ALTER TABLE entities ADD COLUMN evidence TEXT NOT NULL DEFAULT 'running-text';
                                                                          -- labelled-field | item-table |
                                                                          -- running-text | model-number | chip
ALTER TABLE entities ADD COLUMN zone TEXT NOT NULL DEFAULT 'project';    -- project | clause (a standard clause or
                                                                          -- template: context, never screened)
CREATE INDEX entities_role ON entities(role, listed);
