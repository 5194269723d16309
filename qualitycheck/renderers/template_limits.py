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
from collections.abc import (
    Callable,
    Iterable,
)
from typing import Any

from jinja2 import Environment, pass_environment, pass_eval_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.filters import do_format, make_attrgetter, sync_do_join
from jinja2.nodes import Concat, EvalContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from qualitycheck.renderers.printed_length import formatted_length, integers, printed_length

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


def _length(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


def _environment(eval_ctx: EvalContext) -> BoundedEnvironment:
    environment = eval_ctx.environment
    assert isinstance(environment, BoundedEnvironment)
    return environment


@pass_eval_context
def _join(eval_ctx: EvalContext, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
    """The ``join`` filter, refused by the characters it would write."""
    environment = _environment(eval_ctx)
    if attribute is not None:
        value = map(make_attrgetter(environment, attribute), value)
    escaped = bool(eval_ctx.autoescape) and hasattr(d, "__html__")
    items = environment.joinable(value, d, escaped, "join", may_escape=eval_ctx.autoescape)
    return sync_do_join(eval_ctx, items, d)


@pass_environment
def _format(environment: Environment, value: Any, *args: Any, **kwargs: Any) -> str:
    """The ``format`` filter (``%`` by another name), refused as ``%`` is."""
    assert isinstance(environment, BoundedEnvironment)
    if not (args and kwargs):  # both: do_format refuses them
        environment.check_format(str(value), kwargs or args)
    return do_format(value, *args, **kwargs)


@pass_eval_context
def _finalize(eval_ctx: EvalContext, value: Any) -> Any:
    """What ``{{ }}`` prints, refused by its size before it is printed."""
    environment = _environment(eval_ctx)
    limit = environment.max_characters
    if printed_length(value, limit, escaped=bool(eval_ctx.autoescape)) > limit:
        raise environment.refused("'{{ }}'")
    return value


#: Filters that print their value into a string: given a list or another
#: container, it must print within the limit before the filter runs (what
#: the filter then adds to the string is measured as any result is).
PRINTING_FILTERS = frozenset(
    (
        "capitalize center e escape forceescape indent lower pprint replace safe string "
        "striptags title tojson trim truncate upper urlencode urlize wordcount wordwrap xmlattr"
    ).split()
)


class BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator with ``~`` sent through
    :meth:`BoundedEnvironment.bounded_concat`: Jinja compiles ``a ~ b`` to a join of
    its operands that no ``intercepted_binops`` entry reaches."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.bounded_concat({join}, (")
        for operand in node.nodes:
            self.visit(operand, frame)
            self.write(", ")
        self.write("))")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox with ``*``, ``**``, ``+`` and ``%`` bounded and
    the result of every filter, global and method call held to
    :attr:`max_characters`.

    What is refused before it is made: repeats (``*``) and powers (``**``)
    whose size the operands tell, ``+`` of two strings or lists, and every
    step that prints values into one string, by the characters it would
    write (:func:`printed_length`): ``~``, ``%`` and the ``format`` filter,
    the ``join`` filter and ``str.join``, and ``{{ }}``. Any other result is
    measured once it exists, so one step can hold a few times the limit
    before it is refused (``'x'.ljust(n)`` with a huge ``n`` fails as out of
    memory instead)."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])
    code_generator_class = BoundedCodeGenerator

    def __init__(
        self,
        *args: Any,
        max_characters: int,
        filters: dict[str, Callable[..., Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, finalize=_finalize, **kwargs)
        self.max_characters = max_characters
        # The bounded join and format, and the caller's filters, are held to
        # the limit like Jinja's own.
        own = {**self.filters, "join": _join, "format": _format, **(filters or {})}
        own |= {name: self._printing(name, own[name]) for name in PRINTING_FILTERS & set(own)}
        self.filters = {name: self._bounded(f) for name, f in own.items()}
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

    def refused(self, what: str) -> SecurityError:
        return SecurityError(
            f"{what} would make more than {self.max_characters:,} characters, the limit"
        )

    def _bounded(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def bounded(*args: Any, **kwargs: Any) -> Any:
            return self._check(function(*args, **kwargs))

        if hasattr(function, "jinja_pass_arg"):  # @pass_context and its kin
            bounded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
        bounded.__name__ = getattr(function, "__name__", "bounded")
        return bounded

    def _printing(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function`` (a :data:`PRINTING_FILTERS` filter) refused when the
        value it would print is not a string and prints past the limit."""
        position = 1 if hasattr(function, "jinja_pass_arg") else 0  # after the context

        def printing(*args: Any, **kwargs: Any) -> Any:
            value = args[position] if len(args) > position else ""
            limit = self.max_characters
            if not isinstance(value, str) and printed_length(value, limit) > limit:
                raise self.refused(f"'{name}'")
            return function(*args, **kwargs)

        if hasattr(function, "jinja_pass_arg"):
            printing.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
        printing.__name__ = getattr(function, "__name__", name)
        return printing

    def bounded_concat(
        self, join: Callable[[Iterable[Any]], str], operands: tuple[Any, ...]
    ) -> str:
        """``a ~ b ~ …``: Jinja's own join of the operands once their printed
        length fits (escaped, as ``markup_join`` escapes the others once one
        operand is markup)."""
        escaped = any(hasattr(operand, "__html__") for operand in operands)
        total = 0
        for operand in operands:
            total += printed_length(operand, self.max_characters - total, escaped=escaped)
            if total > self.max_characters:
                raise self.refused("'~'")
        return join(operands)

    def joinable(
        self, items: Iterable[Any], separator: Any, escaped: bool, what: str, may_escape: bool
    ) -> list[Any]:
        """``items`` as a list, refused as soon as they and the separators
        between them print longer than the limit (a generator's items are
        held only up to it). Once one item is markup, a join that
        ``may_escape`` escapes the others: they are counted again so."""
        kept: list[Any] = []
        limit = self.max_characters
        step = printed_length(separator, limit, escaped=escaped)
        total = 0
        for item in items:
            total += printed_length(item, limit - total, escaped=escaped) + (step if kept else 0)
            if total > limit:
                raise self.refused(what)
            kept.append(item)
        if may_escape and not escaped and any(hasattr(item, "__html__") for item in kept):
            return self.joinable(kept, separator, True, what, may_escape)
        return kept

    def check_format(self, template: str, arguments: Any) -> None:
        """Refuse ``template % arguments`` if it would pass the limit."""
        escaped = hasattr(template, "__html__")
        if formatted_length(template, arguments, self.max_characters, escaped=escaped) > (
            self.max_characters
        ):
            raise self.refused("'%'")

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Every call a template makes (a method such as ``str.replace`` too)."""
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str) and getattr(obj, "__name__", "") == "join" and len(args) == 1:
            markup = hasattr(owner, "__html__")  # Markup.join escapes the items
            args = (self.joinable(args[0], owner, markup, "str.join", may_escape=False),)
        return self._check(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                size = len(left) + len(right)
                if size > self.max_characters:  # refused before it is made
                    raise SecurityError(
                        f"a value of {size:,} items passes the limit of {self.max_characters:,}"
                    )
            return self._check(super().call_binop(context, operator, left, right))
        if operator == "%":
            if isinstance(left, str):
                self.check_format(left, right)
            return self._check(super().call_binop(context, operator, left, right))
        if operator == "**":
            if isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"an exponent above {MAX_EXPONENT} is refused")
            # One C call the watchdog cannot interrupt: refuse it by its size.
            bits = abs(left).bit_length() * right if integers(left, right) else 0
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
