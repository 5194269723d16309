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
