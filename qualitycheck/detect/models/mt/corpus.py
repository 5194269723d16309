"""The mt model's training records from the project corpora: the WMT
articles plus original English web news on the "original" side.

Why: the WMT original-English documents are 2020-2021 news while the
translated ones run to 2023, so with them alone the model partly learns topic
and year, and it never sees the genre the gate checks (scraped articles of
news sites). Two corpora of original English web news fill that side:

- PolNeAR articles (2016 US political news, seven outlets), each a record;
- the article-extraction pages cut to their content lines (every line not
  labeled boilerplate, in page order), English pages only.

Records keep the fields grouped cross-validation reads (``label``,
``system``, ``group``, ``src_lang``) and say where they came from
(``source``). A PolNeAR article's group is its outlet, so cross-validation
never scores an outlet whose house style it has learned; a page's group is
the page (the corpus gives no site). Only the caller decides which split is
read: train for training, dev for selection and reporting.

Imported by the preparation script ``benchmarks/mt_data.py`` and by tests;
nothing on the check path imports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from qualitycheck.detect.signals.language import detect

#: ``source`` of the added originals (the WMT records keep their own).
ATTRIBUTION = "polnear"
PAGES = "article-extraction"


def _original(identifier: str, text: str, source: str, group: str) -> dict[str, Any]:
    return {
        "id": identifier,
        "text": text,
        "label": "original",
        "source": source,
        "domain": "news",
        "system": None,
        "src_lang": "en",
        "group": group,
    }


def attribution_records(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each PolNeAR article as an ``original`` record grouped by outlet."""
    for row in rows:
        outlet = str(row.get("outlet") or row["id"])
        yield _original(str(row["id"]), row["text"], ATTRIBUTION, f"{ATTRIBUTION}:{outlet}")


def content_text(row: dict[str, Any]) -> str:
    """A scraped page cut to what a good scraper keeps: its lines not labeled
    boilerplate (headline repeats included), in page order."""
    lines = row["text"].split("\n")
    labels = row.get("lines") or []
    if len(labels) != len(lines):
        raise ValueError(f"{row.get('id')}: 'lines' does not match the text")
    kept = [line for line, label in zip(lines, labels, strict=True) if label != "boilerplate"]
    return "\n".join(line for line in kept if line.strip())


def page_records(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each English page cut to its content lines as an ``original`` record.

    About one page in nine is not English (the gate does not score those for
    machine translation either); pages whose language is not detected as
    English are left out, as are pages with no content left.
    """
    for row in rows:
        text = content_text(row)
        if text and detect(text)[0] == "en":
            identifier = str(row["id"])
            yield _original(identifier, text, PAGES, f"{PAGES}:{identifier}")


def wmt_records(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The WMT records with their source named (``wmt21``... stays as given)."""
    for row in rows:
        yield {**row, "source": str(row.get("source") or "wmt")}


def combined(
    mt_rows: Iterable[dict[str, Any]],
    attribution_rows: Iterable[dict[str, Any]] = (),
    page_rows: Iterable[dict[str, Any]] = (),
) -> list[dict[str, Any]]:
    """The WMT records followed by the added originals, in input order."""
    return [
        *wmt_records(mt_rows),
        *attribution_records(attribution_rows),
        *page_records(page_rows),
    ]
