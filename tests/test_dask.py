"""Runs on a real local Dask cluster (two worker processes, one thread each):
a sharded corpus gives exactly the results of single-process runs, shard by
shard and in order; an input error names its shard and row; the checker is
built once per worker; a worker killed while writing a shard loses no article
and doubles none. Skipped when Dask is not installed (``qualitycheck[dask]``).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import BOILERPLATE_ARTICLE, CLEAN_ARTICLE, deadline, record, write

distributed = pytest.importorskip("distributed")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import cloudpickle  # noqa: E402  (a dependency of distributed)

from qualitycheck.config.loading import load_config  # noqa: E402
from qualitycheck.dask import check_corpus, finish, run_corpus  # noqa: E402
from qualitycheck.dask import shards as dask_shards  # noqa: E402
from qualitycheck.dask.run import SUMMARY_NAME, plan  # noqa: E402
from qualitycheck.errors import RuleError  # noqa: E402
from qualitycheck.readers.jsonl import read_record  # noqa: E402

pytestmark = pytest.mark.cluster

#: Generous guard against a hang; the tests never measure time.
HANG = 240

# The worker processes import this module's functions by value (they cannot
# import the test module by name).
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def _articles(shard: int, count: int) -> list[dict]:
    texts = (CLEAN_ARTICLE, BOILERPLATE_ARTICLE)
    return [
        {"id": f"s{shard}-{n}", "text": f"Story {shard}.{n}\n" + texts[(shard + n) % 2]}
        for n in range(count)
    ]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Three JSONL shards and a Parquet shard; one bad record in each format."""
    folder = tmp_path_factory.mktemp("corpus")
    for shard in range(3):
        lines = [record(**row) for row in _articles(shard, 4)]
        if shard == 1:
            lines.insert(2, '{"id": "broken", "text": null}')
        write(folder / f"part-{shard}.jsonl", "".join(line + "\n" for line in lines))
    rows = _articles(3, 3)
    rows.insert(1, {"id": "bad-row", "text": None})
    pq.write_table(pa.Table.from_pylist(rows), folder / "part-3.parquet")
    return folder


def _ids(folder: Path, suffix: str = ".jsonl") -> list[str]:
    ids = []
    for shard in sorted(folder.glob(f"*{suffix}")):
        if suffix == ".jsonl":
            ids += [json.loads(line)["id"] for line in shard.read_text().splitlines()]
        else:
            ids += pq.read_table(shard, columns=["id"]).column("id").to_pylist()
    return ids


def test_the_cluster_gives_the_results_of_one_process_on_the_whole_corpus(
    client, corpus, cli, tmp_path
):
    """By default the corpus is one run, as ``check CORPUS --jobs 1``: the
    client counts each article's lines seen before (the shards repeat lines),
    and the concatenated shards equal the one-process output byte for byte."""
    out = tmp_path / "whole"
    with deadline(HANG):
        run = run_corpus([str(corpus)], client, output_dir=out)
    concatenated = "".join(s.read_text() for s in sorted(out.glob("*.jsonl")))
    local = cli("check", corpus, "--jobs", "1", "--format", "jsonl")
    assert concatenated == local.out
    per_shard = "".join(
        cli("check", corpus / name, "--jobs", "1", "--format", "jsonl").out
        for name in sorted(p.name for p in corpus.iterdir())
    )
    assert per_shard != local.out  # the repeated lines do count across shards here
    assert run.exit_code == 2


