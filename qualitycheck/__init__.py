"""qualitycheck: find machine-translation artifacts, scraper boilerplate and
unsupported editorial claims in articles, with exact positions, before publication."""

__version__ = "0.1.0"

#: Version of the JSON output contract (docs/json-output.md). Bump the major
#: number only when a field is removed or changes meaning.
SCHEMA_VERSION = "1.0"
