"""``benchmarks/jobs_profile.py`` patches the pipeline's internals to time a
``--jobs`` run; when those change it must fail loudly here rather than print
figures about code that no longer runs. Its wall clock must be in order: the
fork before any chunk, every chunk before the pool closes, and the workers'
article counts must add up to the articles checked."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import REPO

ARTICLE = "Bridge reopens\n\nThe council said the bridge would reopen on Monday, {n} days early.\n"


def test_jobs_profile_times_every_article_and_orders_its_clock(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number in range(40):
        (folder / f"article-{number:02d}.txt").write_text(ARTICLE.format(n=number), "utf-8")
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    output = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "jobs_profile.py"), str(folder), "--jobs", "2"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=environment,
    ).stdout
    counts = [int(n) for n in re.findall(r"worker \d+: (\d+) articles", output)]
    assert counts and sum(counts) == 40
    clock = re.search(
        r"first fork at ([\d.]+) s; workers' first chunks began at ([\d., ]+) s, their last "
        r"ended at ([\d., ]+) s \(\d+ ms apart\); closing the pool ([\d.]+)-([\d.]+) s; "
        r"the run ended at ([\d.]+) s",
        output,
    )
    assert clock is not None, output
    fork, close, closed, end = (float(clock.group(i)) for i in (1, 4, 5, 6))
    starts = [float(value) for value in clock.group(2).split(", ")]
    ends = [float(value) for value in clock.group(3).split(", ")]
    assert len(starts) == len(ends) == len(counts)
    assert fork <= min(starts) and max(ends) <= close <= closed <= end
    assert "on 2 idle cores this CPU would take about" in output
