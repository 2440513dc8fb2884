-- Capabilities detected on pages (oversight.detect): one row per document, page and taxonomy rule.
CREATE TABLE findings (
    id               INTEGER PRIMARY KEY,
    document_id      INTEGER NOT NULL,
    page             INTEGER NOT NULL,          -- 1-based page number, as in pages.number
    category         TEXT NOT NULL,             -- taxonomy category id, e.g. ethnicity
    severity         TEXT NOT NULL,             -- critical | high | medium
    rule             TEXT NOT NULL,             -- <category>/<term>
    taxonomy_version TEXT NOT NULL,             -- version+digest of the taxonomy that found it
    quote            TEXT NOT NULL,             -- exactly pages.raw_text["start":"end"]
    "start"          INTEGER NOT NULL,          -- raw offsets into pages.raw_text
    "end"            INTEGER NOT NULL,
    context          TEXT NOT NULL,             -- the sentence or table row around the quote (raw text)
    UNIQUE (document_id, page, rule),
    FOREIGN KEY (document_id, page) REFERENCES pages(document_id, number) ON DELETE CASCADE
);
CREATE INDEX findings_category ON findings(category, severity);

-- Which taxonomy version last scanned each document, so a document without findings is not scanned again.
CREATE TABLE detect_scans (
    document_id      INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    taxonomy_version TEXT NOT NULL,
    scanned_at       TEXT NOT NULL
);
