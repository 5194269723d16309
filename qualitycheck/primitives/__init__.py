"""Primitives with no knowledge of articles: bounded regexes and globs, YAML
with line numbers, declared options, output files that never destroy
anything. Everything a user writes (pattern, glob, YAML) or points at (an
output path) goes through here, so nothing they write can hang, exhaust or
destroy a run."""
