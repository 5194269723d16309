"""The public Python API: check texts and files from Python, as the command
line does, with the same results.

This package is the contract for Python callers (docs/api.md); everything
else in ``qualitycheck`` is internal and may move. It sits on top of the
layers: it builds a pipeline checker, reads inputs with the readers and
spells results with the JSON contract, so ``Result.to_dict()`` is one entry of
``check --format json``'s ``articles``.

    >>> import qualitycheck
    >>> result = qualitycheck.check_text("Share This Article", title="Harbour reopens")
    >>> result.verdict, [f.rule for f in result.findings]
    ('fail', ['boilerplate-share'])
"""

from qualitycheck.api.checking import (
    Checker,
    ConfigLike,
    check_paths,
    check_text,
    clean_text,
    sentence_voices,
)
from qualitycheck.api.result import Result
from qualitycheck.api.voices import Voice
from qualitycheck.document.findings import Finding
from qualitycheck.errors import ConfigError, InputError, QualitycheckError, RuleError

__all__ = [
    "Checker",
    "ConfigError",
    "ConfigLike",
    "Finding",
    "InputError",
    "QualitycheckError",
    "Result",
    "RuleError",
    "Voice",
    "check_paths",
    "check_text",
    "clean_text",
    "sentence_voices",
]
