-- Entity-aware search (oversight/search/aliases.py): every name of a party, keyed by its search tokens, so a query
-- for one name (Hikvision) also finds the others (海康威视, 海康). Derived from watchlist_names and entities and
-- rebuilt when they change; `party` is the token key of the party's primary name, shared by both sources.
CREATE TABLE search_names (
    key   TEXT NOT NULL,                    -- the name's search tokens, space-separated
    party TEXT NOT NULL,
    name  TEXT NOT NULL                     -- as the list or the document writes it
);
CREATE INDEX search_names_key ON search_names(key);
CREATE INDEX search_names_party ON search_names(party);

-- Saved searches (oversight/store/saved_searches.py): a query and its filters under a name.
CREATE TABLE saved_searches (
    name       TEXT PRIMARY KEY,
    query      TEXT NOT NULL,
    filters    TEXT NOT NULL,               -- JSON object of the search filters
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
