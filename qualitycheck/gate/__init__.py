"""The CI gate around a run: baselines, --changed-since, and the summary lines
they print."""
