"""The tool's version and the JSON contract's version, apart from the package
root so that every layer can name them without importing the public API."""

__version__ = "0.1.0"

#: Version of the JSON output contract (docs/json-output.md). Bump the major
#: number only when a field is removed or changes meaning.
SCHEMA_VERSION = "1.0"
