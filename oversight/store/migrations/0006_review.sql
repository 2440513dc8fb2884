-- Review: an investigator's judgement on findings and parties, tags and stars on documents, and the audit log.
-- Subjects are keyed by what survives a rescan (findings are deleted and re-inserted with new ids):
-- a finding by "<document sha256>:<page>:<rule>", a party by its resolved name, a document by its sha256.
CREATE TABLE review_decisions (
    subject     TEXT NOT NULL,                 -- finding | party
    subject_key TEXT NOT NULL,
    state       TEXT NOT NULL,                 -- unreviewed | confirmed | rejected | needs-check
    note        TEXT NOT NULL DEFAULT '',
    quote       TEXT,                          -- findings: the quote the decision was made on
    version     INTEGER NOT NULL,              -- bumped on every change: optimistic concurrency
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (subject, subject_key)
);

CREATE TABLE review_tags (
    sha256 TEXT NOT NULL,                      -- the document
    tag    TEXT NOT NULL,
    PRIMARY KEY (sha256, tag)
);

CREATE TABLE review_stars (
    sha256 TEXT PRIMARY KEY
);

-- Append-only: rows are inserted, never updated or deleted. A refused (stale) write is logged too.
CREATE TABLE review_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    subject     TEXT NOT NULL,                 -- finding | party | document
    subject_key TEXT NOT NULL,
    action      TEXT NOT NULL,                 -- decide | tag | untag | star | unstar
    before      TEXT,                          -- JSON of the state before
    after       TEXT,                          -- JSON of the state asked for
    outcome     TEXT NOT NULL                  -- applied | conflict
);
CREATE INDEX review_log_subject ON review_log(subject, subject_key);

-- Team mode (`oversight serve --team`): accounts with argon2 password hashes and their sessions.
CREATE TABLE review_accounts (
    name          TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,               -- viewer | reviewer | admin
    created_at    TEXT NOT NULL
);

CREATE TABLE review_sessions (
    token_hash TEXT PRIMARY KEY,               -- sha256 of the cookie value; the value itself is never stored
    account    TEXT NOT NULL REFERENCES review_accounts(name) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
