"""The registry of rule kinds: the one place that lists them.

Adding a kind means writing a module with a :class:`~qualitycheck.detect.rules.kinds.base.Rule`
subclass and adding it to ``KINDS``; rule packs, validation and the generated
rule docs pick it up from here.
"""

from __future__ import annotations

from qualitycheck.detect.rules.kinds.base import Rule
from qualitycheck.detect.rules.kinds.capitalization import CapitalizationRule
from qualitycheck.detect.rules.kinds.claim import ClaimRule
from qualitycheck.detect.rules.kinds.consistency import ConsistencyRule
from qualitycheck.detect.rules.kinds.foreign import ForeignRule
from qualitycheck.detect.rules.kinds.fragment import FragmentRule
from qualitycheck.detect.rules.kinds.furniture import FurnitureRule
from qualitycheck.detect.rules.kinds.language import LanguageRule
from qualitycheck.detect.rules.kinds.layout import LayoutRule
from qualitycheck.detect.rules.kinds.line import LineRule
from qualitycheck.detect.rules.kinds.metric import MetricRule
from qualitycheck.detect.rules.kinds.pattern import PatternRule
from qualitycheck.detect.rules.kinds.phrase import PhraseRule
from qualitycheck.detect.rules.kinds.quotes import QuotesRule
from qualitycheck.detect.rules.kinds.repetition import RepetitionRule

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
        FurnitureRule,
    )
}
