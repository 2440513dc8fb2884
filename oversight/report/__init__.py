"""Evidence reports: what documents state, the findings with quotes and page images, a corpus summary."""
