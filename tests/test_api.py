"""The public Python API (docs/api.md) is a contract: these tests hold it to
the command line's results and to the documented behaviour."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, EXAMPLES, record, write

import qualitycheck
from qualitycheck import Checker, ConfigError, InputError, Result


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


def test_results_equal_the_json_output_article_for_article(cli, checker):
    """``Result.to_dict()`` is one entry of ``check --format json``'s articles."""
    from_cli = cli("check", str(EXAMPLES), "--format", "json").json()["articles"]
    from_api = [r.to_dict() for r in checker.check_paths([EXAMPLES])]
    assert len(from_api) == len(from_cli) > 3
    assert json.dumps(from_api, sort_keys=True) == json.dumps(from_cli, sort_keys=True)


def test_check_text_reports_the_words_and_the_verdict(checker):
    result = checker.check_text(BOILERPLATE_ARTICLE)
    assert isinstance(result, Result)
    assert result.title == "Museum reopens after renovation"
    share = [f for f in result.findings if f.rule == "boilerplate-share"]
    assert [(f.line, f.text) for f in share] == [(2, "Share This Article")]
    assert result.text[share[0].start : share[0].end] == "Share This Article"
    assert result.verdict == "fail" and result.failed
    assert checker.check_text(CLEAN_ARTICLE).verdict == "pass"


def test_a_given_title_keeps_the_first_line_as_body(checker):
    body = "Share This Article\nThe harbour reopened on Monday, the port authority said.\n"
    result = checker.check_text(body, title="Harbour reopens")
    assert result.title == "Harbour reopens"
    assert [f.line for f in result.findings if f.rule == "boilerplate-share"] == [1]


def test_markdown_and_html_are_read_as_their_format(checker):
    md = (
        "---\ntitle: Harbour reopens\n---\n\n"
        "The harbour reopened on Monday.\n\nShare This Article\n"
    )
    result = checker.check_text(md, format="md", id="story.md")
    assert (result.id, result.title) == ("story.md", "Harbour reopens")
    assert "boilerplate-share" in {f.rule for f in result.findings}
    html = "<html><body><h1>Harbour</h1><p>The harbour reopened.</p><p>Share This Article</p>"
    assert "boilerplate-share" in {f.rule for f in checker.check_text(html, format="html").findings}


def test_jsonl_text_is_refused_with_the_way_out(checker):
    with pytest.raises(ValueError, match="use check_paths"):
        checker.check_text('{"id": 1, "text": "x"}', format="jsonl")


def test_config_as_a_mapping_is_validated_like_a_file():
    with pytest.raises(ConfigError, match="did you mean 'fail_on'"):
        Checker({"fail_onn": "warning"})
    strict = Checker({"fail_on": "warning"}, models=False)
    text = "Museum reopens\nThe museum reopened on Sunday, its director said.\nLeave a Reply\n"
    assert strict.check_text(text).verdict == "fail"  # the reply prompt is a warning
    assert Checker(models=False).check_text(text).verdict == "warn"


def test_config_from_a_file(tmp_path):
    config = write(tmp_path / "qualitycheck.yaml", "disable: [boilerplate]\n")
    result = qualitycheck.check_text(BOILERPLATE_ARTICLE, config=config)
    assert not [f for f in result.findings if f.category == "boilerplate"]


def test_unreadable_inputs_arrive_in_place_or_raise(tmp_path, checker):
    write(tmp_path / "a.txt", CLEAN_ARTICLE)
    write(tmp_path / "b.jsonl", '{"id": "r1", "text": "Harbour\\nShare This Article"}\nnot json\n')
    outcomes = list(checker.check_paths([tmp_path / "a.txt", tmp_path / "b.jsonl"]))
    assert [type(o).__name__ for o in outcomes] == ["Result", "Result", "InputError"]
    error = outcomes[2]
    assert isinstance(error, InputError) and error.line == 2 and error.path.endswith("b.jsonl")
    with pytest.raises(InputError):
        list(checker.check_paths([tmp_path / "b.jsonl"], raise_errors=True))


