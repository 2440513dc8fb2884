-- Which version of each analyser (oversight/pipeline/analyse.py: ANALYSERS) last analysed each document, in one
-- table for every analyser, so an analyser added as a plugin needs no table of its own: a document whose stamp
-- differs from the analyser's current version (new taxonomy, extraction data or watchlists) is analysed again.
-- Replaces detect_scans (the capability analyser) and entity_scans (the parties analyser).
CREATE TABLE analyser_runs (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    analyser    TEXT NOT NULL,
    version     TEXT NOT NULL,
    analysed_at TEXT NOT NULL,
    PRIMARY KEY (document_id, analyser)
);
INSERT INTO analyser_runs(document_id, analyser, version, analysed_at)
    SELECT document_id, 'capabilities', taxonomy_version, scanned_at FROM detect_scans;
INSERT INTO analyser_runs(document_id, analyser, version, analysed_at)
    SELECT document_id, 'parties', version, analysed_at FROM entity_scans;
DROP TABLE detect_scans;
DROP TABLE entity_scans;
