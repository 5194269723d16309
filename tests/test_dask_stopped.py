"""``check --dask`` stopped (Ctrl-C, SIGTERM) while its local workers write
shards: once the cluster is gone, no temporary shard file stays in ``-o DIR``;
finished shards and unrelated files do."""

from __future__ import annotations

import contextlib
from pathlib import Path

from conftest import CLEAN_ARTICLE, write

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
