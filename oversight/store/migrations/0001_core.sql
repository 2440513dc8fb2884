-- Documents, the names they arrived under, their pages and ingest errors.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    size        INTEGER NOT NULL,
    media_type  TEXT NOT NULL,
    page_count  INTEGER NOT NULL,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    source_url  TEXT
);

CREATE TABLE document_names (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,   -- file name (basename) as it arrived
    path        TEXT NOT NULL,   -- path as given on the command line, or archive.zip!member
    first_seen  TEXT NOT NULL,
    PRIMARY KEY (document_id, path)
);
CREATE INDEX document_names_name ON document_names(name);

CREATE TABLE pages (
    document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number         INTEGER NOT NULL,          -- 1-based
    label          TEXT,                      -- e.g. sheet name
    raw_text       TEXT NOT NULL,             -- exactly as extracted, for quoting
    norm_text      TEXT NOT NULL,             -- NFKC, half-width, whitespace folded, for matching and search
    norm_map       BLOB NOT NULL,             -- breakpoints norm offset -> raw offset (uint32 pairs)
    method         TEXT NOT NULL,             -- text-layer | ocr:<engine> | docx | xlsx | html | txt | convert:<tool>
    ocr_confidence REAL,                      -- mean word confidence 0..1 for OCR pages
    boxes          TEXT,                      -- JSON word boxes for OCR pages
    width          REAL,
    height         REAL,
    dpi            INTEGER,
    PRIMARY KEY (document_id, number)
);

CREATE TABLE ingest_errors (
    id      INTEGER PRIMARY KEY,
    path    TEXT NOT NULL,
    name    TEXT NOT NULL,
    sha256  TEXT,
    error   TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX ingest_errors_sha ON ingest_errors(sha256);
