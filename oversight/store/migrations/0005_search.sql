-- Full-text search over page text (see oversight/search/index.py).
-- search_index holds each page's search tokens (words, and CJK text as character pairs: see oversight/search/tokens.py)
-- under rowid = document_id << 24 | page number. It is contentless: the tokens live only in the index, the text
-- stays in `pages`, so the index costs a fraction of the page text and never a second copy of it.
CREATE VIRTUAL TABLE search_index USING fts5(body, content='', tokenize='unicode61 remove_diacritics 0');

-- Documents whose pages are in search_index; search indexes the others before it queries.
CREATE TABLE search_documents (document_id INTEGER PRIMARY KEY);

-- Settings of the index, e.g. the fingerprint of the tokeniser it was built with.
CREATE TABLE search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Pages of indexed documents that changed after indexing. A contentless index can only drop a page given the
-- tokens it was indexed with, so the text it was indexed from is kept here until the index catches up.
CREATE TABLE search_queue (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    old_text    TEXT            -- norm_text as indexed; NULL for a page new to an indexed document
);

CREATE TRIGGER search_pages_insert AFTER INSERT ON pages
WHEN new.document_id IN (SELECT document_id FROM search_documents)
BEGIN
    INSERT INTO search_queue(document_id, number, old_text) VALUES (new.document_id, new.number, NULL);
END;

CREATE TRIGGER search_pages_delete AFTER DELETE ON pages
WHEN old.document_id IN (SELECT document_id FROM search_documents)
BEGIN
    INSERT INTO search_queue(document_id, number, old_text) VALUES (old.document_id, old.number, old.norm_text);
END;

CREATE TRIGGER search_pages_update AFTER UPDATE OF document_id, number, norm_text ON pages
WHEN old.document_id IN (SELECT document_id FROM search_documents)
  OR new.document_id IN (SELECT document_id FROM search_documents)
BEGIN
    INSERT INTO search_queue(document_id, number, old_text)
    SELECT old.document_id, old.number, old.norm_text WHERE old.document_id IN (SELECT document_id FROM search_documents);
    INSERT INTO search_queue(document_id, number, old_text)
    SELECT new.document_id, new.number, NULL
    WHERE new.document_id IN (SELECT document_id FROM search_documents)
      AND (new.document_id, new.number) IS NOT (old.document_id, old.number);
END;
