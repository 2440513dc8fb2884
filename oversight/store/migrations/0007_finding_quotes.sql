-- Every statement of a finding's rule on its page, ranked (oversight.detect, issue 10): the finding's own quote
-- is the best-ranked one; `quotes` holds all of them, best first, as a JSON list of
-- {"quote", "start", "end", "context", "kind"}; `quote_kind` is the kind of the finding's own quote
-- (spec | prose | heading | toc: specification, item and contract text before headlines and tables of contents).
ALTER TABLE findings ADD COLUMN quote_kind TEXT NOT NULL DEFAULT 'prose';
ALTER TABLE findings ADD COLUMN quotes TEXT NOT NULL DEFAULT '[]';