def test_shard_runs_give_the_results_of_single_process_runs(client, corpus, cli, tmp_path):
    out = tmp_path / "results"
    with deadline(HANG):
        run = run_corpus([str(corpus)], client, output_dir=out, shard_runs=True)
    shards = sorted(out.glob("*.jsonl"))
    assert [s.name for s in shards] == [
        f"{i:05d}-{str(corpus / name).strip('/').replace('/', '_')}.jsonl"
        for i, name in enumerate(["part-0.jsonl", "part-1.jsonl", "part-2.jsonl", "part-3.parquet"])
    ]
    totals: Counter[str] = Counter()
    for shard, name in zip(shards, sorted(p.name for p in corpus.iterdir()), strict=True):
        local = cli("check", corpus / name, "--jobs", "1", "--format", "jsonl")
        assert shard.read_text() == local.out  # same findings, same order, byte for byte
        summary = cli("check", corpus / name, "--jobs", "1", "--format", "json").json()["summary"]
        totals.update({f"findings.{k}": v for k, v in summary["findings"].items()})
        totals.update({k: summary[k] for k in ("articles", "pass", "warn", "fail")})
    # Each shard is a run of its own (the boilerplate model's "seen in earlier
    # articles" counts start afresh), so the totals are those of the shards' runs.
    whole = run.summary.as_dict()
    assert {k: whole[k] for k in ("articles", "pass", "warn", "fail")} == {
        k: totals[k] for k in ("articles", "pass", "warn", "fail")
    }
    assert {f"findings.{k}": v for k, v in whole["findings"].items()} == {
        k: v for k, v in totals.items() if k.startswith("findings.")
    }
    assert run.exit_code == 2  # input errors, as in a local run
    summary = json.loads((out / SUMMARY_NAME).read_text())
    assert summary["summary"]["articles"] == 4 * 3 + 3
    assert sum(summary["summary"]["rules"].values()) == sum(whole["findings"].values())
    assert summary["summary"]["findings"] == whole["findings"]
    errors = {(e["path"], e["line"], e["message"]) for e in summary["summary"]["input_errors"]}
    assert errors == {
        (str(corpus / "part-1.jsonl"), 3, "field 'text' is null"),
        (str(corpus / "part-3.parquet"), 2, "field 'text' is null"),
    }
    assert not list(out.glob(".*.tmp"))


def test_parquet_shards_and_the_checker_is_built_once_per_worker(client, corpus, tmp_path):
    def checkers():
        return client.run(lambda: [id(c) for idle in dask_shards._IDLE.values() for c in idle])

    with deadline(HANG):
        run_corpus([str(corpus)], client, output_dir=tmp_path / "a", output_format="parquet")
        before = checkers()
        run_corpus([str(corpus)], client, output_dir=tmp_path / "b", output_format="parquet")
    assert checkers() == before and all(len(ids) <= 1 for ids in before.values())
    assert _ids(tmp_path / "a", ".parquet") == _ids(tmp_path / "b", ".parquet")
    assert len(_ids(tmp_path / "a", ".parquet")) == 15
    # docs/scale-out.md, "Reading the results": the summary's shard list reads as one dataset
    import pyarrow.dataset as ds

    results = tmp_path / "a"
    shards = json.loads((results / SUMMARY_NAME).read_text(encoding="utf-8"))["shards"]
    table = ds.dataset([str(results / s["output"]) for s in shards if s["output"]]).to_table()
    assert table.column("id").to_pylist() == _ids(results, ".parquet")


def _dies_once(item, run, marker):
    """The task of shard 1 kills its worker the first time, halfway through
    writing its result shard; every other run of a task is the real one."""
    if getattr(item, "index", None) == 1 and not os.path.exists(marker):
        Path(marker).write_text("died")
        target = Path(item.output_dir) / item.output_name
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.parent / f".{target.name}.half.tmp").write_text('{"id": "half"}\n')
        os._exit(1)
    from qualitycheck.dask.run import _run_item

    return _run_item(item, run)


def test_a_worker_killed_mid_shard_loses_and_doubles_no_article(client, corpus, tmp_path):
    import dask.bag as db

    out = tmp_path / "results"
    marker = tmp_path / "marker"
    config = load_config(None)
    items = plan([str(corpus)], config, out)
    bag = db.from_sequence(items, npartitions=len(items)).map(
        _dies_once, dask_shards.RunConfig.of(config), str(marker)
    )
    with deadline(HANG):
        results = client.compute(bag).result()
    run = finish(results, out)
    assert marker.exists()  # a worker did die
    expected = [row["id"] for shard in range(4) for row in _articles(shard, 4 if shard < 3 else 3)]
    assert sorted(_ids(out)) == sorted(expected)  # every article once
    assert run.summary.articles == len(expected)
    assert not list(out.glob(".*.tmp"))


