"""``report --template DIR``: a user's template runs in Jinja's immutable
sandbox within a size and time budget, and every way it can fail is one line
naming the template file (and line, where Jinja knows it); no report file is
left behind."""

from __future__ import annotations

import threading
import time

import pytest
from conftest import BOILERPLATE_ARTICLE, CpuClock, deadline, write
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from qualitycheck.renderers import template_limits


@pytest.fixture
def article(tmp_path):
    return write(tmp_path / "in" / "a.txt", BOILERPLATE_ARTICLE)


def _report(cli, tmp_path, article, template: str):
    folder = tmp_path / "templates"
    write(folder / "report.html.j2", template)
    target = tmp_path / "report.html"
    result = cli("report", article, "-o", target, "--template", folder)
    return result, folder / "report.html.j2", target


def test_a_plain_user_template_renders_its_data(cli, tmp_path, article):
    result, _, target = _report(
        cli, tmp_path, article, "{{ tool.name }}: {{ articles | length }} {{ articles[0].id }}\n"
    )
    assert result.code == 0, result.err
    assert target.read_text(encoding="utf-8") == f"qualitycheck: 1 {article}\n"


@pytest.mark.parametrize(
    ("name", "problem"), [("missing", "no such folder"), ("file.j2", "not a folder")]
)
def test_a_template_folder_that_is_not_there_is_refused_before_any_check(
    cli, tmp_path, name, problem
):
    write(tmp_path / "file.j2", "{{ articles | length }}\n")
    folder = tmp_path / name
    target = tmp_path / "report.html"
    # The input is missing too: an error about it would mean checking had begun.
    for extra in ([tmp_path / "absent.txt"], ["--from-results", tmp_path]):
        result = cli("report", *extra, "-o", target, "--template", folder)
        assert result.code == 2
        assert result.err.splitlines() == [
            f"qualitycheck: error: --template {folder}: {problem}"
        ], result.err
        assert not target.exists()


@pytest.mark.parametrize(
    ("name", "text", "where", "message"),
    [
        ("report.html.j2", "<p>\n{% for x in %}\n", "report.html.j2:2", "Expected an expression"),
        (
            "report.css",
            "p { color: red }\n{% endif %}\n",
            "report.css:2",
            "Encountered unknown tag",
        ),
        ("report.html.j2", '{% include "part.j2" %}\n', "part.j2:2", "No filter named 'nosuch'"),
    ],
)
def test_a_template_that_does_not_compile_is_refused_before_any_check(
    cli, tmp_path, name, text, where, message
):
    # The page is rendered at the end: a syntax error in a template the user
    # wrote (or in a file it includes) stopped the run after the whole corpus.
    folder = tmp_path / "templates"
    write(folder / name, text)
    write(folder / "part.j2", "\n{{ tool.name | nosuch }}\n")
    target = tmp_path / "report.html"
    # The input is missing: an error about it would mean checking had begun.
    result = cli("report", tmp_path / "absent.txt", "-o", target, "--template", folder)
    assert result.code == 2
    assert len(result.err.splitlines()) == 1, result.err
    assert result.err.startswith(
        f"qualitycheck: error: {folder}/{where}: template error: {message}"
    )
    assert not target.exists()


def test_the_html_renderer_refuses_a_missing_template_folder_itself(tmp_path):
    # For callers other than the command line (check's own outputs, the API).
    import io

    from qualitycheck.errors import QualitycheckError
    from qualitycheck.renderers.html import HtmlRenderer

    renderer = HtmlRenderer(io.StringIO())
    renderer.template_dir = tmp_path / "missing"
    with pytest.raises(QualitycheckError, match="missing: no such folder"):
        renderer.begin()


