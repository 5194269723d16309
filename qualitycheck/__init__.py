"""qualitycheck: find machine-translation artifacts, scraper boilerplate and
unsupported editorial claims in articles, with exact positions, before publication.

The public Python API (docs/api.md) is importable from here:
``qualitycheck.check_text``, ``check_paths``, ``Checker``, ``Result``,
``Finding``, ``sentence_voices`` and the errors. It loads on first use, so importing the package
(as every command does) stays cheap.
"""

from __future__ import annotations

from qualitycheck.version import SCHEMA_VERSION, __version__

#: ``typing.TYPE_CHECKING`` without importing ``typing`` (mypy knows the name):
#: every command imports this package first, and the tens of milliseconds
#: ``typing`` takes are time in which Ctrl-C was a traceback (``cli.main``).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from qualitycheck.api import (
        Checker,
        ConfigError,
        Finding,
        InputError,
        QualitycheckError,
        Result,
        RuleError,
        Voice,
        check_paths,
        check_text,
        clean_text,
        sentence_voices,
    )

__all__ = [
    "SCHEMA_VERSION",
    "Checker",
    "ConfigError",
    "Finding",
    "InputError",
    "QualitycheckError",
    "Result",
    "RuleError",
    "Voice",
    "__version__",
    "check_paths",
    "check_text",
    "clean_text",
    "sentence_voices",
]
_API = frozenset(__all__) - {"SCHEMA_VERSION", "__version__"}


def __getattr__(name: str) -> Any:
    """The public API, imported when first asked for (PEP 562)."""
    if name in _API:
        from qualitycheck import api

        return getattr(api, name)
    raise AttributeError(f"module 'qualitycheck' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The module's names and the lazy API's, so that ``dir()`` and a
    notebook's tab completion show ``Checker`` and ``check_text`` before
    their first use (PEP 562: ``__getattr__`` alone hides them)."""
    return sorted({*globals(), *__all__})