def test_one_path_is_one_input_not_the_characters_of_its_name(tmp_path, checker, monkeypatch):
    write(tmp_path / "a.txt", CLEAN_ARTICLE)
    monkeypatch.chdir(tmp_path)  # "a.txt" as characters would read "a", "." and "t"
    for given in ("a.txt", tmp_path / "a.txt"):
        [result] = list(checker.check_paths(given))
        assert isinstance(result, Result) and result.path == str(given)
    [again] = list(qualitycheck.check_paths("a.txt"))
    assert again.to_dict() == next(checker.check_paths(["a.txt"])).to_dict()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.check_text(b"Harbour"), "text must be str, not bytes (decode it first)"),
        (lambda c: c.check_text("Harbour", id=5), "id must be str, not int"),
        (lambda c: c.check_text("Harbour", title=["x"]), "title must be str, not list"),
        (
            lambda c: list(c.check_paths([b"a.txt"])),
            "a path must be str, not bytes (decode it first)",
        ),
        (lambda c: c.check_paths(None), "paths must be a path or paths, not NoneType"),
        (lambda c: qualitycheck.check_paths(7), "paths must be a path or paths, not int"),
        (lambda c: Checker(models="false"), "models must be True or False, not 'false'"),
        (lambda c: Checker(models=None), "models must be True or False, not None"),
    ],
)
def test_wrong_types_are_a_clear_type_error(checker, call, message):
    with pytest.raises(TypeError) as raised:
        call(checker)
    assert str(raised.value) == message


def test_jobs_give_the_same_results(checker):
    one = [r.to_dict() for r in checker.check_paths([EXAMPLES])]
    two = [r.to_dict() for r in checker.check_paths([EXAMPLES], jobs=2)]
    assert one == two


def test_the_shortcuts_share_one_default_checker():
    first = qualitycheck.check_text(CLEAN_ARTICLE)
    from qualitycheck.api import checking

    assert checking._default_checker.cache_info().currsize == 1
    again = qualitycheck.check_text(CLEAN_ARTICLE)
    assert checking._default_checker.cache_info().hits >= 1
    assert first.to_dict() == again.to_dict()
    paths = list(qualitycheck.check_paths([EXAMPLES / "clean-harbour-report.txt"]))
    assert [r.verdict for r in paths if isinstance(r, Result)] == ["pass"]


def test_threads_making_their_first_calls_at_once_share_one_default_checker():
    """Each of 8 threads making its first ``qualitycheck.check_text`` at once
    (a web service's first requests) built a default checker of its own:
    8 loads of the rules and models, 7 of them thrown away."""
    import threading

    from qualitycheck.api import checking

    checking._default_checker.cache_clear()
    start = threading.Barrier(8)

    def first_call() -> None:
        start.wait()
        qualitycheck.check_text(CLEAN_ARTICLE)

    with ThreadPoolExecutor(8) as pool:
        for done in [pool.submit(first_call) for _ in range(8)]:
            done.result()
    assert checking._default_checker.cache_info().misses == 1


