-- Watchlists: loaded list files, their entries with every name, listings and ownership links.
CREATE TABLE watchlist_sources (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,     -- ofac-sdn | un-sc | us-csl | curated | ftm:<dataset>: one loaded version each
    format      TEXT NOT NULL,            -- loader that read it
    path        TEXT NOT NULL,            -- as given on the command line
    sha256      TEXT NOT NULL UNIQUE,     -- content hash (a folder: hash over its member files)
    published   TEXT,                     -- the list's own date where it states one
    loaded_at   TEXT NOT NULL,
    entry_count INTEGER NOT NULL
);

CREATE TABLE watchlist_entries (
    id         INTEGER PRIMARY KEY,
    source_id  INTEGER NOT NULL REFERENCES watchlist_sources(id) ON DELETE CASCADE,
    entry_key  TEXT NOT NULL,             -- the list's own entry id (SDN ent_num, UN DATAID, CSL _id, FtM id, curated id)
    schema     TEXT NOT NULL,             -- Person | Company | Organization | PublicBody | Vessel | Airplane | LegalEntity
    name       TEXT NOT NULL,             -- primary name as listed
    country    TEXT,
    sectors    TEXT NOT NULL DEFAULT '[]',-- JSON list, e.g. ["tech"]: what the party does, for look-alike rejection
    verified   INTEGER NOT NULL DEFAULT 1,
    data       TEXT NOT NULL DEFAULT '{}',-- JSON: addresses, ids, remarks, notes: everything else the list says
    UNIQUE (source_id, entry_key)
);

CREATE TABLE watchlist_names (
    entry_id INTEGER NOT NULL REFERENCES watchlist_entries(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL,               -- primary | alias | weak | former | legal | short | brand | original
    source   TEXT,
    verified INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX watchlist_names_entry ON watchlist_names(entry_id);

CREATE TABLE watchlist_listings (
    entry_id  INTEGER NOT NULL REFERENCES watchlist_entries(id) ON DELETE CASCADE,
    list      TEXT NOT NULL,              -- e.g. OFAC SDN, BIS Entity List, NDAA §889
    program   TEXT,
    listed_on TEXT,
    ended_on  TEXT,
    covers    TEXT,                       -- affiliates: the list's own text reaches subsidiaries and affiliates
    citation  TEXT,
    url       TEXT,
    verified  INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX watchlist_listings_entry ON watchlist_listings(entry_id);

CREATE TABLE watchlist_links (
    source_id  INTEGER NOT NULL REFERENCES watchlist_sources(id) ON DELETE CASCADE,
    child_key  TEXT NOT NULL,             -- owned / subordinate party (entry_key within the source)
    parent_key TEXT NOT NULL,             -- owner / superior party
    relation   TEXT NOT NULL,             -- ownership | subsidiary | subordinate
    percentage REAL,
    share      TEXT,                      -- the share as the source words it
    start_date TEXT,
    end_date   TEXT,
    source     TEXT,
    verified   INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX watchlist_links_source ON watchlist_links(source_id);
