"""Which findings the suppressions of an article hide, in time linear in the
findings and the suppressions.

Asking every suppression about every finding (``Suppression.covers``) took
90 s for 10,000 ``disable-next-line`` comments over as many findings, and
18 s for a config of 8,000 suppressions over 2,000 findings: here each
suppression is asked once per kind of finding (rule and category), and a
finding looks up its line, its position or its text. A suppression that
hides anything in an article gets 1 added to ``used`` (whether it hid
anything is all that is asked of it).
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable

from qualitycheck.config.suppressions import SelectorMatch, Suppression
from qualitycheck.document.findings import Finding
from qualitycheck.document.textfold import normalize_composed
from qualitycheck.pipeline.comments import Spans

Kind = tuple[str, str]


Picks = Callable[[Suppression, Kind], bool]


def _picker(matcher: SelectorMatch) -> Picks:
    """Whether a suppression's selectors pick a kind of finding, asked once
    per list of selectors and kind."""
    picked: dict[tuple[tuple[str, ...], str, str], bool] = {}

    def picks(suppression: Suppression, kind: Kind) -> bool:
        key = (suppression.selectors, *kind)
        if key not in picked:
            picked[key] = any(matcher(s, *kind) for s in suppression.selectors)
        return picked[key]

    return picks


def hidden_inline(
    inline: list[Suppression], findings: list[Finding], matcher: SelectorMatch
) -> set[int]:
    """The indexes of the ``findings`` an inline suppression hides: a
    ``disable-next-line`` hides the findings of its line, a region those that
    start in it."""
    if not inline:
        return set()
    picks = _picker(matcher)
    kinds = {(f.rule, f.category) for f in findings}
    lines: dict[Kind, set[int]] = {kind: set() for kind in kinds}
    spans: dict[Kind, list[tuple[int, int]]] = {kind: [] for kind in kinds}
    found_lines: dict[Kind, set[int]] = {kind: set() for kind in kinds}
    found_at: dict[Kind, list[int]] = {kind: [] for kind in kinds}
    for finding in findings:
        found_lines[finding.rule, finding.category].add(finding.line)
        found_at[finding.rule, finding.category].append(finding.start)
    for starts in found_at.values():
        starts.sort()
    for suppression in inline:
        hid = False
        for kind in kinds:
            if not picks(suppression, kind):
                continue
            if suppression.line is not None:
                lines[kind].add(suppression.line)
                hid = hid or suppression.line in found_lines[kind]
                continue
            # Without an end a region covers the whole source (as in covers()).
            start, end = suppression.start, suppression.end
            if end is None:
                start, end = -1, sys.maxsize
            spans[kind].append((start, end))
            starts = found_at[kind]
            first = bisect_left(starts, start)
            hid = hid or (first < len(starts) and starts[first] < end)
        if hid:
            suppression.used += 1
    regions = {kind: Spans(spans[kind]) for kind in kinds}
    return {
        index
        for index, finding in enumerate(findings)
        if finding.line in lines[finding.rule, finding.category]
        or regions[finding.rule, finding.category].hold(finding.start)
    }


def hidden_configured(
    configured: list[Suppression], findings: list[Finding], matcher: SelectorMatch
) -> set[int]:
    """The indexes of the ``findings`` a config suppression (whose paths cover
    the article) hides: all of a rule's findings, or those whose text holds
    the suppression's ``text``.

    The texts of a kind are looked up in a set: by every piece of a short
    finding's text, or one by one when there are fewer of them."""
    if not configured:
        return set()
    picks = _picker(matcher)
    by_kind: dict[Kind, dict[str | None, list[Suppression]]] = {}
    for kind in {(f.rule, f.category) for f in findings}:
        texts: dict[str | None, list[Suppression]] = defaultdict(list)
        for suppression in configured:
            if picks(suppression, kind):
                texts[suppression.text].append(suppression)
        by_kind[kind] = texts
    hid: set[int] = set()  # ids of the suppressions that hid something
    hidden = set()
    for index, finding in enumerate(findings):
        texts = by_kind[finding.rule, finding.category]
        if not texts:
            continue
        held: list[str | None] = [None] if None in texts else []
        if len(texts) > len(held):
            folded = normalize_composed(finding.text)
            pieces = len(folded) * (len(folded) + 1) // 2 + 1
            if pieces < len(texts):
                candidates = {
                    folded[i:j] for i in range(len(folded) + 1) for j in range(i, len(folded) + 1)
                }
                held += [text for text in candidates if text in texts]
            else:
                held += [text for text in texts if text is not None and text in folded]
        if held:
            hidden.add(index)
        for text in held:
            for suppression in texts[text]:
                if id(suppression) not in hid:
                    hid.add(id(suppression))
                    suppression.used += 1
    return hidden
