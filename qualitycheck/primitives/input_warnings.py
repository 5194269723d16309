"""The articles' reader warnings on standard error: at most a hundred lines per
input, then one line that counts the rest.

A JSON Lines feed of a million records without an ``id`` printed a million
``no 'id'; using feed.jsonl:N`` lines, as input errors did before they were
capped (docs/limits.md, "Input errors per input"). Only the log is capped:
``check`` keeps each article's warnings whole in its output (``warnings`` in
the JSON contract). Inputs come one after another, in input order for any ``--jobs``,
so only the current one is counted: memory stays flat however many inputs.

Two warnings are about the run more than the input: every article in another
language says which English-only rules and models did not run on it
(:data:`NOT_CHECKED`), and every one langdetect could not decide on that it
was checked as English all the same (:data:`CHECKED_AS_ENGLISH`). A folder of
5,000 Swahili files printed the first 5,000 times, one of Hausa files (which
leave langdetect undecided) the second; of each, the first is shown, and the
run's end counts the rest in one line.
"""

from __future__ import annotations

from collections.abc import Callable

#: Warning lines one input prints before the rest are counted.
MAX_SHOWN_PER_INPUT = 100
#: How the warning of an article the English-only checks skipped begins.
NOT_CHECKED = "not checked: "
#: How the warning of an article checked as English on a guess begins.
CHECKED_AS_ENGLISH = "checked as English: "
#: The run's end line for each of those, after the count of the others.
_RUN_NOTES = {
    NOT_CHECKED: (
        "in other languages {were} not checked by the English-only rules and models either"
    ),
    CHECKED_AS_ENGLISH: ("whose language could not be determined {were} checked as English too"),
}


class InputWarnings:
    """Writes ``PATH: WARNING`` lines through ``write``, up to ``limit`` per input."""

    def __init__(
        self, write: Callable[[str], None], hint: str = "", limit: int = MAX_SHOWN_PER_INPUT
    ) -> None:
        self._write = write
        #: Where the rest can be read, added to the counting line.
        self._hint = hint
        self._limit = limit
        self._path: str | None = None
        self._shown = 0
        self._hidden = 0
        #: Articles of the run with each of the run's notes (:data:`_RUN_NOTES`).
        self._noted = dict.fromkeys(_RUN_NOTES, 0)

    def reached(self, path: str) -> None:
        """An item of input ``path`` (an article, warned about or not, or an
        input error): the input before it has ended, so its count is written
        now, before anything of ``path``."""
        if path != self._path:
            self.finish()
            self._path = path

    def show(self, path: str, warning: str) -> None:
        """One article's warning; an input's first ``limit`` are written (of
        the :data:`NOT_CHECKED` ones and the :data:`CHECKED_AS_ENGLISH` ones,
        the run's first)."""
        self.reached(path)
        for note in _RUN_NOTES:
            if warning.startswith(note):
                self._noted[note] += 1
                if self._noted[note] > 1:
                    return
        if self._shown < self._limit:
            self._shown += 1
            self._write(f"{path}: {warning}")
        else:
            self._hidden += 1

    def finish(self) -> None:
        """The line that counts the current input's unwritten warnings, if any."""
        if self._hidden:
            self._write(
                f"{self._path}: {self._hidden:,} more warning{'s' * (self._hidden != 1)} not "
                f"shown (the first {self._limit} are)" + (f"; {self._hint}" if self._hint else "")
            )
        self._path = None
        self._shown = self._hidden = 0

    def end_run(self) -> None:
        """The last input's count, and the run's count of the other articles
        the English-only checks skipped or read as English on a guess."""
        self.finish()
        for note, line in _RUN_NOTES.items():
            more = self._noted[note] - 1
            if more > 0:
                were = "were" if more != 1 else "was"
                self._write(
                    f"{more:,} more article{'s' * (more != 1)} {line.format(were=were)}"
                    + (f"; {self._hint}" if self._hint else "")
                )
            self._noted[note] = 0
