"""Report templates run in Jinja's sandbox, within a time and size budget.

A ``--template`` folder is code a user hands the tool, often copied from
someone else. The immutable sandbox refuses what a template must never do
(reach Python internals through ``__class__``, call unsafe methods, change the
data it is given); the budget keeps what it may do finite: a value or page
longer than :func:`size_limit` characters, a ``**`` with a huge exponent or a
render that runs past :func:`seconds_limit` stops the report with one line
naming the template, not a hang or an exhausted machine. The shipped
templates run under the same limits and use a small part of them (a report of
20,000 articles took 5 s from start to finish, docs/report.md).

Time cannot be bounded from inside Jinja (a loop over a list compiles to a
plain Python ``for``), so a watchdog timer raises :class:`RenderTimeout` in the
rendering thread at the deadline, through CPython's
``PyThreadState_SetAsyncExc``; where that is missing (another interpreter) the
sandbox and size limits still hold.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

#: Characters any value or the whole page may reach, before the data's share.
BASE_CHARACTERS = 64 * 1024 * 1024
#: Seconds a render may take, before the articles' share.
BASE_SECONDS = 120.0
SECONDS_PER_ARTICLE = 0.01
#: Largest exponent ``**`` may take (``10 ** 1000`` is already 1,000 digits).
MAX_EXPONENT = 1000
#: Largest integer ``**`` may make, in bits (about 300,000 digits, milliseconds).
MAX_POWER_BITS = 1_000_000


class RenderTimeout(BaseException):
    """Raised in the rendering thread when the render passes its deadline (a
    ``BaseException``, so no ``except Exception`` on the way swallows it)."""


def size_limit(data_characters: int) -> int:
    """Characters a value or the page may reach: room for the embedded data
    several times over, plus a fixed allowance."""
    return BASE_CHARACTERS + 8 * data_characters


def seconds_limit(articles: int) -> float:
    return BASE_SECONDS + SECONDS_PER_ARTICLE * articles


def _integers(*values: Any) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)


def _length(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox with ``*``, ``**`` and ``+`` bounded and the
    result of every filter, global and method call held to
    :attr:`max_characters`.

    A result is measured once it exists, so one step can hold a few times the
    limit before it is refused (``'x'.ljust(n)`` with a huge ``n`` fails as out
    of memory instead); what is refused before it is made: repeats (``*``) and
    powers (``**``) whose size the operands tell."""

    intercepted_binops = frozenset(["*", "**", "+"])

    def __init__(
        self,
        *args: Any,
        max_characters: int,
        filters: dict[str, Callable[..., Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_characters = max_characters
        # The caller's own filters are bounded like Jinja's.
        self.filters = {
            name: self._bounded(f) for name, f in {**self.filters, **(filters or {})}.items()
        }
        self.globals = {
            name: self._bounded(value) if callable(value) else value
            for name, value in self.globals.items()
        }

    def _check(self, value: Any) -> Any:
        if _length(value) > self.max_characters:
            raise SecurityError(
                f"a value of {_length(value):,} items passes the limit of {self.max_characters:,}"
            )
        return value

    def _bounded(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def bounded(*args: Any, **kwargs: Any) -> Any:
            return self._check(function(*args, **kwargs))

        if hasattr(function, "jinja_pass_arg"):  # @pass_context and its kin
            bounded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
        bounded.__name__ = getattr(function, "__name__", "bounded")
        return bounded

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Every call a template makes (a method such as ``str.replace`` too)."""
        return self._check(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "+":
            return self._check(super().call_binop(context, operator, left, right))
        if operator == "**":
            if isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"an exponent above {MAX_EXPONENT} is refused")
            # One C call the watchdog cannot interrupt: refuse it by its size.
            bits = abs(left).bit_length() * right if _integers(left, right) else 0
            if bits > MAX_POWER_BITS:
                raise SecurityError(f"a power of more than {MAX_POWER_BITS:,} bits is refused")
            return self._check(left**right)
        for sequence, count in ((left, right), (right, left)):
            repeated = _length(sequence) * count if isinstance(count, int) else 0
            if repeated > self.max_characters:
                raise SecurityError(
                    f"repeating a value {count:,} times passes the limit of "
                    f"{self.max_characters:,} items"
                )
        return super().call_binop(context, operator, left, right)


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Have ``thread_id`` raise ``exception`` at its next bytecode (``None``
    takes back one not yet raised)."""
    set_async = ctypes.pythonapi.PyThreadState_SetAsyncExc
    set_async(ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None)


def within_deadline(seconds: float, work: Callable[[], str]) -> str:
    """``work()`` in this thread; :class:`RenderTimeout` once ``seconds`` pass.

    The timer and the end of ``work`` are ordered by a lock, so the exception
    is raised inside this call or not at all.
    """
    if not hasattr(ctypes, "pythonapi"):  # pragma: no cover - CPython has it
        return work()
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def expire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _raise_in(thread_id, RenderTimeout)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    try:
        try:
            # Started inside: a deadline that passes before start() returns (a
            # loaded machine, a tiny limit) is raised here, not out of start().
            timer.start()
            return work()
        finally:
            with lock:
                state["done"] = True
                timer.cancel()
                if state["fired"]:
                    _raise_in(thread_id, None)  # if still pending, not raised later
    except RenderTimeout:
        pass
    raise RenderTimeout