def test_importing_the_package_does_not_load_the_checker():
    code = (
        "import sys, qualitycheck; print('qualitycheck.api' in sys.modules, qualitycheck.__all__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, names = out.stdout.split(" ", 1)
    assert loaded == "False"
    assert "check_text" in names and "Checker" in names
    with pytest.raises(AttributeError):
        qualitycheck.no_such_thing  # noqa: B018


def _repeating_feed(folder: Path) -> Path:
    """Six records sharing furniture lines: the run's line memory counts them."""
    rows = [
        record(
            id=f"t{n}",
            text=f"Harbour story {n}\n"
            "Sign up for the Coastline Daily newsletter\n"
            f"The harbour authority said on day {n} that the new pier would open in the spring "
            "after years of delay.\n"
            "Fishermen have asked for a larger mooring area for several years, officials said.\n"
            # A label no rule names: the model judges it by the run's memory.
            "Coastline Picks\n"
            "Coastline Media Group, all rights reserved\n",
        )
        for n in range(6)
    ]
    return write(folder / "feed.jsonl", "\n".join(rows) + "\n")


def test_each_call_and_iterator_is_a_run_of_its_own_however_they_interleave(tmp_path):
    feed = _repeating_feed(tmp_path)
    checker = qualitycheck.Checker()
    reference = [r.to_dict() for r in checker.check_paths(feed)]
    # The run's memory matters here: a record checked alone gets other findings.
    one_record = write(tmp_path / "one.jsonl", feed.read_text().splitlines()[3] + "\n")
    [alone] = checker.check_paths(one_record)
    assert alone.to_dict()["findings"] != reference[3]["findings"]

    mixed = []
    for result in checker.check_paths(feed):
        mixed.append(result.to_dict())
        checker.check_text("Note\nAnything at all, checked between two records.")
    assert mixed == reference
    one, two = checker.check_paths(feed), checker.check_paths(feed)
    pairs = [(a.to_dict(), b.to_dict()) for a, b in zip(one, two, strict=True)]
    assert [a for a, _ in pairs] == reference and [b for _, b in pairs] == reference

    # Threads sharing the checker take turns; each gets a one-process run's results.
    with ThreadPoolExecutor(max_workers=3) as pool:
        runs = list(pool.map(lambda _: [r.to_dict() for r in checker.check_paths(feed)], range(3)))
    assert runs == [reference] * 3


def test_check_text_with_a_title_gets_every_check_a_file_gets():
    small = Checker({"max_article_bytes": 1000}, models=False)
    body = "The harbour reopened after a long winter of repairs.\n" * 40
    for title in (None, "Harbour"):
        with pytest.raises(InputError, match="too large to check"):
            small.check_text(body, title=title)
    mac = "Harbour\rThe port reopened on Monday.\rShare This Article"
    plain = Checker(models=False)
    for title in (None, "Harbour"):
        result = plain.check_text(mac, title=title)
        assert [f.rule for f in result.findings] == ["boilerplate-share"], title
        assert any("carriage returns" in w for w in result.warnings)
    odd = plain.check_text("Harbour\nThe port \ud800 reopened on Monday.\nShare This Article")
    assert [f.rule for f in odd.findings] == ["boilerplate-share"]
    assert any("unpaired surrogates); replaced with U+FFFD" in w for w in odd.warnings)


@pytest.mark.parametrize("jobs", [0, -5, "2", None, 2.0, True])
def test_check_paths_refuses_a_job_count_that_is_not_a_whole_positive_number(checker, jobs):
    with pytest.raises(ValueError, match="jobs must be a whole number of processes"):
        checker.check_paths(EXAMPLES, jobs=jobs)  # when called, before any iteration


def test_a_checker_pickles_as_its_config_and_checks_the_same_where_it_lands():
    """Dask and multiprocessing send a checker to workers by pickling it."""
    import pickle

    checker = Checker({"disable": ["readability"], "fail_on": "warning"}, models=False)
    text = "Harbour reopens\nThe harbour reopened on Monday.\nShare This Article\n"
    landed = pickle.loads(pickle.dumps(checker))
    assert landed is not checker
    assert landed.check_text(text).to_dict() == checker.check_text(text).to_dict()
    assert landed.check_text(text).verdict == "fail"
    assert [f.rule for f in landed.check_text(text).findings] == ["boilerplate-share"]


HOUSE_PACK = """\
description: House style for the tests.
defaults: {category: unsupported_claim, severity: warning, scope: body}
rules:
  - id: house-cliche
    kind: phrase
    message: 'Cliche: "{match}"'
    description: Say what changed instead.
    phrases: [PHRASE]
"""


def test_a_checker_unpickled_again_in_a_thread_loads_once_until_its_pack_changes(tmp_path):
    """Dask sends ``bag.map(checker.check_text)``'s checker with every
    partition, and each unpickled copy loaded the rules and models again:
    20 partitions, 20 loads on one worker."""
    import pickle

    pack = write(tmp_path / "house.yaml", HOUSE_PACK.replace("PHRASE", "game changer"))
    checker = Checker({"rules": [str(pack)]}, models=False)
    sent = pickle.dumps(checker)
    first, again = pickle.loads(sent), pickle.loads(sent)
    assert first is again and first is not checker
    with ThreadPoolExecutor(1) as pool:  # a worker's other thread gets its own
        assert pool.submit(pickle.loads, sent).result() is not first
    text = "Harbour\nThe ferry is a game changer, a sea change for the island.\n"

    def house(found: Checker) -> list[str]:
        return [f.text for f in found.check_text(text).findings if f.rule == "house-cliche"]

    assert house(first) == ["game changer"]
    write(pack, HOUSE_PACK.replace("PHRASE", "sea change"))  # a pack edited since
    edited = pickle.loads(sent)
    assert edited is not first
    assert house(edited) == ["sea change"]


def test_check_paths_leaves_the_collector_settings_a_program_chose(tmp_path):
    """The iteration set the youngest threshold to 20,000 while it lasted and
    put back the one of its start: automatic collection a program had switched
    off (threshold 0) came back on during the run, and thresholds the program
    set inside its loop were overwritten at the end."""
    import gc

    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(
            f"Headline {name}\nThe council said the bridge would reopen.\n", encoding="utf-8"
        )
    checker = qualitycheck.Checker(models=False)
    before = gc.get_threshold()
    try:
        gc.set_threshold(0)
        during = [gc.get_threshold()[0] for _ in checker.check_paths(tmp_path)]
        assert during == [0, 0] and gc.get_threshold()[0] == 0
        gc.set_threshold(*before)
        for number, _ in enumerate(checker.check_paths(tmp_path)):
            if number == 0:
                gc.set_threshold(5000, 20, 20)
        assert gc.get_threshold() == (5000, 20, 20)
        gc.set_threshold(*before)
        ran = [gc.get_threshold()[0] for _ in checker.check_paths(tmp_path)]
        assert ran == [max(before[0], 20_000)] * 2 and gc.get_threshold() == before
    finally:
        gc.set_threshold(*before)


def test_check_text_reads_a_blank_title_as_none_and_scrubs_id_and_title():
    """``title=""`` gave ``"title": ""`` (JSONL gives null for a blank title)
    and, for Markdown, erased the document's own heading; an unpaired
    surrogate in ``title`` or ``id`` reached the result, and writing its JSON
    as UTF-8 failed (the text's were replaced, with a warning)."""
    checker = qualitycheck.Checker(models=False)
    text = "Harbour reopens\nThe harbour reopened on Monday.\nShare This Article\n"
    blank = checker.check_text(text, title="")
    assert blank.title is None and blank.to_dict()["title"] is None
    assert [f.line for f in blank.findings if f.rule == "boilerplate-share"] == [3]
    assert checker.check_text("# Harbour reopens\n\nBody.\n", format="md", title=" ").title == (
        "Harbour reopens"
    )
    odd = checker.check_text(text, title="Harbour \udc80", id="doc-\ud800")
    document = odd.to_dict()
    json.dumps(document, ensure_ascii=False).encode("utf-8")  # (raised UnicodeEncodeError)
    assert (document["id"], document["path"], document["title"]) == (
        "doc-\ufffd",
        "doc-\ufffd",
        "Harbour \ufffd",
    )
    assert [w.split(" has ")[0] for w in odd.warnings] == ["the id", "the title"]


def test_changing_what_to_dict_returned_changes_neither_the_result_nor_the_next_dict(checker):
    """``to_dict()`` handed out the result's own ``scores``, ``metrics`` and
    ``warnings``: rounding a score or appending a note in the returned dict
    changed every later ``to_dict()`` of that result."""
    result = checker.check_text("Harbour\nThe harbour reopened on Monday.\nShare This Article\n")
    before = json.dumps(result.to_dict(), sort_keys=True)
    entry = result.to_dict()
    entry["scores"]["overall"] = -1.0
    entry["metrics"]["words"] = -1
    entry["warnings"].append("a note of the caller's")
    entry["findings"][0]["rule"] = "changed"
    assert json.dumps(result.to_dict(), sort_keys=True) == before
    assert result.scores["overall"] != -1.0


def test_a_text_with_its_title_gets_the_result_of_the_jsonl_record_holding_both(tmp_path, checker):
    """A first line repeating ``title`` is the headline in a JSONL record; in
    ``check_text(text, title=...)`` it was body: its words counted in the
    metrics, article findings sat on it, so a table of titles and texts
    checked row by row gave other results than the same rows as JSONL."""
    title = "Harbour reopens after a winter of repairs"
    text = (
        f"{title}\n"
        "The harbour reopened on Monday after four months of repairs, the port authority said.\n"
        "Fishing boats returned to the inner basin by the afternoon.\n"
        "Share This Article\n"
    )
    feed = write(tmp_path / "feed.jsonl", record(id="h-1", title=title, text=text) + "\n")
    [from_file] = [r.to_dict() for r in checker.check_paths(feed)]
    from_text = checker.check_text(text, title=title, id="h-1").to_dict()
    for entry in (from_file, from_text):
        del entry["path"], entry["record_line"]
    assert from_text == from_file
    assert from_text["metrics"]["sentences"] == 3
    other = checker.check_text(text, title="Port news", id="h-1")  # not repeated: body
    assert other.to_dict()["metrics"]["sentences"] == 4


def test_dir_of_the_package_names_the_api_for_tab_completion():
    """The API is loaded on first use (``__getattr__``), and ``dir()``, which
    a notebook's tab completion reads, did not name it: ``qualitycheck.che``
    then TAB offered nothing."""
    code = "import qualitycheck, sys; print(sorted(dir(qualitycheck)))"
    names = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    for name in qualitycheck.__all__:
        assert repr(name) in names
    assert set(qualitycheck.__all__) <= set(dir(qualitycheck))


def _child_checks_while_held(lock, child_check, seconds: int) -> int:
    """Fork while another thread holds ``lock`` (as a call holds it while it
    checks), run ``child_check()`` in the child, and give the child's exit
    code: 0 when it was true, 3 when false; a hang ends at the alarm (a
    guard, not a measurement)."""
    import signal
    import threading
    import warnings

    holding, done = threading.Event(), threading.Event()

    def inside() -> None:
        with lock:
            holding.set()
            done.wait()

    thread = threading.Thread(target=inside)
    thread.start()
    holding.wait()
    try:
        with warnings.catch_warnings():  # (3.12+ warns of fork with threads)
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:
            code = 1
            try:
                signal.alarm(seconds)
                code = 0 if child_check() else 3
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
    finally:
        done.set()
        thread.join()
    return os.waitstatus_to_exitcode(status)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")
def test_a_process_forked_while_another_thread_checks_can_check():
    """A web service checks a request on one thread while another forks a
    ``multiprocessing`` pool: the checker's turn, held by the checking thread
    at the fork, stayed held in the child, where no thread would release it,
    and the child's first ``check_text`` waited forever."""
    checker = Checker(models=False)
    code = _child_checks_while_held(
        checker._turn, lambda: checker.check_text(BOILERPLATE_ARTICLE).failed, 60
    )
    assert code == 0


#: Sentences the child of a fork checks: words the parent's checks never met.
FORKED_NEWS = (
    "Glassblowers in the harbour district reopened their workshops on Thursday.\n"
    "The apprentices demonstrated lampworking and enamelling to schoolchildren.\n"
)


def _kernel_lock(checker: Checker, part: str):
    """The lock a call holds while it runs one of the models' compiled
    kernels, or None where that kernel is not built (the pure path)."""
    from qualitycheck.detect.signals import cmu

    models = checker._pipeline.models
    holder = {
        "mt kernel": lambda: models.mt._compiled(),
        "mt text reader": lambda: models.mt._reader(),
        "boilerplate kernel": lambda: models.boilerplate._compiled(),
    }.get(part)
    if holder is None:
        return cmu._lock
    found = holder()
    return None if found is None else getattr(found, "_lock", None)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")
@pytest.mark.parametrize(
    "part", ["mt kernel", "mt text reader", "boilerplate kernel", "CMUdict loading"]
)
def test_a_process_forked_while_another_thread_is_in_a_kernel_can_check(part, monkeypatch):
    """The mt kernel calls back into Python (token shapes) while it holds its
    lock, and CMUdict's table is built under one while its cache file is
    read: the interpreter passes to other threads there. A thread that forked
    right then (a ``multiprocessing`` pool started beside a web service's
    checking thread) left the child a held lock, and the child's first check
    of an English article waited forever (3 forks in 300 in a loop)."""
    from qualitycheck.detect.signals import cmu

    checker = Checker()
    checker.check_text(CLEAN_ARTICLE * 3)  # (the kernels are made at the first article)
    lock = _kernel_lock(checker, part)
    if lock is None:
        pytest.skip(f"the {part} is not built here")
    if part == "CMUdict loading":
        monkeypatch.setattr(cmu, "_table", None)  # (its first load is under way)
    # (long enough for the mt model, with words not seen before)
    article = CLEAN_ARTICLE * 2 + FORKED_NEWS
    code = _child_checks_while_held(lock, lambda: checker.check_text(article).language == "en", 30)
    assert code == 0


def test_with_raise_errors_both_check_paths_are_typed_to_give_results_only():
    """``Checker.check_paths(..., raise_errors=True)`` is typed
    ``Iterator[Result]``; the shortcut ``qualitycheck.check_paths`` had no such
    overload, so a type checker made its callers handle an ``InputError``
    that cannot come."""
    from collections.abc import Iterator
    from typing import Literal, get_overloads, get_type_hints

    from qualitycheck.api import checking

    for function in (checking.check_paths, checking.Checker.check_paths):
        returns = {
            hints["raise_errors"]: hints["return"]
            for hints in (get_type_hints(o, vars(checking)) for o in get_overloads(function))
        }
        assert returns[Literal[True]] == Iterator[Result], function


def _check_in_a_pool_worker(jobs: int) -> tuple[list[dict], list[str]]:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        checker = Checker(models=False)
        results = [r.to_dict() for r in checker.check_paths(EXAMPLES, jobs=jobs)]
    return results, [str(w.message) for w in caught if w.category is RuntimeWarning]


def test_jobs_in_a_pool_worker_check_in_that_process_with_a_warning():
    """A ``multiprocessing`` pool's (or Dask's) worker is daemonic and may
    not start processes: ``check_paths(..., jobs=2)`` there failed at its
    first result with "AssertionError: daemonic processes are not allowed
    to have children"."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        [(two, warned)] = pool.map(_check_in_a_pool_worker, [2])
        [(one, none)] = pool.map(_check_in_a_pool_worker, [1])
    assert two == one and len(one) > 3
    assert none == [] and len(warned) == 1
    assert "jobs=2: this process is a daemonic worker" in warned[0]


def test_the_docstring_example_of_the_api_gives_what_it_shows():
    """The package's one ``>>>`` example showed no output, so a doctest run
    of it (``python -m doctest``, ``pytest --doctest-modules``) failed."""
    import doctest

    import qualitycheck.api

    outcome = doctest.testmod(qualitycheck.api)
    assert outcome.attempted == 3 and outcome.failed == 0


def test_a_text_starting_with_a_byte_order_mark_says_its_offsets_are_one_shorter(checker):
    """A string read with ``encoding="utf-8"`` from a file saved with a BOM
    starts with U+FEFF, which ``check_text`` leaves out as a file's (Markdown
    front matter could not start otherwise): every offset was one short of
    the caller's string, without a word."""
    text = "\ufeffHarbour\nThe harbour reopened on Monday.\nShare This Article\n"
    result = checker.check_text(text)
    [share] = [f for f in result.findings if f.rule == "boilerplate-share"]
    assert result.text == text[1:] and result.text[share.start : share.end] == share.text
    assert any("byte-order mark (U+FEFF)" in w for w in result.warnings)
    assert result.to_dict()["warnings"] == list(result.warnings)
    assert not any("byte-order" in w for w in checker.check_text(text[1:]).warnings)


