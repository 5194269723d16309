"""The renderer interface: results stream in, output streams out."""

from __future__ import annotations

from typing import TextIO

from qualitycheck.errors import InputError
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.renderers.contract import Summary
from qualitycheck.renderers.rule_catalog import RuleInfo


class Renderer:
    """Receives results in input order; writes to ``stream``.

    ``color`` is only honoured by renderers meant for a terminal.
    """

    #: The rules the run can report, set before :meth:`begin` by the caller
    #: (formats such as SARIF describe each rule up front, before any result).
    rules: tuple[RuleInfo, ...] = ()

    def __init__(self, stream: TextIO, color: bool = False) -> None:
        self.stream = stream
        self.color = color

    def begin(self) -> None:
        """Called once before the first result."""

    def article(self, result: ArticleResult) -> None:
        """Called for each checked article."""

    def input_error(self, error: InputError) -> None:
        """Called for each input that could not be read."""

    def end(self, summary: Summary) -> None:
        """Called once after the last result."""

    def abandon(self) -> None:
        """Called instead of :meth:`end` when the run broke (an error, Ctrl-C),
        before the output is closed and discarded: let go of what is open."""
