-- What each notice states about itself (oversight/entities/notice.py), extracted once at scan time so search can
-- filter by the notice's own date and reports need not re-read every page.
CREATE TABLE notices (
    document_id   INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    version       TEXT NOT NULL,            -- extraction version (data files + code): another version is redone
    title         TEXT,
    kind          TEXT NOT NULL,            -- award | tender | correction | termination | contract | intent |
                                            -- test-report | specification | other
    buyer         TEXT,                     -- as written
    supplier      TEXT,
    project_number TEXT,
    document_date TEXT,                     -- ISO date the notice states (publication, else first labelled date)
    amount        REAL,                     -- first amount stated in yuan
    data          TEXT NOT NULL,            -- JSON: every stated value with its label and page
    extracted_at  TEXT NOT NULL
);
CREATE INDEX notices_date ON notices(document_date);
