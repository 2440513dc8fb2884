"""How many matching pages are ranked and returned; its own module so the CLI can bound --limit without loading
the search engine (numpy, the token tables)."""

RANK_CAP = 5000
MAX_LIMIT = RANK_CAP  # no more pages can be returned than are ranked