def _raises(item, run, marker, always):
    """Shard 1's task raises halfway through writing its result shard: the
    first time only, or every time."""
    if getattr(item, "index", None) == 1 and (always or not os.path.exists(marker)):
        Path(marker).write_text("raised")
        target = Path(item.output_dir) / item.output_name
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.parent / f".{target.name}.half.tmp").write_text('{"id": "half"}\n')
        raise RuntimeError("a bug in one shard")
    from qualitycheck.dask.run import _run_item

    return _run_item(item, run)


@pytest.mark.parametrize("always", [False, True], ids=["once: retried", "always: an input error"])
def test_a_shard_that_raises_is_retried_then_an_input_error_and_the_rest_stand(
    client, corpus, tmp_path, always
):
    import dask.bag as db

    from qualitycheck.dask.run import computed

    out = tmp_path / "results"
    marker = tmp_path / "marker"
    config = load_config(None)
    items = plan([str(corpus)], config, out)
    bag = db.from_sequence(items, npartitions=len(items)).map(
        _raises, dask_shards.RunConfig.of(config), str(marker), always
    )
    with deadline(HANG):
        run = finish(computed(client, bag, items), out)
    assert marker.exists()
    lost = [row["id"] for row in _articles(1, 4)]
    expected = [row["id"] for shard in range(4) for row in _articles(shard, 4 if shard < 3 else 3)]
    failed = [e for e in run.summary.input_errors if "shard not checked" in e.message]
    if always:
        assert [(e.path, "a bug in one shard" in e.message) for e in failed] == [
            (items[1].path, True)
        ]
        assert sorted(_ids(out)) == sorted(set(expected) - set(lost))
    else:
        assert failed == [] and sorted(_ids(out)) == sorted(expected)
    assert (out / SUMMARY_NAME).exists() and run.exit_code == 2  # the bad records, at least
    assert not list(out.glob(".*.tmp"))


def test_check_corpus_is_a_bag_with_one_partition_per_shard(corpus, tmp_path):
    bag = check_corpus([str(corpus)], output_dir=tmp_path)
    assert bag.npartitions == 4


def test_check_corpus_takes_one_path_and_a_config_as_the_api_does(corpus, tmp_path):
    # One path is one path: its characters were once taken as paths ("s", "/"...).
    def shares(config: dict | None) -> int:
        bag = check_corpus(corpus, config=config, output_dir=tmp_path / str(bool(config)))
        assert bag.npartitions == 4
        results = bag.compute(scheduler="synchronous")
        assert sum(shard.articles for shard in results) == 15
        return sum(shard.rules.get("boilerplate-share", 0) for shard in results)

    assert shares(None) > 0
    assert shares({"disable": ["boilerplate-share"]}) == 0
    with pytest.raises(TypeError, match="config must be a path, a mapping"):
        check_corpus(str(corpus), config=42, output_dir=tmp_path)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a path must be str, not bytes"):
        check_corpus(os.fsencode(corpus), output_dir=tmp_path)  # type: ignore[arg-type]


def test_check_dask_on_a_scheduler_address_exits_as_a_local_run(client, corpus, cli, tmp_path):
    address = client.scheduler.address
    with deadline(HANG):
        out = tmp_path / "out"
        result = cli("check", corpus, "--dask", address, "-o", out, "--format", "parquet")
    assert result.code == 2  # the two bad records
    assert f"input error: {corpus / 'part-3.parquet'}:2: field 'text' is null" in result.err
    assert "15 articles checked" in result.err
    assert len(list((tmp_path / "out").glob("*.parquet"))) == 4
    good = tmp_path / "good"
    write(good / "a.jsonl", record(id="a", text=CLEAN_ARTICLE) + "\n")
    with deadline(HANG):
        assert cli("check", good, "--dask", address, "-o", tmp_path / "o2").code == 0
    write(good / "b.jsonl", record(id="b", text=BOILERPLATE_ARTICLE) + "\n")
    with deadline(HANG):
        assert cli("check", good, "--dask", address, "-o", tmp_path / "o3").code == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ((), "give the folder with -o DIR"),
        (("-o", "out", "--jobs", "2"), "cannot be combined with --jobs"),
        (("-o", "out", "--baseline", "b.json"), "cannot be combined with --baseline"),
        (("-o", "out", "--format", "sarif"), "jsonl or parquet shards, not sarif"),
        (("-o", "out", "--dask", "local:0"), "expected local:N"),
    ],
)
def test_check_dask_refuses_what_it_cannot_do_before_starting(cli, tmp_path, extra, message):
    write(tmp_path / "a.txt", CLEAN_ARTICLE)
    result = cli("check", "a.txt", "--dask", "local:1", *extra)
    assert result.code == 2 and message in result.err


