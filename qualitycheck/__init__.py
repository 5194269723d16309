"""qualitycheck: find machine-translation artifacts, scraper boilerplate and
unsupported editorial claims in articles, with exact positions, before publication."""

from qualitycheck.version import SCHEMA_VERSION, __version__

__all__ = ["SCHEMA_VERSION", "__version__"]
