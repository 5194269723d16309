"""An article crosses to a ``--jobs`` worker and back (inside its result) by
pickle: it must arrive the same, without the views cached on it, which are
recomputed from the text where needed; a block's folded and normalized text,
which the main process computes for the run's line counts, travel with it."""

from __future__ import annotations

import pickle

from qualitycheck.readers.txt import parse_text

STORY = (
    "Bridge reopens\nThe “old” bridge reopened on Monday. Café owners cheered.\n"
    "Share This Article\n"
)


def test_pickled_article_drops_cached_views_and_recomputes_them_equal():
    article = parse_text(STORY, "a.txt", "a.txt")
    article.line_history = [0, 2, 1]
    views = {
        block.index: (block.sentences, block.quotes, block.folded, block.line_key, block.stripped)
        for block in article.blocks
    }
    article_views = (article.folded_text, article.casefolded_text, article.body_text)
    assert article.line_and_column(20) == (2, 6)
    copy = pickle.loads(pickle.dumps(article))
    assert not {"folded_text", "casefolded_text", "body_text", "_line_starts"} & set(vars(copy))
    for block in copy.blocks:
        assert not {"sentences", "quotes", "line_key", "stripped"} & set(vars(block))
        # What the main process's line counts computed travels, not computed again.
        assert {"folded", "normalized"} <= set(vars(block))
    assert (copy.id, copy.source, copy.line_history) == (article.id, article.source, [0, 2, 1])
    assert [(b.text, b.kind, b.index) for b in copy.blocks] == [
        (b.text, b.kind, b.index) for b in article.blocks
    ]
    assert {
        block.index: (block.sentences, block.quotes, block.folded, block.line_key, block.stripped)
        for block in copy.blocks
    } == views
    assert (copy.folded_text, copy.casefolded_text, copy.body_text) == article_views
    assert copy.line_and_column(20) == (2, 6)
    block = copy.blocks[1]
    assert copy.locate(block, 4, 9) == article.locate(article.blocks[1], 4, 9)


def test_an_article_with_nothing_cached_pickles_its_state_as_is():
    article = parse_text(STORY, "a.txt", "a.txt")
    assert article.__getstate__() is vars(article)  # no copy on the way to a worker
    article.folded_text  # noqa: B018  (a view is cached now)
    assert "folded_text" not in article.__getstate__()


def test_runs_and_findings_pickle_field_for_field():
    from dataclasses import fields

    from qualitycheck.document.findings import Finding
    from qualitycheck.document.textmap import Run

    run = Run(1, 5, 10, 17)
    assert pickle.loads(pickle.dumps(run)) == run
    # Every field a different value, so a value in the wrong place shows.
    values = {
        field.name: (f"{field.name}!" if field.type == "str" or "str" in field.type else None)
        for field in fields(Finding)
    }
    values.update(line=3, end_line=4, column=5, start=6, end=7, confidence=0.25)
    finding = Finding(**values)
    assert pickle.loads(pickle.dumps(finding)) == finding
    assert finding.suggestion == "suggestion!"


def test_a_block_pickles_as_its_fields_with_its_map_flat():
    """A block crosses to a worker as one tuple (text, map as integers, kind,
    index): the same block arrives, every run of its map in place (an HTML
    entity and collapsed whitespace make runs that are not one to one)."""
    from qualitycheck.readers.base import ReadSettings
    from qualitycheck.readers.html import read_html

    page = (
        "<html><body><h1>Caf&eacute;   news</h1><p>The  &ldquo;old&rdquo; bridge "
        "<b>reopened</b> on Monday.</p><p>Share</p></body></html>"
    )
    article = next(read_html(page, "a.html", ReadSettings()))
    assert any(len(block.mapping.runs) > 1 for block in article.blocks)
    article.blocks[0].folded  # noqa: B018  (computed: it travels)
    article.blocks[0].sentences  # noqa: B018  (computed, but it stays behind)
    copy = pickle.loads(pickle.dumps(article))
    for block, original in zip(copy.blocks, article.blocks, strict=True):
        assert (block.text, block.kind, block.index) == (
            original.text,
            original.kind,
            original.index,
        )
        assert block.mapping.runs == original.mapping.runs
        assert block.mapping._starts == original.mapping._starts
        assert ("folded" in vars(block)) is (block.index == 0)  # carried when computed
        assert "sentences" not in vars(block)
        assert block.mapping.source_span(0, len(block.text)) == original.mapping.source_span(
            0, len(original.text)
        )
    reduced = article.blocks[1].__reduce__()
    assert reduced[1][1] == article.blocks[1].mapping.flat()
    assert all(type(value) is int for value in reduced[1][1])


def test_a_blocks_link_mark_crosses_to_a_worker():
    from qualitycheck.readers.base import ReadSettings
    from qualitycheck.readers.html import read_html

    page = "<ul><li><a href='/a'>Driver banned after crash</a></li><li>one count of fraud</li></ul>"
    [article] = read_html(page, "p.html", ReadSettings())
    copy = pickle.loads(pickle.dumps(article))
    assert [(b.text, b.linked) for b in copy.blocks] == [
        ("Driver banned after crash", True),
        ("one count of fraud", False),
    ]
