"""Error types that carry the place of the problem, so every message can name
the file (and line) a user has to open."""

from __future__ import annotations

from typing import Any


def os_reason(exc: BaseException) -> str:
    """What went wrong reading a file, once: an ``OSError``'s own words ("No
    such file or directory"), as ``str(exc)`` would repeat the file's name the
    message already gives ("[Errno 2] No such file or directory: 'x'"), on one
    line."""
    reason = getattr(exc, "strerror", None) or str(exc)
    # A library's message may run over lines (pyarrow's end in "\n"): one line.
    return " ".join(part for line in reason.splitlines() if (part := line.strip()))


class QualitycheckError(Exception):
    """Base class: a problem the user can fix, reported in one line."""

    def messages(self) -> list[str]:
        """One line per problem (an error may gather several, see :class:`RuleErrors`)."""
        return [str(self)]


class LocatedError(QualitycheckError):
    """A problem in a file the user wrote (config or rule pack), with its place.

    Config and rule errors stop the run (exit code 2) before any article is
    checked: a gate that silently ignores a mistyped rule is worse than none.
    """

    def __init__(
        self,
        path: str,
        line: int | None,
        message: str,
        key: str | None = None,
        column: int | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.key = key
        self.message = message
        #: 1-based column of the key or value, where the YAML says (editors jump to it).
        self.column = column
        super().__init__(self.__str__())

    def __reduce__(self) -> tuple[type[LocatedError], tuple[Any, ...]]:
        # Errors travel from worker processes (a Dask task, a multiprocessing
        # pool building a checker) by pickling: a ConfigError stays a
        # ConfigError, with its key and column, so ``except ConfigError`` on
        # the caller's side still catches it.
        return (type(self), (self.path, self.line, self.message, self.key, self.column))

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        if self.line and self.column:
            place += f":{self.column}"
        key = f" {self.key}:" if self.key else ""
        return f"{place}:{key} {self.message}"


#: Most problems one run reports from its config or rule packs (the rest are counted).
MAX_REPORTED = 50


class SeveralErrors(LocatedError):
    """Several located errors raised as one and reported together: an editor
    fixes them in one pass instead of one run per typo. Mixed into an error
    kind first (``class RuleErrors(SeveralErrors, RuleError)``)."""

    def __init__(self, errors: list[LocatedError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(first.path, first.line, first.message, first.key, first.column)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Each error by its parts: a LocatedError alone pickles as an
        # InputError (what a worker sends back), which has no key or column.
        parts = [(type(e), e.path, e.line, e.message, e.key, e.column) for e in self.errors]
        return (_several_from_parts, (type(self), parts))

    def messages(self) -> list[str]:
        """One line per problem, at most :data:`MAX_REPORTED` of them and then a
        line that says how many more there are (a file gone wrong as a whole,
        such as a pack pasted into a config, must not flood the terminal)."""
        shown = [str(error) for error in self.errors[:MAX_REPORTED]]
        hidden = len(self.errors) - len(shown)
        if hidden > 0:
            first = self.errors[0]
            shown.append(f"{first.path}: ... and {hidden} more problem(s) not shown")
        return shown

    def __str__(self) -> str:
        return "\n".join(self.messages())


def _several_from_parts(kind: type[SeveralErrors], parts: list[tuple[Any, ...]]) -> SeveralErrors:
    return kind(
        [cls(path, line, message, key, column) for cls, path, line, message, key, column in parts]
    )


class ConfigError(LocatedError):
    """An invalid configuration file or option."""


class ConfigErrors(SeveralErrors, ConfigError):
    """Every problem of one kind found in a config (each unknown rule selector)."""


class RuleError(LocatedError):
    """An invalid rule pack."""


class RuleErrors(SeveralErrors, RuleError):
    """Every problem found in the rule packs of a run."""


class OutputError(QualitycheckError):
    """An output file could not be written (its folder, its name, the disk).

    ``clean`` writes one copy per input: one copy that fails is reported and
    the others are still written; a single-output command stops on it.
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")

    def __reduce__(self) -> tuple[type[OutputError], tuple[str, str]]:
        return (OutputError, (self.path, self.message))


class InputError(QualitycheckError):
    """One input (or one JSONL record) could not be read.

    It never stops the run: the other inputs are still checked, and the exit
    code becomes 2 once everything else has been reported.
    """

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(self.__str__())

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, int | None]]:
        # Errors travel back from worker processes (``--jobs``) by pickling.
        return (InputError, (self.path, self.message, self.line))

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{place}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The ``summary.input_errors`` entry of the JSON contract."""
        entry: dict[str, object] = {"path": self.path}
        if self.line is not None:
            entry["line"] = self.line
        entry["message"] = self.message
        return entry
