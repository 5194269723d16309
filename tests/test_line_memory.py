"""The boilerplate model's memory of lines seen earlier in a run: bounded,
and furniture that first appears after it is full is still counted."""

from __future__ import annotations

from qualitycheck.detect.models.line_memory import LineMemory


def articles(count: int, start: int = 0) -> list[list[str]]:
    """Articles of four sentences of their own each."""
    return [[f"sentence {n}.{k}" for k in range(4)] for n in range(start, start + count)]


def test_furniture_after_the_memory_filled_is_still_counted_and_memory_stays_bounded():
    memory = LineMemory(limit=40)
    for article in articles(30):  # 120 distinct lines: the memory fills and forgets
        memory.history(article)
        assert len(memory.counts) <= 40
    furniture = "get the morning digest delivered to your inbox"
    seen = [memory.history([*article, furniture])[-1] for article in articles(20, start=100)]
    assert seen == list(range(20))  # 0, 1, 2 ...: counted as it repeats
    assert len(memory.counts) <= 40


def test_repeated_lines_outlive_lines_seen_once():
    memory = LineMemory(limit=20)
    for article in articles(3):
        memory.history([*article, "share this article"])
    for article in articles(40, start=10):
        memory.history(article)
    assert memory.counts["share this article"] == 3
    assert memory.history(["share this article"]) == [3]


def test_the_same_inputs_give_the_same_histories():
    def run() -> list[list[int]]:
        memory = LineMemory(limit=25)
        out = []
        for n, article in enumerate(articles(60)):
            lines = [*article, f"footer {n % 3}", "leave a reply"]
            out.append(memory.history(lines))
        return out

    assert run() == run()


def test_forgetting_frees_a_quarter_however_alike_the_counts_are():
    memory = LineMemory(limit=8)
    for _ in range(5):  # eight lines, each seen five times: all alike
        memory.history([f"line {n}" for n in range(8)])
    memory.history(["a new line"])
    assert len(memory.counts) == 7  # six kept (the newest), then the new line
    assert memory.counts["a new line"] == 1
    assert set(memory.counts) == {*(f"line {n}" for n in range(2, 8)), "a new line"}


def test_a_copy_of_an_article_is_no_evidence_that_its_lines_repeat():
    """A story held twice in a feed read as furniture on its second copy (every
    line 'seen before'): ``clean`` emptied 54 % of the content lines of a feed
    of repeated pages. A copy now gets the counts its first copy got, and adds
    nothing; a different page sharing a line still counts it."""
    memory = LineMemory()
    page = ["share this article", "the council met on monday", "the vote was close"]
    other = ["share this article", "a new bridge opens", "traffic will ease"]
    assert memory.history(page) == [0, 0, 0]
    assert memory.history(other) == [1, 0, 0]  # the widget repeats: evidence
    assert memory.history(page) == [1, 0, 0]  # the copy: as its first copy, less itself
    assert memory.history(list(page)) == [1, 0, 0]  # and again
    assert memory.counts["the council met on monday"] == 1  # copies add nothing
    third = ["share this article", "the council met on monday", "a reply"]
    assert memory.history(third) == [2, 1, 0]  # not a copy: the story's line counts


def test_the_remembered_articles_stay_bounded():
    memory = LineMemory(article_limit=8)
    for number in range(50):
        memory.history([f"line {number}"])
    assert len(memory.articles) <= 8
    assert memory.history(["line 49"]) == [0]  # a recent copy is still known
