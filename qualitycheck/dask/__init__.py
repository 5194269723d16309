"""Corpora on a Dask cluster: one task per input shard, one result shard each.

``qualitycheck check SHARDS... --dask local:4 -o results/`` (or ``--dask
tcp://host:8786``) and, from Python, :func:`check_corpus` (a Dask bag, one
partition per shard) with :func:`finish` (the summary), or :func:`run_corpus`
(both, on a ``distributed.Client``). See docs/scale-out.md. Dask itself is
imported only when a run starts: ``pip install 'qualitycheck[dask]'``.
"""

from __future__ import annotations

from qualitycheck.dask.run import CorpusSummary, check_corpus, finish, run_corpus
from qualitycheck.dask.shards import ShardResult, ShardTask, check_shard, shard_name

__all__ = [
    "CorpusSummary",
    "ShardResult",
    "ShardTask",
    "check_corpus",
    "check_shard",
    "finish",
    "run_corpus",
    "shard_name",
]
