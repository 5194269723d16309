"""Several outputs from one run: each result is checked once and handed to
every renderer in turn.

Each file output is opened with :func:`~qualitycheck.primitives.output.open_output`
on the caller's :class:`~contextlib.ExitStack`, so every file is renamed into
place only when the whole run succeeded, and none is left half-written if it
did not.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO, cast

from qualitycheck.document.findings import SEVERITY_RANK
from qualitycheck.errors import InputError
from qualitycheck.pipeline.results import ArticleResult
from qualitycheck.primitives.output import STDOUT_NAMES, open_output
from qualitycheck.primitives.standard_streams import PipeGuard
from qualitycheck.renderers import RENDERERS
from qualitycheck.renderers.base import Renderer
from qualitycheck.renderers.contract import Summary
from qualitycheck.renderers.html import HtmlRenderer
from qualitycheck.renderers.outputs import Target
from qualitycheck.renderers.rule_catalog import RuleInfo

#: The formats written for people at a terminal: ``--quiet`` and ``--color``
#: apply to them (``concise`` is ``text`` with one line per finding).
TERMINAL_FORMATS = ("text", "concise")


def at_least(result: ArticleResult, severity: str) -> ArticleResult:
    """``result`` showing only findings at or above ``severity``.

    Noise control for what is shown: the verdict and scores were decided on
    every finding and stay as they are.
    """
    rank = SEVERITY_RANK[severity]
    kept = [f for f in result.findings if SEVERITY_RANK[f.severity] <= rank]
    return result if len(kept) == len(result.findings) else replace(result, findings=kept)


@dataclass
class Member:
    """One output of the run: its renderer, whether it shows articles, and
    the lowest severity it shows."""

    renderer: Renderer
    quiet: bool = False
    min_severity: str = "info"
    target: Target | None = None


class RendererGroup:
    """The renderer interface, fanned out. ``quiet`` renderers (text or concise
    with ``--quiet``) get the summary and errors but no per-article output."""

    def __init__(self, members: Sequence[Member]) -> None:
        self.members = list(members)

    def begin(self) -> None:
        for member in self.members:
            member.renderer.begin()

    def article(self, result: ArticleResult) -> None:
        for member in self.members:
            if not member.quiet:
                member.renderer.article(at_least(result, member.min_severity))

    def input_error(self, error: InputError) -> None:
        for member in self.members:
            member.renderer.input_error(error)

    def end(self, summary: Summary) -> None:
        for member in self.members:
            member.renderer.end(summary)
        # Every output written out (a compressed one ended) before any is
        # renamed into place: a write that fails (a full disk) stops the run
        # while no file has been replaced.
        for member in self.members:
            stream = member.renderer.stream
            getattr(stream, "finish", stream.flush)()

    def cut_short(self) -> list[Target]:
        """The outputs to standard output whose reader left before it had
        everything (``| head``): the run went on, but no "wrote" line may
        claim them. Asked once the outputs are closed."""
        cut: list[Target] = []
        for member in self.members:
            stream = member.renderer.stream
            if member.target is not None and isinstance(stream, PipeGuard) and stream.cut_short():
                cut.append(member.target)
        return cut


def _abandoned_if_broken(renderer: Renderer) -> Callable[..., bool]:
    """An exit callback: a run that broke tells ``renderer`` (:meth:`Renderer.abandon`)."""

    def exit_(kind: type[BaseException] | None, *rest: object) -> bool:
        if kind is not None:
            renderer.abandon()
        return False  # the error goes on

    return exit_


def guarded(stack: ExitStack, stream: TextIO, path: str | None) -> TextIO:
    """``stream``, opened for ``path``, guarded against its reader leaving
    (:class:`PipeGuard`) when ``path`` is standard output, also by its names
    (``json=/dev/stdout`` ran into a closed pipe with the other outputs lost
    and exit 2)."""
    if path in (None, "-") or os.path.abspath(path) in STDOUT_NAMES:
        guard = PipeGuard(stream)
        stack.callback(guard.flush)  # before open_output's own final flush
        return cast(TextIO, guard)
    return stream


def open_renderers(
    stack: ExitStack,
    targets: Sequence[Target],
    *,
    rules: tuple[RuleInfo, ...],
    color: Callable[[TextIO], bool],
    quiet: bool = False,
    template_dir: Path | None = None,
    min_severity: str | None = None,
) -> RendererGroup:
    """One renderer per target, its output opened on ``stack``.

    ``color(stream)`` decides colour for text output; ``quiet`` and colour apply
    to :data:`TERMINAL_FORMATS` only, ``template_dir`` to HTML output only. Without
    ``min_severity`` every output shows every finding except GitHub
    annotations, which show warnings and errors (GitHub keeps only a few
    annotations per step, and info findings used them up).
    """
    members: list[Member] = []
    for target in targets:
        is_text = target.format in TERMINAL_FORMATS
        stream: TextIO = stack.enter_context(
            open_output(target.path, compress=True, for_people=is_text)
        )
        stream = guarded(stack, stream, target.path)
        renderer = RENDERERS[target.format](stream, color=is_text and color(stream))
        renderer.rules = rules
        stack.push(_abandoned_if_broken(renderer))  # runs before its output is closed
        shown = min_severity or ("warning" if target.format == "github" else "info")
        if isinstance(renderer, HtmlRenderer):
            renderer.min_severity = shown
            if template_dir is not None:
                renderer.template_dir = template_dir
        members.append(Member(renderer, quiet and is_text, shown, target))
    return RendererGroup(members)
