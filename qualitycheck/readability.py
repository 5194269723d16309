"""Readability metrics with textstat, reported for every article.

Rounded to two decimals so that output is byte-stable across platforms.
"""

from __future__ import annotations

from qualitycheck.article import Article

METRICS = (
    "words",
    "sentences",
    "characters",
    "avg_sentence_length",
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
)


def text_metrics(text: str, sentence_count: int) -> dict[str, float | int | None]:
    """Metrics of a piece of text whose sentences were counted by the caller."""
    words = len(text.split())
    result: dict[str, float | int | None] = {
        "words": words,
        "sentences": sentence_count,
        "characters": len(text),
        "avg_sentence_length": round(words / sentence_count, 2) if sentence_count else None,
        "flesch_reading_ease": None,
        "flesch_kincaid_grade": None,
        "gunning_fog": None,
    }
    if words == 0:
        return result
    import textstat

    result["flesch_reading_ease"] = round(float(textstat.flesch_reading_ease(text)), 2)
    result["flesch_kincaid_grade"] = round(float(textstat.flesch_kincaid_grade(text)), 2)
    result["gunning_fog"] = round(float(textstat.gunning_fog(text)), 2)
    return result


def article_metrics(article: Article) -> dict[str, float | int | None]:
    """Metrics of the article body (headline left out)."""
    sentences = sum(len(block.sentences) for block in article.body_blocks)
    return text_metrics(article.body_text, sentences)