def test_report_from_results_equals_the_report_of_a_local_run(corpus, cli, tmp_path):
    config = load_config(None)
    out = tmp_path / "results"
    # One shard: a whole local run is then the same run as the shard's.
    shard = corpus / "part-1.jsonl"
    items = plan([str(shard)], config, out, "parquet")
    run = dask_shards.RunConfig.of(config)
    finish([dask_shards.check_shard(item, run) for item in items], out)  # no cluster needed
    from_results = cli("report", "--from-results", out, "-o", tmp_path / "a.html")
    local = cli("report", shard, "-o", tmp_path / "b.html")
    assert from_results.code == local.code == 2  # the run's input errors
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    # An input moved since: its articles are shown without their text, with a warning.
    moved = tmp_path / "moved"
    corpus.rename(moved)
    try:
        again = cli("report", "--from-results", out, "-o", tmp_path / "c.html")
    finally:
        moved.rename(corpus)
    assert again.code == 2 and "shown without text" in again.err


def test_without_dask_check_dask_is_a_clear_error(cli, tmp_path, monkeypatch):
    write(tmp_path / "a.txt", CLEAN_ARTICLE)
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = cli("check", "a.txt", "--dask", "local:1", "-o", "out")
    assert result.code == 2 and "pip install 'qualitycheck[dask]'" in result.err


