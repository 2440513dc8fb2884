"""Full-text search over stored page text: an FTS5 index in the store, one token per CJK character."""
