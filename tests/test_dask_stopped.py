"""``check --dask`` stopped (Ctrl-C, SIGTERM) while its local workers write
shards: once the cluster is gone, no temporary shard file stays in ``-o DIR``;
finished shards and unrelated files do."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CLEAN_ARTICLE, deadline, record, write

import qualitycheck
from qualitycheck.dask import cluster, run


def test_a_stopped_run_leaves_no_half_written_shard(cli, tmp_path, monkeypatch):
    write(tmp_path / "a.txt", CLEAN_ARTICLE)
    out = tmp_path / "out"
    out.mkdir()
    kept = ["00000-old.txt.jsonl", ".notes.tmp", "summary.json"]
    for name in kept:
        write(out / name, "{}\n")

    @contextlib.contextmanager
    def no_cluster(spec: str):
        yield None

    def stopped_mid_shard(paths, client, *, output_dir, **options):
        # What a worker killed with the cluster leaves: its shard's temporary file.
        write(Path(output_dir) / ".00000-a.txt.jsonl.k2x_9abc.tmp", '{"id": "a"')
        write(Path(output_dir) / ".summary.json.q1w2e3r4.tmp", "{")
        raise KeyboardInterrupt

    monkeypatch.setattr(cluster, "dask_client", no_cluster)
    monkeypatch.setattr(run, "run_corpus", stopped_mid_shard)
    result = cli("check", "a.txt", "--dask", "local:1", "-o", out)
    assert result.code == 130
    assert sorted(p.name for p in out.iterdir()) == sorted(kept)


@pytest.mark.cluster
def test_ctrl_c_on_a_local_cluster_exits_130_without_a_trace_or_a_stray_file(tmp_path):
    """Ctrl-C goes to the whole process group: the workers must not each print
    a KeyboardInterrupt trace, nor the nanny its shutdown race, and the shard
    they were writing must go."""
    pytest.importorskip("distributed")
    feed = "".join(record(id=f"r{i}", text=CLEAN_ARTICLE) + "\n" for i in range(20_000))
    write(tmp_path / "feed.jsonl", feed)
    write(tmp_path / "short.txt", CLEAN_ARTICLE)  # its worker is idle when Ctrl-C comes
    out = tmp_path / "out"

    def default_sigint() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    checkout = Path(qualitycheck.__file__).resolve().parent.parent  # the code under test
    command = [
        "check",
        "feed.jsonl",
        "short.txt",
        "--no-models",
        "--dask",
        "local:2",
        "-o",
        str(out),
    ]
    child = subprocess.Popen(
        [sys.executable, "-m", "qualitycheck", *command],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(checkout)},
        preexec_fn=default_sigint,  # as an interactive shell starts it
        start_new_session=True,
    )
    try:
        with deadline(240):
            # The feed's shard being written, the short file's done (its worker idle).
            while not (
                (out / "00001-short.txt.jsonl").exists()
                and any(p.suffix == ".tmp" for p in out.iterdir())
            ):
                assert child.poll() is None, child.stderr.read().decode()  # type: ignore[union-attr]
                time.sleep(0.1)
        os.killpg(child.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
        _, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
    assert child.returncode == 130, err.decode()
    # Neither a worker's KeyboardInterrupt trace nor this process's nanny logging
    # its shutdown race. (A busy worker killed with the cluster can still log a
    # race of its own on a loaded machine: distributed's, in its own process.)
    assert b"KeyboardInterrupt" not in err, err.decode()
    assert b"distributed.nanny - ERROR" not in err, err.decode()
    assert b"ended with CancelledError" not in err, err.decode()  # dask/quiet_close.py
    assert [p.name for p in out.iterdir() if p.suffix == ".tmp"] == []
