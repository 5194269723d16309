"""``language``: the article is not in one of the configured languages."""

from __future__ import annotations

from collections.abc import Iterator

from qualitycheck.detect.rules.kinds.base import CheckContext, Hit, Rule
from qualitycheck.detect.signals.language_names import language_name
from qualitycheck.document.article import Article, Block


class LanguageRule(Rule):
    kind = "language"
    description = (
        "Flags an article whose detected (or declared) language is not among the configured "
        "`languages`. The finding covers the first line of the body (it judges the whole "
        "article: the HTML report shows it as a banner over the text). Rules limited to other "
        "languages are skipped for such an article. Its own `languages` default to `['*']` "
        "(every article): limited to `[en]`, the common default, it ran only on the English "
        "articles it could not flag."
    )
    message_fields = ("language", "expected", "language_name", "expected_names")
    default_languages = ("*",)

    @property
    def article_level(self) -> bool:
        """The language is the whole article's, whatever line the finding covers."""
        return True

    def hits(self, article: Article, blocks: list[Block], context: CheckContext) -> Iterator[Hit]:
        language = context.language
        if language is None or language in context.expected_languages or not blocks:
            return
        first = next((b for b in blocks if not b.is_title), blocks[0])
        yield Hit(
            first,
            0,
            len(first.text),
            context.language_confidence or 1.0,
            {
                "language": language,
                "expected": ", ".join(context.expected_languages),
                "language_name": language_name(language),
                "expected_names": _either(context.expected_languages),
            },
        )


def _either(codes: tuple[str, ...]) -> str:
    """ "English", "English or French", "English, French or German"."""
    names = [language_name(code) for code in codes]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]
