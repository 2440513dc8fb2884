-- Pages of a long document read so far, keyed by its content hash: a run killed or stopped midway keeps them
-- and the next run goes on after them. They move to `pages` when the document is stored whole.
CREATE TABLE staged_pages (
    sha256         TEXT NOT NULL,
    number         INTEGER NOT NULL,
    label          TEXT,
    raw_text       TEXT NOT NULL,
    norm_text      TEXT NOT NULL,
    norm_map       BLOB NOT NULL,
    method         TEXT NOT NULL,
    ocr_confidence REAL,
    boxes          TEXT,
    width          REAL,
    height         REAL,
    dpi            INTEGER,
    PRIMARY KEY (sha256, number)
);