def test_a_blank_id_names_the_text_as_no_id_does(checker):
    """``id=""`` (an empty cell of a table) named the article ``""``: its
    result had no id or path, and an error named nothing (": binary file")."""
    result = checker.check_text("Harbour\nShare This Article\n", id="")
    assert (result.id, result.path) == ("<text>", "<text>")
    assert "the id is blank; using <text>" in result.warnings
    with pytest.raises(InputError) as raised:
        checker.check_text("Harbour\x00", id=" ")
    assert str(raised.value).startswith("<text>: ")


def test_a_kept_result_holds_little_more_than_its_dict(checker):
    """A ``Result`` kept the checked article whole, its blocks and every view
    the checking computed from them: 33 KB for a 1.7 KB article, 7 times its
    dict, so a list of a million results outgrew the machine (it keeps its
    text, which the dict has not)."""
    import gc
    import tracemalloc

    sentences = [
        f"The council of town {n} said on Monday that bridge {n} would reopen in spring. "
        f"Engineers replaced {n} beams and repainted the railings, the mayor told reporters."
        for n in range(12)
    ]
    texts = [f"Bridge {n} reopens\n" + "\n".join(sentences[n:] + sentences[:n]) for n in range(12)]
    for text in texts:  # the caches of words and lines are filled once
        checker.check_text(text)

    def held(make) -> int:
        gc.collect()
        tracemalloc.start()
        try:
            kept = [make(text) for text in texts]
            gc.collect()
            size = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        assert len(kept) == len(texts)
        return size

    results = held(checker.check_text)
    dicts = held(lambda text: checker.check_text(text).to_dict())
    assert results < 3 * dicts, (results, dicts)  # (with its text, about twice)


