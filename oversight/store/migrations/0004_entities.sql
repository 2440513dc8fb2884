-- Vendors, buyers, chips and other parties named on pages (oversight.entities), each screened against watchlists.
CREATE TABLE entities (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL,
    page        INTEGER NOT NULL,              -- 1-based page number, as in pages.number
    kind        TEXT NOT NULL,                 -- vendor | buyer | chip | other (agencies, banks, account holders)
    text        TEXT NOT NULL,                 -- exactly pages.raw_text["start":"end"]
    "start"     INTEGER NOT NULL,              -- raw offsets into pages.raw_text
    "end"       INTEGER NOT NULL,
    source      TEXT NOT NULL,                 -- how it was found: column:brand | field:采购人 | model:<family> |
                                               -- chip:<family> | suffix:<legal form>
    model       TEXT,                          -- model number written with it (raw text)
    maker       TEXT,                          -- manufacturer a model number or chip resolved to
    origin      TEXT,                          -- chips: ISO 3166-1 alpha-2 country of the maker
    name        TEXT NOT NULL,                 -- the listed party's name when listed, else the maker or the text
    listed      INTEGER NOT NULL DEFAULT 0,
    lists       TEXT NOT NULL DEFAULT '[]',    -- JSON list of the lists it is on
    score       REAL,
    via         TEXT,                          -- how the screener matched (alias, brand, subsidiary, model family)
    explanation TEXT,
    FOREIGN KEY (document_id, page) REFERENCES pages(document_id, number) ON DELETE CASCADE
);
CREATE INDEX entities_document ON entities(document_id, page);
CREATE INDEX entities_listed ON entities(listed, kind);

-- Which extraction data and screening version last analysed each document.
CREATE TABLE entity_scans (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    version     TEXT NOT NULL,
    analysed_at TEXT NOT NULL
);

-- What each export-control finding rests on: the US-origin chip and the listed vendor or buyer beside it.
CREATE TABLE finding_entities (
    finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    role       TEXT NOT NULL,                  -- chip | party
    PRIMARY KEY (finding_id, entity_id)
);
CREATE INDEX finding_entities_entity ON finding_entities(entity_id);
