"""A checker's config travels to processes whose working folder is their own
(a Dask worker started elsewhere, a pickled checker's new home): the rule
packs and models folder it names must still be found there."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from conftest import write

from qualitycheck import Checker
from qualitycheck.config.loading import load_config
from qualitycheck.dask.shards import RunConfig, worker_checker

PACK = """\
description: House style for the tests.
defaults:
  category: unsupported_claim
  severity: warning
  scope: body
rules:
  - id: house-game-changer
    kind: phrase
    message: 'Cliche: "{match}"'
    description: Say what changed instead.
    phrases: [game changer]
"""
TEXT = "Harbour\nThe new ferry is a game changer for the island, the mayor said.\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a config naming a house pack, both relative, and the
    working folder its parent (as ``--config site/qualitycheck.yaml``)."""
    write(tmp_path / "site" / "packs" / "house.yaml", PACK)
    write(tmp_path / "site" / "qualitycheck.yaml", "rules:\n  - packs/house.yaml\n")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_pickled_checker_finds_its_rule_packs_from_another_working_folder(project, monkeypatch):
    """It travelled with ``site/packs/house.yaml`` and failed with "no such
    rule pack" in a worker that had another working folder."""
    checker = Checker("site/qualitycheck.yaml", models=False)
    assert "house-game-changer" in {f.rule for f in checker.check_text(TEXT).findings}
    sent = pickle.dumps(checker)
    monkeypatch.chdir(project / "elsewhere")
    landed = pickle.loads(sent)
    assert landed.check_text(TEXT).to_dict() == checker.check_text(TEXT).to_dict()


def test_a_dask_worker_finds_the_rule_packs_from_another_working_folder(project, monkeypatch):
    """A worker started in another folder failed every shard: "shard not
    checked, its results are missing (RuleError: site/packs/house.yaml: no
    such rule pack file or folder)"."""
    config = load_config(Path("site/qualitycheck.yaml"))
    run = RunConfig.of(config)
    assert run.config.path == "site/qualitycheck.yaml"  # (as messages name it)
    monkeypatch.chdir(project / "elsewhere")
    with worker_checker(run) as checker:
        assert "house-game-changer" in {rule.meta.id for rule in checker.rules}