def test_report_from_results_reads_the_shards_of_the_last_run_only(corpus, cli, tmp_path):
    config = load_config(None)
    out = tmp_path / "results"
    run = dask_shards.RunConfig.of(config)
    for shard in ("part-0.jsonl", "part-1.jsonl"):  # two runs into one folder
        items = plan([str(corpus / shard)], config, out, "jsonl")
        finish([dask_shards.check_shard(item, run) for item in items], out)
    assert len(list(out.glob("*.jsonl"))) == 2
    from_results = cli("report", "--from-results", out, "-o", tmp_path / "a.html")
    local = cli("report", corpus / "part-1.jsonl", "-o", tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    assert "1 result shard(s) not in summary.json (from an earlier run?) left out: 00000-" in (
        from_results.err
    )
    assert from_results.code == local.code
    (out / next(p.name for p in out.glob("00000-*.jsonl"))).unlink()
    (out / "summary.json").write_text('{"shards": [{"output": "../escape.jsonl"}]}')
    refused = cli("report", "--from-results", out, "-o", tmp_path / "c.html")
    assert refused.code == 2 and "a shard output is not a file name" in refused.err


def test_a_run_over_no_inputs_writes_an_empty_summary(client, tmp_path):
    (tmp_path / "empty").mkdir()
    with deadline(HANG):
        run = run_corpus([str(tmp_path / "empty")], client, output_dir=tmp_path / "out")
    assert run.summary.articles == 0 and (tmp_path / "out" / SUMMARY_NAME).exists()


def test_unused_config_suppressions_are_judged_over_every_shard(client, cli, tmp_path):
    """``--warn-unused-suppressions`` gives a ``--dask`` run the warnings of a
    local run: a suppression used in one shard only is not reported, one used
    in none is (on standard error and in summary.json). It was silently
    ignored: neither the warning nor ``config_warnings`` appeared."""
    write(tmp_path / "news" / "a.jsonl", record(id="a", text=BOILERPLATE_ARTICLE) + "\n")
    write(tmp_path / "news" / "b.jsonl", record(id="b", text=CLEAN_ARTICLE) + "\n")
    write(
        tmp_path / "qualitycheck.yaml",
        "suppressions:\n"
        "  - {rule: boilerplate-share, reason: accepted widget}\n"
        "  - {rule: readability-long-sentence, text: nowhere zzqx, reason: stale}\n",
    )
    flags = ("--warn-unused-suppressions", "--no-models")
    local = cli("check", "news", *flags, "--format", "json", cwd=tmp_path)
    expected = local.json()["summary"]["config_warnings"]
    assert [w["line"] for w in expected] == [3]
    with deadline(HANG):
        run = cli("check", "news", *flags, "--dask", client.scheduler.address, "-o", "out",
                  cwd=tmp_path)  # fmt: skip
    summary = json.loads((tmp_path / "out" / SUMMARY_NAME).read_text())["summary"]
    assert summary["config_warnings"] == expected
    assert "qualitycheck.yaml:3: unused suppression of readability-long-sentence" in run.err
    assert "boilerplate-share: it hid no finding" not in run.err


def test_a_cluster_that_outlives_a_run_checks_the_next_with_the_packs_as_edited(tmp_path):
    """A worker keeps its checker for the next run of the same config; an
    edited rule pack (or models folder) is another run's checker. The key was
    the config's repr alone, which names the pack, not what it says: the next
    run on a long-lived cluster was checked with the pack as it was."""
    pack = tmp_path / "house.yaml"
    text = (
        "defaults: {category: unsupported_claim, severity: warning}\n"
        "rules:\n"
        "  - {id: house-phrase, kind: phrase, message: 'Phrase: \"{match}\"', phrases: [%s]}\n"
    )
    write(pack, text % "game changer")
    write(tmp_path / "qualitycheck.yaml", "rules: [house.yaml]\n")
    config = load_config(tmp_path / "qualitycheck.yaml")
    article = read_record(
        record(id="a", text="Port news\nThe merger is a game changer, officials said.\n").encode(),
        "a.jsonl",
        1,
        config.read_settings,
    )

    def flagged() -> list[str]:
        with dask_shards.worker_checker(dask_shards.RunConfig.of(config)) as checker:
            checker.new_run()
            result = checker.check(article)
        return [f.text for f in result.findings if f.rule == "house-phrase"]

    assert flagged() == ["game changer"]
    write(pack, text % "officials said")
    assert flagged() == ["officials said"]


def test_an_invalid_rule_pack_stops_the_run_before_any_task(client, cli, tmp_path):
    """A rule pack with an error stops a local run before any article, with
    file and line. On a cluster it failed every shard on the workers, three
    tries each, and ended as one "shard not checked" input error per shard."""
    write(tmp_path / "news" / "a.jsonl", record(id="a", text=CLEAN_ARTICLE) + "\n")
    write(tmp_path / "house.yaml", "rules:\n  - id: x\n    kind: phrase\n    mesage: hi\n")
    write(tmp_path / "qualitycheck.yaml", "rules: [house.yaml]\n")
    local = cli("check", "news", cwd=tmp_path)
    with deadline(HANG):
        run = cli("check", "news", "--dask", client.scheduler.address, "-o", "out", cwd=tmp_path)
    assert run.code == local.code == 2
    assert "house.yaml:4:5: rules[0].mesage: unknown key" in run.err
    assert run.err == local.err and not (tmp_path / "out").exists()
    with pytest.raises(RuleError, match="mesage"):
        check_corpus(tmp_path / "news", config=tmp_path / "qualitycheck.yaml", output_dir=tmp_path)


def test_a_shard_changed_after_its_lines_were_counted_is_an_input_error(tmp_path):
    """The client counts each article's lines seen before it, in the shards as
    they were when the run started; a shard rewritten before its task runs
    would give each article another's counts (or none), unnoticed, and results
    that are no one-process run's. It is an input error instead, naming it."""
    config = load_config(None)
    feed = write(tmp_path / "feed.jsonl", record(id="a", text=BOILERPLATE_ARTICLE) + "\n")
    steady = write(tmp_path / "steady.jsonl", record(id="b", text=CLEAN_ARTICLE) + "\n")
    items = plan([str(feed), str(steady)], config, tmp_path / "out")
    write(feed, record(id="new", text=CLEAN_ARTICLE) + "\n" + feed.read_text())
    run = dask_shards.RunConfig.of(config)
    changed, kept = (dask_shards.check_shard(item, run) for item in items)
    assert changed.output == "" and changed.articles == 0
    assert changed.input_errors == [{"path": str(feed), "message": dask_shards.CHANGED}]
    assert kept.articles == 1 and kept.input_errors == []
