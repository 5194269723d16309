"""The registry of rule kinds: the one place that lists them.

Adding a kind means writing a module with a :class:`~qualitycheck.kinds.base.Rule`
subclass and adding it to ``KINDS``; rule packs, validation and the generated
rule docs pick it up from here.
"""

from __future__ import annotations

from qualitycheck.kinds.base import Rule
from qualitycheck.kinds.capitalization import CapitalizationRule
from qualitycheck.kinds.claim import ClaimRule
from qualitycheck.kinds.consistency import ConsistencyRule
from qualitycheck.kinds.foreign import ForeignRule
from qualitycheck.kinds.fragment import FragmentRule
from qualitycheck.kinds.language import LanguageRule
from qualitycheck.kinds.layout import LayoutRule
from qualitycheck.kinds.line import LineRule
from qualitycheck.kinds.metric import MetricRule
from qualitycheck.kinds.pattern import PatternRule
from qualitycheck.kinds.phrase import PhraseRule
from qualitycheck.kinds.quotes import QuotesRule
from qualitycheck.kinds.repetition import RepetitionRule

KINDS: dict[str, type[Rule]] = {
    kind.kind: kind
    for kind in (
        PhraseRule,
        PatternRule,
        LineRule,
        LanguageRule,
        MetricRule,
        ClaimRule,
        LayoutRule,
        RepetitionRule,
        ConsistencyRule,
        QuotesRule,
        FragmentRule,
        CapitalizationRule,
        ForeignRule,
    )
}
