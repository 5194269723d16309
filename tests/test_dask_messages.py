"""What ``check --dask`` prints on standard error, with the cluster faked: the
summary line as a local run prints it, ``--quiet`` included."""

from __future__ import annotations

import contextlib
import os

from conftest import CLEAN_ARTICLE, write

from qualitycheck.dask import cluster, run
from qualitycheck.dask.run import CorpusSummary
from qualitycheck.dask.shards import ShardResult
from qualitycheck.renderers.contract import Summary


def _fake_cluster(monkeypatch) -> None:
    @contextlib.contextmanager
    def no_cluster(spec: str):
        yield None

    def checked(paths, client, *, output_dir, **options):
        os.makedirs(output_dir, exist_ok=True)
        summary = Summary()
        summary.articles = 1
        summary.verdicts["pass"] = 1
        shard = ShardResult(0, "a.txt", "00000-a.txt.jsonl", articles=1, cpu_seconds=0.5)
        return CorpusSummary(summary, {}, [shard])

    monkeypatch.setattr(cluster, "dask_client", no_cluster)
    monkeypatch.setattr(run, "run_corpus", checked)


def test_quiet_keeps_the_summary_line_as_a_local_run_does(cli, tmp_path, monkeypatch):
    """--quiet hid the summary line of a --dask run (its only account of the
    articles), while a local run with --quiet prints only that line."""
    write(tmp_path / "a.txt", CLEAN_ARTICLE)
    _fake_cluster(monkeypatch)
    summary = "1 article checked: 1 pass, 0 warn, 0 fail; 0 findings"
    loud = cli("check", "a.txt", "--dask", "local:1", "-o", "out")
    assert loud.code == 0
    assert summary in loud.err.splitlines() and "CPU seconds on the workers" in loud.err
    quiet = cli("check", "a.txt", "--dask", "local:1", "-o", "out", "--quiet")
    assert quiet.code == 0
    assert summary in quiet.err.splitlines()
    assert "CPU seconds" not in quiet.err
    local = cli("check", "a.txt", "--no-models", "--quiet")
    assert local.out.splitlines() == [summary]