@pytest.mark.parametrize(
    ("template", "line", "message"),
    [
        (
            "ok\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
            2,
            "SecurityError: access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{{ articles[0].findings.clear() }}\n",
            1,
            "SecurityError: access to attribute 'clear' of 'list' object is unsafe.",
        ),
        ("\n\n{{ 'x' * 10 ** 9 }}\n", 3, "SecurityError: repeating a value 1,000,000,000 times"),
        ("{{ 'x' | center(10 ** 9) }}\n", 1, "SecurityError: a value of 1,000,000,000 items"),
        ("{{ 7 ** 100000 }}\n", 1, "SecurityError: an exponent above 1000 is refused"),
        (
            "{% set b = (10 ** 1000) ** 1000 %}{{ b }}\n",
            1,
            "SecurityError: a power of more than 1,000,000 bits is refused",
        ),
        ("{{ 'x'.ljust(200000000) | length }}\n", 1, "SecurityError: a value of 200,000,000"),
        (
            "{{ ('\u202e' * 9000000) | visible | length }}\n",
            1,
            "SecurityError: a value of 72,000,000 items",
        ),
        ("{% set a = 'x' * 60000000 %}{{ (a + a) | length }}\n", 1, "SecurityError: a value of"),
        # Printed into one string, counted in characters before it is made:
        # ~ and % in a loop, and a list of a million references to one string.
        (
            '{% set ns = namespace(s="x") %}{% for i in range(28) %}'
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}\n",
            1,
            "SecurityError: '~' would make more than ",
        ),
        (
            '{% set ns = namespace(s="ab") %}{% for i in range(26) %}'
            '{% set ns.s = "%s%s" % (ns.s, ns.s) %}{% endfor %}{{ ns.s | length }}\n',
            1,
            "SecurityError: '%' would make more than ",
        ),
        ('{{ (["x" * 1000] * 3000000) | join | length }}\n', 1, "SecurityError: join would"),
        ('{{ "".join(["x" * 1000] * 3000000) | length }}\n', 1, "SecurityError: str.join"),
        ('{{ "%s" | format(["x" * 1000] * 3000000) }}\n', 1, "SecurityError: '%' would"),
        ('{{ "%*s" % (10 ** 9, "x") }}\n', 1, "SecurityError: '%' would make more than "),
        ('{{ ["x" * 1000] * 3000000 }}\n', 1, "SecurityError: '{{ }}' would make more than"),
        ('{{ (["x" * 1000] * 3000000) | string }}\n', 1, "SecurityError: 'string' would"),
        ("{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}\n", 1, "calls nested too deeply"),
        ("x\n{{ 1 / 0 }}\n", 2, "ZeroDivisionError: division by zero"),
        ("{% for x in %}\n", 1, "Expected an expression, got 'end of statement block'"),
    ],
)
def test_a_hostile_or_broken_template_is_one_line_naming_the_file(
    cli, tmp_path, article, template, line, message
):
    with deadline(120), CpuClock() as cpu:
        result, path, target = _report(cli, tmp_path, article, template)
    assert result.code == 2
    assert result.err.splitlines()[-1].startswith(
        f"qualitycheck: error: {path}:{line}: template error: {message}"
    ), result.err
    assert "Traceback" not in result.err
    assert not target.exists()
    assert cpu.seconds < 60  # refused before the work, not after it


@pytest.mark.parametrize(
    ("budget", "value", "body", "message"),
    [
        ("BASE_CHARACTERS", 100_000, "xx", "SecurityError: the page passes the limit"),
        # Empty nested loops call nothing Jinja could watch: only the timer stops them.
        ("BASE_SECONDS", 1.0, "", "still rendering after 1 s; stopped"),
    ],
)
def test_a_render_past_its_budget_is_stopped(
    cli, tmp_path, article, monkeypatch, budget, value, body, message
):
    monkeypatch.setattr(template_limits, budget, value)
    template = f"{{% for i in range(99999) %}}{{% for j in range(99999) %}}{body}"
    template += "{% endfor %}{% endfor %}"
    with deadline(120):
        result, path, target = _report(cli, tmp_path, article, template)
    assert result.code == 2
    assert result.err.splitlines()[-1].startswith(
        f"qualitycheck: error: {path}: template error: {message}"
    )
    assert not target.exists()


def test_the_deadline_never_fires_after_the_work_returns():
    # A timer that expires while the work is finishing must not raise later.
    finished = timed_out = 0
    for _ in range(200):
        try:
            assert template_limits.within_deadline(0.0005, lambda: "done") == "done"
        except template_limits.RenderTimeout:
            # The 0.5 ms passed inside the call (a loaded machine): raised by the
            # call itself, as it must be; what may never happen is a raise below.
            timed_out += 1
        time.sleep(0.001)  # a pending exception would be raised around here
        finished += sum(range(1000)) > 0
    assert finished == 200 and timed_out < 200


