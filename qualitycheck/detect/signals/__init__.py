"""Measurements of an article that rules and models both use: its language, its
readability metrics, syllables from CMUdict, and whether a sentence names
its source."""
