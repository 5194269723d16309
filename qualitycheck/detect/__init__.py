"""Everything that looks at one article and says something about it: signals
(language, readability, attribution), rules (YAML packs run by the engine),
models (learned detectors). Lower stages never import these; the pipeline
runs them."""