def test_the_deadline_stops_a_loop_in_another_thread():
    outcome: list[str] = []

    def spin() -> str:
        while True:
            pass

    def run() -> None:
        try:
            template_limits.within_deadline(0.2, spin)
        except template_limits.RenderTimeout:
            outcome.append("stopped")

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    assert outcome == ["stopped"]


#: Hypothesis without its explain phase: after the deadline tests above (an
#: exception raised in a thread by the watchdog) its tracing of a failing
#: example ran for many minutes instead of reporting it.
NO_EXPLAIN = (Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink)

BYPASSES = {
    "~": '{% set ns = namespace(s="x") %}{% for i in range(24) %}'
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
    "%": '{% set ns = namespace(s="ab") %}{% for i in range(23) %}'
    '{% set ns.s = "%s%s" % (ns.s, ns.s) %}{% endfor %}{{ ns.s | length }}',
    "join": '{{ (["x" * 1000] * 20000) | join | length }}',
    "map-join": '{{ (["x" * 1000] * 20000) | map("upper") | join | length }}',
    "str.join": '{{ "".join(["x" * 1000] * 20000) | length }}',
    "markup ~": '{{ ("<" * 300000) ~ ("x" | safe) }}',
}


@pytest.mark.parametrize("name", BYPASSES)
def test_a_value_printed_past_the_limit_is_refused_before_it_is_made(tmp_path, monkeypatch, name):
    """What ``~``, ``%`` and ``join`` would write is counted first: a loop of
    doublings stops at the limit, and a list holding one string many times
    is refused by its characters, not its items, with memory to spare."""
    import io
    import tracemalloc

    from qualitycheck.errors import QualitycheckError
    from qualitycheck.renderers.contract import Summary
    from qualitycheck.renderers.html import HtmlRenderer

    monkeypatch.setattr(template_limits, "BASE_CHARACTERS", 1024 * 1024)
    write(tmp_path / "templates" / "report.html.j2", BYPASSES[name] + "\n")
    renderer = HtmlRenderer(io.StringIO())
    renderer.template_dir = tmp_path / "templates"
    renderer.begin()
    limit = template_limits.size_limit(100)  # about the limit: the data is nearly empty
    tracemalloc.start()
    try:
        with pytest.raises(QualitycheckError, match="would make more than") as refused:
            renderer.end(Summary())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "template error: SecurityError:" in str(refused.value)
    # Each value stays within the limit (a character is a byte or two here).
    assert peak < 8 * limit, f"{peak:,} bytes at the peak"


@settings(max_examples=300, derandomize=True, deadline=None, phases=NO_EXPLAIN)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.tuples(inner, inner)
            | st.dictionaries(st.text(max_size=5), inner, max_size=3)
            | st.frozensets(st.integers(), max_size=3)
        ),
        max_leaves=12,
    )
)
def test_printed_length_is_never_less_than_the_printed_text(value):
    from markupsafe import escape

    printed_length = template_limits.printed_length
    assert printed_length(value, 10**9) >= len(str(value))
    assert printed_length(value, 10**9, escaped=True) >= len(escape(value))
    assert printed_length([value], 10**9) >= len(str([value]))


@settings(max_examples=300, derandomize=True, deadline=None, phases=NO_EXPLAIN)
@given(
    st.lists(
        st.sampled_from(
            ["%s", "%r", "%5s", "%.2s", "%-8.3f", "%d", "%05x", "%c", "%%", "%a", "ab"]
        ),
        max_size=6,
    ),
    st.lists(
        st.integers(0, 200)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=8),
        max_size=6,
    ),
)
def test_formatted_length_is_never_less_than_the_formatted_text(parts, numbers):
    from markupsafe import Markup

    formatted_length = template_limits.formatted_length
    template = "".join(parts)
    arguments = tuple(numbers)
    for escaped, kind in ((False, str), (True, Markup)):
        try:
            text = kind(template) % arguments
        except (TypeError, ValueError, OverflowError):
            continue  # % refuses it itself
        assert formatted_length(template, arguments, 10**9, escaped=escaped) >= len(text)
