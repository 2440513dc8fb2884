"""Full-text search over stored page text: an FTS5 index of word tokens and CJK character pairs, entity-aware
queries (a party's name in any script finds its other names), notice-date filters, batch and saved searches."""
