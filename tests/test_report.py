"""The HTML report: written from the templates, article text always escaped."""

from __future__ import annotations

import re

from conftest import EXAMPLES


def test_report_escapes_article_text(cli, tmp_path):
    hostile = tmp_path / "hostile.html"
    hostile.write_text(
        "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt;</title></head><body>"
        "<p>Share This Article</p>"
        "<p>&lt;img src=x onerror=alert(2)&gt; is what the comment said.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    target = tmp_path / "report.html"
    result = cli("report", hostile, "--output", target)
    assert result.code == 0
    page = target.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    # Article data reaches the page's script as JSON with < > & escaped.
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    assert "boilerplate-share" in page


def test_report_over_examples_lists_every_article(cli, tmp_path):
    target = tmp_path / "report.html"
    assert cli("report", EXAMPLES, "-o", target).code == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n")  # no blank line before it
    assert "Findings shown: 6 errors, 7 warnings, 18 info" in page  # totals by severity
    for name in ("clean-harbour-report.txt", "scraped-bridge-story.txt", "feed-002"):
        assert name in page
    assert "http://" not in page.replace("http://www.w3.org", "")
    same = cli("check", EXAMPLES, "--format", "html", "--output", tmp_path / "again.html")
    assert same.code == 1
    assert (tmp_path / "again.html").read_text(encoding="utf-8") == page


def test_report_with_unreadable_input_exits_2(cli, tmp_path):
    assert cli("report", tmp_path / "missing.txt", "-o", tmp_path / "r.html").code == 2


def test_display_title_is_the_title_else_a_headline_like_first_line_else_the_id():
    from qualitycheck.renderers.report_data import display_title

    def shown(text: str, title: str | None = None) -> str:
        return display_title({"id": "a-1", "title": title}, text)

    assert shown("First line\nBody.", title="  The  title ") == "The title"
    assert shown("Council backs  harbour plan\nThe council voted.") == "Council backs harbour plan"
    assert shown("\n\nWhy did the bridge close?\nIt rusted.") == "Why did the bridge close?"
    assert shown("The council voted on Monday.\nIt was close.") == "a-1"  # a sentence
    assert shown("Reported by:\nJane Doe") == "a-1"
    assert shown("A headline alone") == "a-1"  # one line: a paragraph, not a headline
    assert shown("x" * 121 + "\nBody.") == "a-1"
    assert shown("") == "a-1"
    assert shown("<!DOCTYPE html>\n<html><body><p>Text.</p></body></html>") == "a-1"
    assert shown("---\nauthor: Jane\n---\nText.") == "a-1"


def test_display_title_is_in_the_report_not_in_the_json_contract(cli, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "n-1", "text": "Bridge reopens\\nThe bridge reopened."}\n')
    result = cli("check", feed, "--format", "json")
    assert '"display_title"' not in result.out
    assert cli("report", feed, "-o", tmp_path / "r.html").code == 0
    assert '"display_title":"Bridge reopens"' in (tmp_path / "r.html").read_text(encoding="utf-8")


HARD = (
    "Council approves harbour budget\n"
    "Notwithstanding considerable institutional reservations, the municipal administration's "
    "comprehensive infrastructural rehabilitation programme necessitates extraordinarily "
    "sophisticated intergovernmental coordination mechanisms, particularly regarding "
    "environmental sustainability considerations and socioeconomic redistribution "
    "implications.\n"
    "Furthermore, the administration's organisational restructuring initiatives demonstrate "
    "unprecedented institutional accountability, notwithstanding considerable bureaucratic "
    "complications.\n"
)
FRENCH = (
    "Le conseil approuve le budget du port\n"
    "Le conseil municipal a voté mardi pour approuver le nouveau budget du port. Les "
    "responsables ont déclaré que le plan serait financé par une taxe sur les navires. "
)


def report_data(page: str) -> dict:
    import json
    import re

    return json.loads(re.search(r'id="qc-data">(.*?)</script>', page, re.S).group(1))


def _findings_by_rule(target) -> dict[str, list[dict]]:
    data = report_data(target.read_text(encoding="utf-8"))
    found: dict[str, list[dict]] = {}
    for article in data["articles"]:
        for finding in article["findings"]:
            found.setdefault(finding["rule"], []).append({**finding, "of": article})
    return found


def test_whole_article_rule_findings_are_banners_in_both_report_paths(cli, tmp_path):
    """readability-hard-article (metric, level: article) and language-unexpected
    judge the article, not their first line: the report shows them as banners.
    A sentence-level metric (readability-long-sentence) stays a highlight."""
    from conftest import write

    folder = tmp_path / "in"
    write(folder / "hard.txt", HARD)
    write(folder / "fr.txt", FRENCH)
    write(
        folder / "long.txt",
        "Bridge to be repaired\n"
        "The committee, which had met in closed session for most of the week and had heard "
        "from engineers, residents, shop owners, the harbour authority and two former mayors, "
        "finally agreed on Friday evening that the old bridge would be repaired rather than "
        "replaced, a decision that surprised many.\n",
    )
    direct = tmp_path / "direct.html"
    assert cli("report", folder, "-o", direct).code == 0
    results = tmp_path / "results"
    results.mkdir()
    assert cli("check", folder, "--format", "jsonl", "-o", results / "part-0.jsonl").code < 2
    again = tmp_path / "again.html"
    assert cli("report", "--from-results", results, "-o", again).code == 0
    for target in (direct, again):
        found = _findings_by_rule(target)
        for rule in ("readability-hard-article", "language-unexpected"):
            assert [f["article_level"] for f in found[rule]] == [True], (target, rule)
        assert [f["article_level"] for f in found["readability-long-sentence"]] == [False]


def test_a_banner_past_the_cut_is_not_counted_as_past_the_cut(cli, tmp_path):
    """A one-line French article longer than the cut: language-unexpected
    covers all of it, yet it is a banner, so the cut note counts no finding."""
    from conftest import write

    from qualitycheck.renderers.report_data import MAX_SOURCE_CHARS

    body = FRENCH.splitlines()[1] + " "
    text = FRENCH.splitlines()[0] + "\n" + body * (MAX_SOURCE_CHARS // len(body) + 5) + "\n"
    article = write(tmp_path / "fr.txt", text)
    target = tmp_path / "r.html"
    assert cli("report", article, "-o", target).code == 0
    [entry] = report_data(target.read_text(encoding="utf-8"))["articles"]
    [finding] = [f for f in entry["findings"] if f["rule"] == "language-unexpected"]
    assert entry["truncated"] and finding["end"] > MAX_SOURCE_CHARS
    assert finding["article_level"]
    assert entry["hidden_findings"] == 0


def test_a_rule_says_whether_it_judges_the_whole_article():
    from qualitycheck.config.settings import Config
    from qualitycheck.renderers.rule_catalog import pack_catalog

    levels = {info.id: info.article_level for info in pack_catalog(Config())}
    assert levels["readability-hard-article"] and levels["language-unexpected"]
    assert not levels["readability-long-sentence"] and not levels["boilerplate-share"]


def test_the_overview_readability_counts_english_articles_long_enough_for_flesch():
    """Flesch reading ease is an English formula, and a few words make it
    swing: a Russian article (108), a one-line record (118) and an article of
    unknown language stay out of the mean and the count below 30."""
    from qualitycheck.renderers.report_data import READABILITY_MIN_WORDS, overview

    def article(language, words, ease):
        return {
            "language": language,
            "metrics": {"words": words, "flesch_reading_ease": ease},
            "scores": {"overall": 100.0},
            "mt_probability": None,
            "findings": [],
        }

    articles = [
        article("en", 300, 20.0),
        article("en", READABILITY_MIN_WORDS, 60.0),
        article("en", READABILITY_MIN_WORDS - 1, 118.18),
        article("en", 0, None),
        article("ru", 300, 108.17),
        article("ja", 62, 12.16),
        article(None, 300, 90.0),
    ]
    readability = overview(articles)["readability"]
    assert readability == {
        "articles": 2,
        "mean_flesch_reading_ease": 40.0,
        "hard": 1,
        "min_words": READABILITY_MIN_WORDS,
    }
    assert overview(articles[2:])["readability"]["mean_flesch_reading_ease"] is None


def test_the_readability_word_floor_is_the_hard_article_rules():
    from qualitycheck.detect.rules.packs import load_packs
    from qualitycheck.renderers.report_data import READABILITY_MIN_WORDS

    rules = {rule.meta.id: rule for pack in load_packs() for rule in pack.rules}
    assert rules["readability-hard-article"].min_words == READABILITY_MIN_WORDS


def test_the_overview_says_its_readability_figures_are_for_english(cli, tmp_path):
    target = tmp_path / "report.html"
    assert cli("report", EXAMPLES, "-o", target).code == 0
    page = target.read_text(encoding="utf-8")
    # newsroom-feed.jsonl:3 is Spanish: 6 of the 7 examples are measured.
    assert "Mean Flesch reading ease 57.2 over 6 English articles of 40 words or more" in page
    assert "40 words or more; 0 below 30 (very difficult)." in page


def test_the_histograms_put_a_value_on_an_edge_in_the_band_it_starts():
    """0.3, 0.6 and 0.7 went to the band below (0.3 / 0.1 < 3 in floats), so
    the bar tooltips ("0.3–0.4") were wrong for them."""
    from qualitycheck.renderers.report_data import histogram

    assert histogram([0.3, 0.6, 0.7], 10, 0.0, 1.0) == [0, 0, 0, 1, 0, 0, 1, 1, 0, 0]
    tenths = [k / 10 for k in range(11)]
    assert histogram(tenths, 10, 0.0, 1.0) == [1] * 9 + [2]  # 1.0 is in the last band
    # Every probability as the JSON writes it (4 decimals), every score (2).
    for scale, high in ((10_000, 1.0), (100, 100.0)):
        for k in range(int(scale * high) + 1):
            value = round(k / scale, 4)
            band = min(k * 10 // int(scale * high), 9)
            counts = histogram([value], 10, 0.0, high)
            assert counts.index(1) == band, (value, counts)
    assert histogram([-1.0, 0.0, 29.99, 30.0, 100.0, 250.0], 10, 0.0, 100.0) == [
        2, 0, 1, 1, 0, 0, 0, 0, 0, 2
    ]  # fmt: skip


def test_a_bidi_control_in_an_input_errors_file_name_is_shown_not_obeyed(cli, tmp_path):
    """The "Input errors" list is written by the template, not the script: a
    U+202E in a file name reversed the rest of its line on screen there."""
    import re

    from conftest import write

    folder = tmp_path / "in"
    write(folder / "evil\u202egnp.jsonl", "{bad\n")
    write(folder / "fine.txt", "Harbour reopens\nThe harbour reopened on Monday.\n")
    target = tmp_path / "report.html"
    assert cli("report", folder, "-o", target).code == 2
    page = target.read_text(encoding="utf-8")
    section = re.search(r'<section id="input-errors">.*?</section>', page, re.S).group()
    assert f"<code>{folder}/evil\u27e8U+202E\u27e9gnp.jsonl:1</code> invalid JSON" in section
    written = re.sub(r'<script type="application/json" id="qc-data">.*?</script>', "", page)
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", written)
    assert re.search(r"#input-errors code \{ unicode-bidi: isolate;[^}]*\}", page)


def test_visible_writes_each_bidi_control_as_the_page_script_does():
    from conftest import REPO

    from qualitycheck.renderers.report_data import visible, visible_length

    controls = [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
    text = "a" + "b".join(controls) + "\u200f\u061c z"  # RLM and ALM are marks, not controls
    shown = visible(text)
    assert shown == "a" + "b".join(f"\u27e8U+{ord(c):04X}\u27e9" for c in controls) + text[-4:]
    assert visible_length(text) == len(shown)
    script = (REPO / "reports" / "report.js").read_text(encoding="utf-8")
    assert "const BIDI = /[\\u202A-\\u202E\\u2066-\\u2069]/g;" in script
    assert "`\\u27E8U+${c.codePointAt(0).toString(16).toUpperCase()}\\u27E9`" in script


def test_the_overview_counts_one_article_in_the_singular(cli, tmp_path):
    article = tmp_path / "one.txt"
    body = "The council voted on Monday to repair the harbour wall before winter, she said. "
    article.write_text("Council backs harbour plan\n" + body * 5 + "\n", encoding="utf-8")
    (tmp_path / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    target = tmp_path / "out" / "report.html"
    assert cli("report", tmp_path, "-o", target).code == 2  # the input error
    text = " ".join(re.sub(r"<[^>]+>", " ", target.read_text(encoding="utf-8")).split())
    assert "1 article checked" in text
    assert "1 input not read" in text
    assert "(1 article scored)" in text
    assert not re.search(r"(?<!of )\b1 (articles|inputs)\b", text)  # "1 of 1 articles" reads


def test_a_report_of_no_articles_says_so_under_languages(cli, tmp_path):
    # The heading stood over an empty table, where the rules' said "No findings."
    (tmp_path / "none").mkdir()
    target = tmp_path / "report.html"
    assert cli("report", tmp_path / "none", "-o", target).code == 0
    text = " ".join(re.sub(r"<[^>]+>", " ", target.read_text(encoding="utf-8")).split())
    assert "Most frequent rules No findings." in text
    assert "Languages No articles. Readability" in text
