"""``report --template DIR``: a user's template runs in Jinja's immutable
sandbox within a size and time budget, and every way it can fail is one line
naming the template file (and line, where Jinja knows it); no report file is
left behind."""

from __future__ import annotations

import threading
import time

import pytest
from conftest import BOILERPLATE_ARTICLE, CpuClock, deadline, write

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
