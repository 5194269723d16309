"""One claim finding where two claim rules flag the same words.

The claim rules each mark the cue of a claim in the writer's voice, and some
cues are cues of two rules: "Many experts say" is a weasel attribution
(``claim-weasel``) whose "Many experts" is an unnamed group as a source
(``claim-vague-source``); "According to some authors" is the reverse. Both are
one problem at one place, and reported twice they count twice against the
article's score and make one sentence read as two warnings. The engine already
keeps one of several findings of a category on the *same* span; this keeps one
of several rule findings of the ``unsupported_claim`` category whose spans
*overlap*: the most severe, then the longest (it holds more of the evidence:
"Many experts say" over "Many experts"), then the first in reading order.

Only claims: findings of other categories on overlapping words say different
things (a garbled attribution inside a sentence fragment names two kinds of
machine-translation damage; a long sentence inside an article judged hard to
read), and the learned detectors' findings (``model-*``) are their own
evidence. It runs after suppressions, so suppressing one rule on a sentence
leaves the other's finding, and after the models, whose features read which
rules fired (what training saw).
"""

from __future__ import annotations

from qualitycheck.document.findings import Finding

#: The category whose overlapping rule findings are one problem.
MERGED_CATEGORY = "unsupported_claim"
_RANK = {"error": 0, "warning": 1, "info": 2}


def merge_overlapping_claims(findings: list[Finding]) -> list[Finding]:
    """``findings`` with one claim-rule finding kept of each group whose spans
    overlap (chains of overlaps form one group), in the order given."""
    claims = [
        f for f in findings if f.category == MERGED_CATEGORY and not f.rule.startswith("model-")
    ]
    if len(claims) < 2:
        return findings
    dropped: set[int] = set()
    group: list[Finding] = []
    group_end = -1
    for finding in sorted(claims, key=lambda f: (f.start, f.end)):
        if group and finding.start >= group_end:
            _keep_one(group, dropped)
            group = []
        group.append(finding)
        group_end = max(group_end, finding.end) if len(group) > 1 else finding.end
    _keep_one(group, dropped)
    if not dropped:
        return findings
    return [f for f in findings if id(f) not in dropped]


def _keep_one(group: list[Finding], dropped: set[int]) -> None:
    if len(group) < 2:
        return
    kept = min(group, key=lambda f: (_RANK.get(f.severity, 3), f.start - f.end, f.start, f.rule))
    dropped.update(id(f) for f in group if f is not kept)
