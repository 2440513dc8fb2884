"""oversight: evidence engine for surveillance-technology accountability in procurement documents."""

__version__ = "0.1.0"