@pytest.mark.parametrize(
    "name",
    [
        "scraped-bridge-story.txt",
        "clean-harbour-report.txt",
        "opinionated-energy-column.html",
        "translated-trade-fair.md",
    ],
)
def test_clean_text_gives_what_clean_writes_for_the_file(cli, checker, tmp_path, name):
    """``clean_text`` is ``qualitycheck clean`` for one text: the same
    characters as the copy the command writes of a file of that format."""
    source = EXAMPLES / name
    result = cli("clean", source, "-o", tmp_path / "out")
    assert result.code == 0, result.err
    written = (tmp_path / "out" / name).read_text(encoding="utf-8")
    text = source.read_text(encoding="utf-8")
    cleaned = checker.clean_text(text, format=source.suffix[1:], id=str(source))
    assert cleaned == written
    if name.startswith("scraped"):
        assert "Share This Article" in text and "Share This Article" not in cleaned
        assert qualitycheck.clean_text(text) == cleaned


def test_clean_text_keeps_hints_from_warning_up():
    """``min_severity="warning"`` keeps the lines only an info finding marks
    (a reading-time label), as ``clean --min-severity warning`` does; an
    unknown level is refused."""
    rules_only = Checker(models=False)
    text = (
        "Harbour reopens\n"
        "3 Min Read\n"
        "The harbour reopened on Monday, the port authority said.\n"
        "Share This Article\n"
    )
    levels = {f.text: f.severity for f in rules_only.check_text(text).findings}
    assert levels == {"3 Min Read": "info", "Share This Article": "error"}
    assert rules_only.clean_text(text) == (
        "Harbour reopens\nThe harbour reopened on Monday, the port authority said.\n"
    )
    kept = rules_only.clean_text(text, min_severity="warning")
    assert kept == text.replace("Share This Article\n", "")
    with pytest.raises(ValueError, match="min_severity must be one of error, warning, info"):
        rules_only.clean_text(text, min_severity="hint")


