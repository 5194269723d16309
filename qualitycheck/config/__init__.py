"""What the user asked for: option declarations (the one source of defaults,
validation and docs), the Config dataclass, reading qualitycheck.yaml or
[tool.qualitycheck] with line numbers, and suppressions as written."""
