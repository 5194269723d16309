"""The machine-translation kinds: repetition, consistency, quotes, fragment and
capitalization. Each flags what it is for, lets the look-alikes pass, and
reports exact positions (``source[start:end] == text``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEEDS, CpuClock, needs_shared

from qualitycheck.detect.rules.kinds import KINDS
from qualitycheck.detect.rules.kinds.base import CheckContext
from qualitycheck.detect.rules.packs import load_packs
from qualitycheck.readers.txt import parse_text

BYLINE_RULE = """\
defaults:
  category: boilerplate
  severity: error
  languages: ["*"]
rules:
  - id: test-repeated-line
    kind: repetition
    message: 'Line repeated: "{match}"'
    lines: true
    max_words: 6
    adjacent_only: {adjacent}
"""

SPELLING_RULE = """\
rules:
  - id: test-spelling
    kind: consistency
    category: machine_translation
    message: '"{match}" here, "{other}" elsewhere'
    exceptions: [colour blind]
    groups:
      - [color, colour]
      - [per cent, percent]
"""

FRAGMENT_RULE = """\
rules:
  - id: test-fragment
    kind: fragment
    category: machine_translation
    message: 'Fragment "{match}"'
    max_words: 3
    ignore: [Rain at last.]
"""


def check(
    cli, tmp_path: Path, texts: dict[str, str], *packs: str, disable: str = ""
) -> dict[str, list[dict]]:
    """Findings per record id; every finding's text is checked against the source.

    Findings of one category on the same span are merged, so a test pack that
    overlaps a shipped rule disables it."""
    source = tmp_path / "articles.jsonl"
    source.write_text(
        "".join(
            json.dumps({"id": key, "text": text, "language": "en"}) + "\n"
            for key, text in texts.items()
        ),
        encoding="utf-8",
    )
    args = ["check", source, "--format", "json", "--fail-on", "never", "--no-models"]
    for number, pack in enumerate(packs):
        path = tmp_path / f"pack{number}.yaml"
        path.write_text(pack, encoding="utf-8")
        args += ["--rules", path]
    if disable:
        args += ["--disable", disable]
    result = cli(*args)
    assert result.code == 0, result.err
    found: dict[str, list[dict]] = {}
    for article in result.json()["articles"]:
        text = texts[article["id"]]
        for finding in article["findings"]:
            assert text[finding["start"] : finding["end"]] == finding["text"]
        found[article["id"]] = article["findings"]
    return found


def matches(found: dict[str, list[dict]], key: str, rule: str) -> list[str]:
    return [f["text"] for f in found[key] if f["rule"] == rule]


def test_doubled_words_are_flagged_and_deliberate_doublings_pass(cli, tmp_path):
    texts = {
        "slip": "The council approved the the budget for the new harbour on Tuesday.",
        "start": "The the council approved the budget. Work starts in May of next year.",
        "upper": "Engineers said that THE the repairs would take at least two months.",
        "had": "What the council had had in mind was a smaller budget for the harbour.",
        "that": "She said that that decision was final and that nobody could change it.",
        "names": "The delegation toured Walla Walla before flying home to Baden Baden.",
        "latin": "The western gorilla (Gorilla gorilla) was filmed near the old harbour.",
        "three": "He kept saying no no no to every proposal the council put forward.",
        "speech": "“Never, never again,” he said, and “yes yes” said the crowd at once.",
        "apart": "The the. The council approved the plan, and the plan was published.",
    }
    found = check(cli, tmp_path, texts)
    assert matches(found, "slip", "mt-doubled-word") == ["the the"]
    assert matches(found, "start", "mt-doubled-word") == ["The the"]
    assert matches(found, "upper", "mt-doubled-word") == ["THE the"]
    for key in ("had", "that", "names", "latin", "three", "speech"):
        assert matches(found, key, "mt-doubled-word") == [], key
    assert matches(found, "apart", "mt-doubled-word") == ["The the"]


def test_repeated_short_lines_adjacent_or_anywhere(cli, tmp_path):
    texts = {
        "byline": "Ada Brennan\nAda Brennan\nThe harbour reopened on Monday after repairs.",
        "folded": "HARBOUR DESK •\nHarbour Desk\nThe harbour reopened on Monday.",
        "apart": "Mira Castell\nThe harbour reopened on Monday after repairs.\nMira Castell",
        "long": (
            "The harbour reopened on Monday after two years\n"
            "The harbour reopened on Monday after two years\n"
        ),
        "symbols": "***\n***\nThe harbour reopened on Monday after repairs.",
    }
    shipped = "boilerplate-repeated-line"
    adjacent = check(
        cli, tmp_path, texts, BYLINE_RULE.replace("{adjacent}", "true"), disable=shipped
    )
    assert matches(adjacent, "byline", "test-repeated-line") == ["Ada Brennan"]
    [finding] = [f for f in adjacent["byline"] if f["rule"] == "test-repeated-line"]
    assert finding["line"] == 2 and finding["start"] == len("Ada Brennan\n")
    assert matches(adjacent, "folded", "test-repeated-line") == ["Harbour Desk"]
    for key in ("apart", "long", "symbols"):
        assert matches(adjacent, key, "test-repeated-line") == [], key
    anywhere = check(
        cli, tmp_path, texts, BYLINE_RULE.replace("{adjacent}", "false"), disable=shipped
    )
    [finding] = [f for f in anywhere["apart"] if f["rule"] == "test-repeated-line"]
    assert finding["text"] == "Mira Castell" and finding["line"] == 3


def test_mixed_spellings_flag_the_minority_variant(cli, tmp_path):
    texts = {
        "minority": (
            "Trains from Kyiv resumed on Monday.\n"
            "The first train left Kiev at dawn, and two more left KYIV at noon."
        ),
        "tie": "Ferries link Odesa with Varna.\nOdessa port officials expect more sailings.",
        "three": "Kharkiv was shelled. Kharkov and Kharkiv residents sheltered. Kharkov too.",
        "single": "Trains from Kyiv resumed on Monday, and two more left Kyiv at noon.",
        "dish": "A restaurant in Kyiv served chicken Kiev to the visiting delegation.",
        "bounded": "Kievan Rus was a medieval state; Kyiv is the capital of Ukraine today.",
        "battle": "A museum in Kharkiv opened a show on the Third Battle of Kharkov in 1943.",
        "stadium": "Shakhtar last played at the Donbass Arena before the war in the Donbas.",
    }
    found = check(cli, tmp_path, texts)
    assert matches(found, "minority", "mt-mixed-spellings") == ["Kiev"]
    [finding] = [f for f in found["minority"] if f["rule"] == "mt-mixed-spellings"]
    assert '"Kyiv" elsewhere' in finding["message"]
    assert matches(found, "tie", "mt-mixed-spellings") == ["Odessa"]
    assert matches(found, "three", "mt-mixed-spellings") == ["Kharkov", "Kharkov"]
    for key in ("single", "dish", "bounded", "battle", "stadium"):
        assert matches(found, key, "mt-mixed-spellings") == [], key


def test_us_uk_spellings_inside_a_name_are_not_a_mixed_style(cli, tmp_path):
    """A name keeps its owner's spelling ("the Australian Labor Party", "the
    Centre Pompidou"): beside "the labour market" or "the center of Paris" it is
    no mixed style. A capital that opens a sentence still counts, and the
    Kyiv/Kiev rule, whose spellings are names themselves, is untouched."""
    texts = {
        "party": "The Australian Labor Party promised lower fees.\nThe labour market cooled.",
        "museum": "Crowds queued at the Centre Pompidou.\nThe center of Paris was closed.",
        "theatre": "She joined the National Theatre in 2019.\nThe theater downtown shut.",
        "opening": "Labor costs rose in May.\nThe labour market cooled in June.",
        "plain": "The labor talks resumed.\nThe labour market cooled in June.",
    }
    found = check(cli, tmp_path, texts)
    for key in ("party", "museum", "theatre"):
        assert matches(found, key, "mt-mixed-us-uk-spelling") == [], key
    assert matches(found, "opening", "mt-mixed-us-uk-spelling") == ["labour"]
    assert matches(found, "plain", "mt-mixed-us-uk-spelling") == ["labour"]


def test_consistency_works_for_any_spelling_pairs(cli, tmp_path):
    texts = {
        "us-uk": "The colour of the hull changed. The color is now grey; the color fades.",
        "phrase": "Prices rose 3 percent in May and 4 per  cent in June, then 2 percent.",
        "inflected": "The colours were bright and the color of the sail was red.",
        "excepted": "He is colour blind, so the color of the buoy matters to him.",
    }
    found = check(cli, tmp_path, texts, SPELLING_RULE)
    assert matches(found, "us-uk", "test-spelling") == ["colour"]
    assert matches(found, "phrase", "test-spelling") == ["per  cent"]
    assert matches(found, "inflected", "test-spelling") == []
    assert matches(found, "excepted", "test-spelling") == []


def test_unbalanced_quotation_marks(cli, tmp_path):
    texts = {
        "open": "The mayor said “the pier will reopen in May, and the council agreed.",
        "close": "Repairs are finished,” the engineer told reporters on Friday.",
        "straight": 'The mayor said "the pier will reopen in May, and the council agreed.',
        "paired": "The mayor said “the pier will reopen in May,” and the council agreed.",
        "paragraphs": (
            "“The pier will reopen in May.\n"
            "“The council has agreed to pay for the work,” the mayor said."
        ),
        "lines": '"The pier will reopen in May.\nThe council will pay for it," she said.',
        "apostrophes": "It’s the mayor’s plan, and the engineers’ report backs it.",
        "inches": 'The new pipe is 6" wide and 12" long, the "standard" size.',
        "wrong-way": "The budget was ”shrinking” according to the harbour report.",
        # “ after the words a quotation ends with: German's closing mark, and an
        # English closing mark turned the wrong way
        "german": "The mayor told the crowd: „Der Hafen bleibt offen.“ Then she left.",
        "wrong-way-close": "The report called the claims “Mostly False.“ The council was silent.",
        "still-opens": "The mayor said: “We stay open. Then she left the harbour.",
        "doubled-singles": "It warned that ‘‘the harbour must stay open’’ all winter.",
        "new-quote": (
            "“We are ready, the spokesman said on Sunday.\n"
            "Asked again, he repeated it. “We will answer,” he said."
        ),
    }
    found = check(cli, tmp_path, texts)
    rule = "mt-unbalanced-quotes"
    assert matches(found, "open", rule) == ["“"]
    assert "never closed" in found["open"][0]["message"]
    assert matches(found, "close", rule) == ["”"]
    assert found["close"][0]["column"] == len("Repairs are finished,") + 1
    assert matches(found, "straight", rule) == ['"']
    for key in ("paired", "paragraphs", "lines", "apostrophes", "inches", "wrong-way"):
        assert matches(found, key, rule) == [], key
    for key in ("german", "wrong-way-close"):
        assert matches(found, key, rule) == [], key
    assert matches(found, "still-opens", rule) == ["“"]
    assert matches(found, "doubled-singles", rule) == []
    [finding] = [f for f in found["new-quote"] if f["rule"] == rule]
    assert finding["line"] == 1 and finding["column"] == 1


def test_marks_around_a_scraped_tags_values_are_not_quotation_marks(cli, tmp_path):
    """A shortcode left by the scraper (as on boilerplate dev aeb-0092) delimits its
    values with marks that quote nothing; a stray mark beside it still counts."""
    shortcode = (
        "[button link=”http://www.example.org/send-us-your-review/” type=”big” "
        "newwindow=”yes”] Send us YOUR review[/button]"
    )
    texts = {
        "shortcode": "The new saddle is light and firm.\n" + shortcode,
        "stray": shortcode + " The mayor said “the pier will reopen in May.",
        "tag": '<tweet author="carl" id="778">The vote is “close,” she wrote.</tweet>',
        "mixed-tag": '<tweet author="carl">The vote is “close,” she wrote.</tweet>',
        "not-a-tag": "The engineer said x=”5” was the limit for the pier.",
    }
    found = check(cli, tmp_path, texts)
    rule = "mt-unbalanced-quotes"
    assert matches(found, "shortcode", rule) == []
    assert matches(found, "stray", rule) == ["“"]
    assert matches(found, "tag", rule) == []
    assert matches(found, "mixed-tag", "mt-mixed-quotes") == []
    assert matches(found, "not-a-tag", rule) == ["”", "”"]


def test_mixed_quotation_mark_styles(cli, tmp_path):
    texts = {
        "minority": 'The mayor called it “realistic”, “sound” and "cheap" in one breath.',
        "tie": 'The mayor called the plan “realistic” and the budget "sound".',
        "angle": "Residents called the project «the “new” harbour» in their letter.",
        "curly": "The mayor called the plan “realistic” and the budget “sound”.",
        "inch": 'The “standard” pipe is 6" wide.',
        "apostrophe": "The mayor’s plan is “realistic”, the council’s is not.",
        "paragraphs": 'The mayor called it “realistic”.\nThe council called it "cheap".',
    }
    found = check(cli, tmp_path, texts)
    rule = "mt-mixed-quotes"
    [finding] = [f for f in found["minority"] if f["rule"] == rule]
    assert finding["text"] == '"' and finding["start"] == texts["minority"].index('"')
    assert "straight quotation mark among curly ones" in finding["message"]
    assert [f["start"] for f in found["tie"] if f["rule"] == rule] == [texts["tie"].index('"')]
    assert matches(found, "angle", rule) == ["“"]
    for key in ("curly", "inch", "apostrophe", "paragraphs"):
        assert matches(found, key, rule) == [], key


def test_fragments_are_flagged_and_short_sentences_pass(cli, tmp_path):
    texts = {
        "verbless": (
            "The council met on Tuesday to discuss the budget. Statement for the press. "
            "The vote was postponed until March."
        ),
        "orphan": "The ministry confirmed the agreement on this point. deputy minister.",
        "ended": "The talks collapsed after midnight. It ended. Nobody was surprised.",
        "said-no": "The minister was asked about the deadline. He said no.",
        "style": "Will the bridge reopen? Not yet. Engineers need another month or two.",
        "quoted": "“Thank you. We are grateful,” the mayor told the volunteers.",
        "alone": "Statement for the press.",
        "abbrev": "The line runs to the U.S. border. Trains stop at St. Anne and at Mt. Hood.",
        "list": "The guide lists sights. Harbour gardens. Old lighthouse. Fish market.",
        "digits": "Ticket sales opened on Monday. Gate 4 only. Queues formed at once.",
        "brand": "Sales rose sharply in the spring. iPhone models sold out first.",
        "verbs": "Prices jumped. Tourism sustains the town. Storms damage it.",
    }
    found = check(cli, tmp_path, texts)
    assert matches(found, "verbless", "mt-fragment") == ["Statement for the press."]
    assert matches(found, "orphan", "mt-fragment") == ["deputy minister."]
    for key in ("ended", "said-no", "style", "quoted", "alone", "abbrev", "list", "digits"):
        assert matches(found, key, "mt-fragment") == [], key
    assert matches(found, "brand", "mt-fragment") == []
    assert matches(found, "verbs", "mt-fragment") == []


def test_an_imperative_is_a_sentence_and_the_message_names_the_fragment_once(cli, tmp_path):
    # A recipe's "Season to taste." is an instruction with its verb first, not a
    # piece torn off a sentence; "Interview for CNN." has no verb and stays flagged.
    texts = {
        "recipe": (
            "Blend half the soup and stir it back into the pan. Season to taste. "
            "Squeeze in the juice of half a lemon just before serving."
        ),
        "oven": "Cut the dough into rounds. Preheat the oven. Bake for twelve minutes.",
        "scrap": "The minister spoke on Monday. Interview for CNN. The talks resume today.",
    }
    found = check(cli, tmp_path, texts)
    assert matches(found, "recipe", "mt-fragment") == []
    assert matches(found, "oven", "mt-fragment") == []
    [finding] = [f for f in found["scrap"] if f["rule"] == "mt-fragment"]
    assert finding["text"] == "Interview for CNN."
    assert finding["message"] == (
        'Fragment: "Interview for CNN." left between full sentences; '
        "join it to its sentence or delete it"
    )


def test_a_run_in_head_opening_a_paragraph_is_not_left_between_sentences(cli, tmp_path):
    # A live blog opens an entry with a short verbless head; nothing stands
    # before it, so it was not torn off a sentence. The same words between two
    # sentences are still a scrap.
    texts = {
        "head": "The view from Tenby. Our reader says her street has had no power since dawn.",
        "between": (
            "The wind has eased on the coast. The view from Tenby. Our reader says her "
            "street has had no power since dawn."
        ),
    }
    found = check(cli, tmp_path, texts)
    assert matches(found, "head", "mt-fragment") == []
    assert matches(found, "between", "mt-fragment") == ["The view from Tenby."]


def test_fragment_options(cli, tmp_path):
    texts = {
        "ignored": "The drought lasted all summer. Rain at last. Farmers were relieved.",
        "too-long": "The council met on Tuesday. Statement for the local press. It ended.",
        "short": "The council met on Tuesday. Statement for press. Nothing was decided.",
    }
    found = check(cli, tmp_path, texts, FRAGMENT_RULE, disable="mt-fragment")
    assert matches(found, "ignored", "test-fragment") == []
    assert matches(found, "too-long", "test-fragment") == []
    assert matches(found, "short", "test-fragment") == ["Statement for press."]


def test_capitalised_function_words_in_mid_sentence(cli, tmp_path):
    texts = {
        "seed-like": (
            "Russia was asked why it kept forces outside its borders In Lindmark Or in "
            "Velstad, he said."
        ),
        "said": "The harbour master of Velstad Said “We will rebuild the pier” on Monday.",
        "lower-both": "The minister visited the stands In the morning And said little.",
        "article": "The report was The most detailed so far, officials said.",
        "titles": (
            "She read Pride And Prejudice, sailed the Gulf Of Mexico, banked with Bank Of "
            "America and reviewed The Lord Of The Rings."
        ),
        "names": "The delegation flew to The Hague and met readers of The Times in Port Said.",
        "sentence": "The council met. In the morning it voted. And then it adjourned.",
        "colon": "The council was blunt: In its view the budget is too small.",
        "quote": "The mayor said “In May we will reopen the pier” to reporters.",
        "book": "The film is based on the novel In Cold Blood by Truman Capote.",
        "headline": "Protests In Velstad Turn Violent As Police Move In",
        "designation": "He has a type A personality and holds Class A shares in the port.",
        "quoted-name": "He spoke to the radio station “Velstad Says” on Friday.",
    }
    found = check(cli, tmp_path, texts)
    rule = "mt-capitalized-conjunction"
    assert matches(found, "seed-like", rule) == ["In", "Or"]
    starts = [f["start"] for f in found["seed-like"] if f["rule"] == rule]
    assert starts == [texts["seed-like"].index("In Lind"), texts["seed-like"].index("Or in")]
    assert matches(found, "said", rule) == ["Said"]
    assert matches(found, "lower-both", rule) == ["In", "And"]
    assert matches(found, "article", rule) == ["The"]
    for key in (
        "titles",
        "names",
        "sentence",
        "colon",
        "quote",
        "book",
        "headline",
        "designation",
        "quoted-name",
    ):
        assert matches(found, key, rule) == [], key


def test_a_name_opening_with_a_listed_word_is_a_name(cli, tmp_path):
    """ "To Lam" and "Or Yehuda" (as in a clean article on Vietnamese and Israeli
    news, and a project's name such as "In Good Company") are names: after a
    preposition the word cannot be a conjunction, and the article's later "To Lam"
    after a comma is the same name. A capital after a noun still flags."""
    texts = {
        "israeli": "Several hundred residents of Or Yehuda marched to the town hall on Sunday.",
        "vietnamese": (
            "The deal was signed during a visit by To Lam, the party leader. Speaking at a "
            "forum, To Lam said the port would open in 2030."
        ),
        "project": "The group worked with In Good Company, a project run by young designers.",
        "seed-like": "Russia kept forces outside its borders In Lindmark Or in Velstad, he said.",
        "comma-only": "Speaking at a forum, To Lam said the port would open in 2030.",
    }
    found = check(cli, tmp_path, texts)
    rule = "mt-capitalized-conjunction"
    for key in ("israeli", "vietnamese", "project"):
        assert matches(found, key, rule) == [], key
    assert matches(found, "seed-like", rule) == ["In", "Or"]
    # Alone, a comma before "To Lam" proves nothing: the article never showed the name.
    assert matches(found, "comma-only", rule) == ["To"]


def test_a_dateline_is_a_place_not_an_abbreviation_or_an_agency(cli, tmp_path):
    """An all-capital party or post (as "(BJP MLA)" on mt dev mt-000833, an
    English original) and an agency credit ("(CNN)", "(Reuters)") open English copy too."""
    texts = {
        "lisbon": "(Lisbon) The port authority said on Monday that traffic had doubled.",
        "washington": "(Washington) A senior official said on Saturday that talks would resume.",
        "invented": "(Varnolia) The harbour master said the pier would reopen in May.",
        "party": "(SNP MSP) Fiona Grant has promised new ferries for the island routes by spring.",
        "cnn": "(CNN) US State Department officials confirmed the talks on Monday.",
        "afp": "(AFP) The port authority said on Monday that traffic had doubled.",
        "reuters": "(Reuters) The port authority said on Monday that traffic had doubled.",
        "dw": "(Deutsche Welle) Days after the earthquake, the rescue teams were still at work.",
    }
    found = check(cli, tmp_path, texts)
    rule = "mt-parenthesized-dateline"
    assert matches(found, "lisbon", rule) == ["(Lisbon)"]
    assert matches(found, "washington", rule) == ["(Washington)"]
    assert matches(found, "invented", rule) == ["(Varnolia)"]
    for key in ("party", "cnn", "afp", "reuters", "dw"):
        assert matches(found, key, rule) == [], key


def test_a_possessive_after_the_outlet_is_not_a_garbled_attribution(cli, tmp_path):
    """ "interview for The Washington Post's series" (as on attribution dev pn-0642)
    is ordinary English; "Interview for CNN." is the translation artifact."""
    texts = {
        "fragment": "Interview for CNN. The minister said the talks would resume in May.",
        "declared": "The minister declared for CNN that the talks would resume in May.",
        "post": (
            "Ortiz agreed to a 20-minute interview for The Washington Post's series on port "
            "towns, answering questions about her career."
        ),
        "curly": "The minister gave an interview to CNN’s chief correspondent on Monday.",
    }
    found = check(cli, tmp_path, texts)
    rule = "mt-garbled-attribution"
    assert matches(found, "fragment", rule) == ["Interview for CNN"]
    assert matches(found, "declared", rule) == ["declared for CNN"]
    for key in ("post", "curly"):
        assert matches(found, key, rule) == [], key


def test_a_run_in_subhead_is_a_title_not_mid_sentence(cli, tmp_path):
    """ "The Gap Goes On: It was during …" (as on attribution dev pn-0247) opens a
    paragraph with a title-case subhead; words after it are still checked."""
    texts = {
        "subhead": (
            "The Gap Goes On: It was during Ms. Lund's term that the council founded the "
            "Harbour Trust, which is dedicated to keeping the old docks open. She has "
            "championed ferry links and extended grants to small boatyards."
        ),
        "after": "The Gap Goes On: troops stayed in the north Or in the east, the report said.",
        "sentence": "Troops stayed in the north Or in the east: the report said so.",
        "long": (
            "Troops of the army stayed in the town and the north Or in the east of the land: "
            "so the report said."
        ),
    }
    found = check(cli, tmp_path, texts)
    rule = "mt-capitalized-conjunction"
    assert matches(found, "subhead", rule) == []
    assert matches(found, "after", rule) == ["Or"]
    assert matches(found, "sentence", rule) == ["Or"]
    assert matches(found, "long", rule) == ["Or"]


@pytest.mark.parametrize(
    ("kind", "options", "expected"),
    [
        ("repetition", "", "set 'lines: true' or 'words: true'"),
        ("quotes", "    unbalanced: false\n    mixed: false\n", "set 'unbalanced' or 'mixed'"),
        ("consistency", "    groups: [[Kyiv]]\n", "group 1: give at least two"),
        ("consistency", "    groups: [[Kyiv, Kiev], [kiev, Kyjiw]]\n", "already in group 1"),
        ("consistency", "    groups: [Kyiv, Kiev]\n", "expected a list"),
        ("capitalization", "    words: [In, of the]\n", "words: give single words"),
        ("fragment", "    max_words: 0\n", "must be at least 1"),
        ("fragment", "    max_word: 3\n", "did you mean 'max_words'?"),
    ],
)
def test_options_are_validated_on_load(cli, tmp_path, kind, options, expected):
    pack = tmp_path / "bad.yaml"
    pack.write_text(
        f"rules:\n  - id: bad\n    kind: {kind}\n    category: machine_translation\n"
        f"    message: m\n{options}",
        encoding="utf-8",
    )
    result = cli("rules", "test", pack)
    assert result.code == 2
    assert expected in result.err


def test_each_kind_declares_and_documents_its_options():
    for name in ("repetition", "consistency", "quotes", "fragment", "capitalization"):
        kind = KINDS[name]
        assert kind.kind == name and kind.description and kind.options
        assert all(option.description for option in kind.options)


def test_new_kinds_are_fast_on_a_4_kb_article():
    paragraph = (
        "The harbour authority said on Tuesday that “repairs to the northern pier” would "
        "take until May, and that the ferry to Velstad And Lindmark would run from Kyiv "
        "pier. Engineers found cracks In the older piers. Statement for the press. "
    )
    text = "\n".join([paragraph * 2] * 12)[:4096]
    rules = [
        rule
        for pack in load_packs()
        for rule in pack.rules
        if rule.meta.kind in ("repetition", "consistency", "quotes", "fragment", "capitalization")
    ]
    context = CheckContext("en", 1.0, ("en",))
    for rule in rules:
        articles = [parse_text(text, "a", "a") for _ in range(20)]
        for article in articles:
            for block in article.blocks:
                _ = block.sentences, block.quotes
        with CpuClock() as clock:
            for article in articles:
                list(rule.hits(article, article.body_blocks, context))
        per_article = clock.seconds / len(articles)
        assert per_article < 0.01, (rule.meta.id, per_article)


@needs_shared()
def test_seed_findings(cli):
    result = cli("check", SEEDS, "--format", "json", "--fail-on", "never")
    found = {
        Path(article["path"]).name[:3]: {(f["rule"], f["text"]) for f in article["findings"]}
        for article in result.json()["articles"]
    }
    assert ("mt-capitalized-conjunction", "In") in found["002"]
    assert ("mt-capitalized-conjunction", "Or") in found["002"]
    assert ("mt-capitalized-conjunction", "Said") in found["002"]
    assert ("mt-fragment", "Interview for CNN.") in found["002"]
    assert ("mt-fragment", "senior official.") in found["003"]


def test_an_artifact_rule_message_follows_its_label_and_does_not_repeat_it(cli, tmp_path):
    # The engine puts the artifact's label first; a message that names the label
    # again read "Capitalisation: Capitalised "In" ..." and "Source-language
    # format: Decimal comma ..., a source-language number format".
    from qualitycheck.document.artifacts import ARTIFACTS

    rules = [
        rule
        for pack in load_packs()
        for rule in pack.rules
        if rule.meta.artifact is not None and rule.meta.enabled
    ]
    texts = {rule.meta.id: rule.meta.examples["flag"][0] for rule in rules}
    found = check(cli, tmp_path, texts)
    for rule in rules:
        label = ARTIFACTS[rule.meta.artifact].label.capitalize()
        [message, *_] = [f["message"] for f in found[rule.meta.id] if f["rule"] == rule.meta.id]
        assert message.startswith(label + ": "), message
        rest = message[len(label) + 2 :].lower()
        assert label.lower() not in rest, message
        assert not rest.startswith(label.lower()[:6]), message


def test_a_credit_in_a_marked_up_caption_is_no_torn_off_scrap(cli, tmp_path):
    # A caption is a scrap by design ("Volunteers at work, May 2026. Photo by
    # the writer."): a figcaption is the page's own, as the photo-credit rules'
    # skip_blocks say, not a sentence that translation tore apart. The same
    # words between two sentences of a paragraph are still one.
    (tmp_path / "page.html").write_text(
        "<html><body><h1>Coat drive fills church hall</h1>\n"
        "<p>The coat drive at St Anne's collected more than four hundred coats this winter, "
        "twice as many as last year, and volunteers have started giving them out.</p>\n"
        '<figure><img src="hall.jpg" alt=""><figcaption>A volunteer sorts donated coats in '
        "the church hall, January 2026. Photo by the writer.</figcaption></figure>\n"
        "<p>The hall was busy all week. Photo by the writer. Volunteers sorted coats until "
        "late on Friday and packed the last boxes on Saturday morning.</p>\n"
        "</body></html>\n",
        encoding="utf-8",
    )
    [article] = cli("check", "page.html", "--format", "json").json()["articles"]
    lines = [f["line"] for f in article["findings"] if f["rule"] == "mt-fragment"]
    assert lines == [4]