def test_check_text_takes_a_declared_language_as_a_jsonl_record_does(cli, tmp_path):
    """A table's language column reaches the checks as a JSONL record's
    ``language`` does (detection skipped); a name that is no code is detected
    instead, with the same warning."""
    text = "The harbour reopened on Monday after two years of repairs, the port said."
    feed = write(
        tmp_path / "feed.jsonl",
        record(id="a", text=text, title="Harbour", language="fr")
        + "\n"
        + record(id="b", text=text, title="Harbour", language="french")
        + "\n",
    )
    expected = cli("check", feed, "--format", "json").json()["articles"]
    got = [
        qualitycheck.check_text(text, title="Harbour", language=language).to_dict()
        for language in ("fr", "french")
    ]
    assert [a["language"] for a in got] == ["fr", "en"]
    for mine, theirs in zip(got, expected, strict=True):
        for key in ("language", "findings", "verdict"):
            assert mine[key] == theirs[key], key
    assert "language 'french' is not a language code" in got[1]["warnings"][0]
    with pytest.raises(TypeError, match="language must be str"):
        qualitycheck.check_text(text, language=7)  # type: ignore[arg-type]


def test_clean_text_keeps_a_leading_byte_order_mark_as_clean_keeps_a_files(cli, tmp_path):
    """check_text says it leaves a leading BOM out of its offsets; clean_text
    returned the text without it and without a word. The clean command keeps
    a file's mark: so does clean_text."""
    text = "\ufeffHarbour reopens\nThe harbour reopened on Monday.\nShare This Article\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    cli("clean", "a.txt", "-o", "out", "--no-models", cwd=tmp_path)
    written = (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")
    assert written.startswith("\ufeff")
    assert Checker(models=False).clean_text(text) == written


def test_the_verdict_is_typed_as_the_three_verdicts():
    """api.md documents ``"pass" | "warn" | "fail"``; the field was typed
    ``str``, so a type checker could not catch ``result.verdict == "failed"``."""
    from typing import Literal, get_type_hints

    assert get_type_hints(Result)["verdict"] == Literal["pass", "warn", "fail"]
    assert qualitycheck.check_text(BOILERPLATE_ARTICLE).verdict in ("pass", "warn", "fail")
