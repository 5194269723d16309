"""One rule lists at most MAX_FINDINGS_PER_RULE findings in one article.

320 KB of '"' was 320,000 ``mt-unbalanced-quotes`` findings: 913 MB at the
peak and 143 MB of JSON for one article. The rest are counted in one warning
of the article (its JSON ``warnings`` and stderr); the first ones, in order of
the text, are listed as before. No page of the labeled corpora comes near the
cap (the most is 110 findings of one rule).
"""

from __future__ import annotations

from collections import Counter

from conftest import check_json, write

from qualitycheck.detect.rules.engine import MAX_FINDINGS_PER_RULE


def test_a_rule_lists_its_first_findings_and_counts_the_rest(cli, tmp_path):
    write(tmp_path / "quotes.txt", "Quotes\n\nHe said " + '"' * 2_500 + " and left.\n")
    result = check_json(cli, "quotes.txt", cwd=tmp_path)
    [article] = result.json()["articles"]
    rules = Counter(f["rule"] for f in article["findings"])
    assert rules["mt-unbalanced-quotes"] == MAX_FINDINGS_PER_RULE == 1_000
    starts = [f["start"] for f in article["findings"] if f["rule"] == "mt-unbalanced-quotes"]
    assert starts == sorted(starts) and starts[0] == len('Quotes\n\nHe said ""')  # (a pair first)
    message = (
        "rule mt-unbalanced-quotes: 1,498 more findings in this article not listed "
        "(the first 1,000 are)"
    )
    assert article["warnings"] == [message]
    assert f"qualitycheck: warning: quotes.txt: {message}" in result.err


def test_below_the_cap_nothing_is_counted(cli, tmp_path):
    write(tmp_path / "quotes.txt", "Quotes\n\nHe said " + '"' * 900 + " and left.\n")
    [article] = check_json(cli, "quotes.txt", cwd=tmp_path).json()["articles"]
    assert article["warnings"] == []
    assert 0 < len(article["findings"]) < MAX_FINDINGS_PER_RULE
