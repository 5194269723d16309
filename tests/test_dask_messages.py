"""What ``check --dask`` prints on standard error, with the cluster faked: the
summary line as a local run prints it, ``--quiet`` included; and what a local
worker stopped mid-task leaves out."""

from __future__ import annotations

import contextlib
import logging
import os

import pytest
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


def test_a_closing_local_worker_does_not_log_its_cancelled_task(caplog):
    """Ctrl-C on --dask local: each busy worker logged distributed's WARNING
    "Async instruction for <Task cancelled ...> ended with CancelledError" as it
    was closed, under this tool's own "interrupted"."""
    pytest.importorskip("distributed")
    from distributed.core import Status

    from qualitycheck.dask.quiet_close import STATE_MACHINE, QuietClose

    class Worker:
        status = Status.running

    logger = logging.getLogger(STATE_MACHINE)
    before = list(logger.filters)
    worker = Worker()
    try:
        QuietClose().setup(worker)
        with caplog.at_level(logging.WARNING, logger=STATE_MACHINE):
            logger.warning("while running")
            worker.status = Status.closing
            logger.warning("Async instruction for <Task cancelled> ended with CancelledError")
            logger.error("an error while closing")
    finally:
        logger.filters[:] = before
    assert [r.getMessage() for r in caplog.records] == ["while running", "an error while closing"]
