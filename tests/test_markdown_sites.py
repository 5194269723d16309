"""Markdown as static-site generators and docs tools take it (Hugo, Jekyll,
Docusaurus, VitePress, Pandoc, GitHub, MDX): their markup is no prose of the
article, the human text it holds is, and every kept character still points at
its place in the file."""

from __future__ import annotations

from conftest import write

from qualitycheck.readers.base import ReadSettings
from qualitycheck.readers.markdown import read_markdown

LEAD = "The dredger reached the harbour on Friday after two days of high winds."
TAIL = "Work on the channel starts on Monday and will take about six weeks."


def article_of(source: str):
    [article] = read_markdown(source, "a.md", ReadSettings())
    for block in article.blocks:  # every character still maps to itself (or its entity)
        for index, char in enumerate(block.text):
            start, end = block.mapping.source_span(index, index + 1)
            raw = source[start:end]
            assert char.isspace() or raw == char or raw.startswith("&"), (block.text, index)
    return article


def blocks(source: str) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in article_of(source).blocks]


def test_hugo_toml_front_matter_gives_the_title_and_is_no_paragraph():
    """Before, the ``+++`` block was read as the first paragraph and the
    article had no title."""
    source = (
        '+++\ntitle = "Dredger arrives at the harbour"\ndate = 2026-03-14T08:00:00Z\n'
        'tags = ["harbour", "shipping"]\nlanguage = "en"\n+++\n\n' + LEAD + "\n"
    )
    article = article_of(source)
    assert article.title == "Dredger arrives at the harbour"
    assert article.language_hint == "en"
    assert article.metadata["tags"] == ["harbour", "shipping"]
    assert [block.text for block in article.blocks] == [LEAD]
    assert article.warnings == []


def test_invalid_toml_front_matter_is_ignored_with_a_warning_naming_its_line():
    source = '+++\ntitle = "Dredger"\ndate = = 3\n+++\n\n' + LEAD + "\n"
    article = article_of(source)
    assert article.warnings == ["front matter ignored at line 3: invalid TOML: Invalid value"]
    assert [block.text for block in article.blocks] == [LEAD]
    deep = "+++\nx = " + "[" * 5000 + "\n+++\n\n" + LEAD + "\n"
    assert article_of(deep).warnings == ["front matter ignored: invalid TOML: nested too deeply"]


def test_plus_signs_that_open_no_front_matter_stay_text():
    source = "+++ A line of pluses is no front matter without its closing line.\n\n" + LEAD
    assert len(article_of(source).blocks) == 2


def test_shortcodes_and_liquid_tags_are_markup_and_their_inner_text_is_the_articles():
    """Before, each tag was text of the article ("{{% notice info %}} The
    library's opening hours…", "{% include breaking.html %}")."""
    source = (
        "{% include breaking.html %}\n\n"
        f"{LEAD}\n\n"
        "{{% notice info %}}\nThe quay is closed to visitors while the dredger works.\n"
        "{{% /notice %}}\n\n"
        '{{< quote author="Ellen Price" >}}We have waited three winters for this.'
        "{{< /quote >}}\n\n"
        '{{< youtube id="dQw4w9WgXcQ" title="Harbour time-lapse" >}}\n\n'
        'Published on {{ page.date | date: "%B %-d" }} by {{ page.author }}.\n\n'
        '{%- include related.html tag="harbour" -%}\n'
        f"{TAIL}\n"
    )
    assert blocks(source) == [
        ("paragraph", LEAD),
        ("paragraph", "The quay is closed to visitors while the dredger works."),
        ("paragraph", "We have waited three winters for this."),
        ("paragraph", "Published on by ."),
        ("paragraph", TAIL),
    ]


def test_code_and_comments_in_template_tags_are_skipped():
    source = (
        f"{LEAD}\n\n"
        '{{< highlight python >}}\nprint("Share this article")\n{{< / highlight >}}\n\n'
        "{% comment %}\nAsk the harbour master for the tonnage.\n{% endcomment %}\n\n"
        '{% highlight ruby %}\nputs "Subscribe"\n{% endhighlight %}\n'
        f"{TAIL}\n"
    )
    assert blocks(source) == [("paragraph", LEAD), ("paragraph", TAIL)]


def test_a_code_or_comment_tag_never_closed_says_what_it_hides():
    """Hugo and Jekyll refuse to build such a page; the check read none of the
    text under the tag and said nothing: the article's end was lost unseen."""
    for opener in ("{{< highlight go >}}", "{% comment %}", "<pre>"):
        source = f"{LEAD}\n\n{opener}\nfmt.Println(1)\n\n{TAIL}\n"
        article = article_of(source)
        assert [block.text for block in article.blocks] == [LEAD]
        assert article.warnings == [f"from line 3 on, not read: {opener} there is never closed"], (
            opener
        )
    closed = article_of(f"{LEAD}\n\n{{% comment %}}\nA note.\n{{% endcomment %}}\n")
    unread = article_of(f"{LEAD}\n\n{{% comment %}}\n\n")  # nothing under it
    assert closed.warnings == unread.warnings == []


def test_braces_in_prose_stay_prose():
    lines = [
        "The council's budget {2026} was set in March.",
        "A {% sign alone, or empty braces {{ }} and {{}}, or {{-}}, are text.",
        "Tags that never close stay text: {{< figure and {% include",
    ]
    source = "\n\n".join(lines) + "\n"
    assert [text for _, text in blocks(source)] == lines


def test_a_line_of_unclosed_template_tags_is_read_in_linear_time():
    from conftest import CpuClock

    def cost(count: int) -> float:
        source = "{{< a " * count + "\n\n" + "{% b " * count + "\n"
        with CpuClock() as clock:
            article_of(source)
        return clock.seconds

    small, large = cost(20_000), cost(80_000)
    assert large < 4 * small * 3 + 0.2  # linear: four times the text, not sixteen


def test_quotes_in_a_shortcode_are_no_unbalanced_quotation_marks(cli, tmp_path):
    """Before: two mt-unbalanced-quotes infos on the shortcode's attribute quotes."""
    path = tmp_path / "harbour.md"
    path.write_text(
        f"# Dredger arrives\n\n{LEAD}\n\n"
        '{{< gallery dir="/img/harbour" >}}\n\n'
        '{% include related.html tag="harbour" %}\n\n'
        f"{TAIL}\n",
        encoding="utf-8",
    )
    [article] = cli("check", path, "--no-models", "--format", "json").json()["articles"]
    assert [f["rule"] for f in article["findings"]] == []


def test_clean_keeps_a_pages_template_tags(cli, tmp_path):
    """Before, the boilerplate model took a tag alone on its line for page
    furniture, and ``clean`` removed it: the published page lost its gallery
    and its related stories."""
    source = (
        "---\ntitle: Cycle lane on Mill Road opens to riders\n---\n\n"
        "The new cycle lane on Mill Road opened on Wednesday, separating riders from "
        "traffic along the busiest stretch between the station and the hospital.\n\n"
        '{{< gallery dir="/img/mill-road" />}}\n\n'
        "Council engineer Ravi Shah said the design had been changed after residents "
        "asked for more loading bays for the shops along the road.\n\n"
        '{% include related.html tag="transport" %}\n'
    )
    write(tmp_path / "in" / "lane.md", source)
    result = cli("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "lane.md").read_text(encoding="utf-8") == source


def test_a_figure_shortcodes_caption_title_and_credit_are_its_caption():
    source = (
        f"{LEAD}\n\n"
        '{{< figure src="/img/dredger.jpg" alt="A dredger at the quay" title="At the quay"\t'
        'caption="The dredger arrives at the north quay." attr=`Photo: Lee Hart` >}}\n\n'
        '{% include figure image_path="/img/quay.jpg" caption="The quay at low tide." %}\n\n'
        '{{< figure src="/img/channel.jpg" >}}\n'
        f"{TAIL}\n"
    )
    assert blocks(source) == [
        ("paragraph", LEAD),
        ("caption", "At the quay"),
        ("caption", "The dredger arrives at the north quay."),
        ("caption", "Photo: Lee Hart"),
        ("caption", "The quay at low tide."),
        ("paragraph", TAIL),
    ]


def test_a_figure_shortcodes_caption_is_no_scraper_credit(cli, tmp_path):
    """Before: boilerplate-photo-credit, an error, on the figure's line (the
    article failed), and ``clean`` removed the figure from the page."""
    source = (
        "---\ntitle: Allotment waiting list falls for the first time in a decade\n---\n\n"
        "The waiting list for allotments in the town has fallen for the first time in ten "
        "years after the council split large plots in two.\n\n"
        '{{< figure src="/img/allotments.jpg" caption="Plots on Green Lane were halved '
        'last winter." attr="Photo: Lee Hart" >}}\n\n'
        "About 180 people are now waiting for a plot, down from 260 last year.\n"
    )
    path = write(tmp_path / "in" / "plots.md", source)
    [article] = cli("check", path, "--format", "json").json()["articles"]
    assert [f["rule"] for f in article["findings"] if f["severity"] != "info"] == []
    assert cli("clean", path, "-o", tmp_path / "out").code == 0
    assert (tmp_path / "out" / "plots.md").read_text(encoding="utf-8") == source


def test_admonition_and_div_fences_are_markup_their_titles_headings_their_bodies_text():
    """Before, each fence was text of the paragraph it opened (":::note The
    contract covers…:::")."""
    source = (
        f"{LEAD}\n\n"
        ":::note\nThe quay is closed to visitors.\n:::\n\n"
        ":::tip[What changes for boat owners]\nMoorings move to the east pier.\n:::\n\n"
        "::: warning Tides this week\nHigh water is at noon.\n:::\n\n"
        ':::info{title="Fees"}\nMooring fees stay the same.\n:::\n\n'
        "::: {.sidebar #facts}\nThe channel was last dredged in 1998.\n::: :::\n\n"
        '::::: {.columns}\n:::: {.column width="50%"}\nThe north quay.\n::::\n:::::\n'
        f"{TAIL}\n"
    )
    assert blocks(source) == [
        ("paragraph", LEAD),
        ("paragraph", "The quay is closed to visitors."),
        ("heading", "What changes for boat owners"),
        ("paragraph", "Moorings move to the east pier."),
        ("heading", "Tides this week"),
        ("paragraph", "High water is at noon."),
        ("paragraph", "Mooring fees stay the same."),
        ("paragraph", "The channel was last dredged in 1998."),
        ("paragraph", "The north quay."),
        ("paragraph", TAIL),
    ]
    assert article_of(source).title is None  # a box's title is no headline
    assert article_of(f"# Dredger arrives\n\n{source}").title == "Dredger arrives"


def test_colons_in_prose_stay_prose():
    lines = [
        "::: 2026 was the driest year on record, the council said.",
        ":::a.b is how the old system named its files.",
        "The score was 3:::1 at half time, a typing slip the paper corrected.",
    ]
    source = "\n\n".join(lines) + "\n"
    assert [text for _, text in blocks(source)] == lines


def test_attribute_lists_are_markup():
    """Before, "{: .lead}" was the end of the paragraph above it, "{: .caption}"
    under an image its caption, a heading's "{#award .news}" part of the
    headline and an image's "{width=60%}" a paragraph."""
    source = (
        "# Dredger arrives {#dredger .news}\n\n"
        f"{LEAD}\n{{: .lead}}\n\n"
        "![The dredger at the quay](dredger.jpg){width=60%}\n"
        "The dredger at the north quay.\n\n"
        '![The channel](channel.jpg "The channel")\n{: .caption}\n\n'
        "The harbour master read [the council's notice]{.smallcaps} and "
        '[its budget](budget.html){:target="_blank"} aloud.\n'
        "{:#budget .highlight}\n{:wide: .full-width}\n\n"
        "{::comment}\nCheck the tonnage before this goes out.\n{:/comment}\n"
        '{::options parse_block_html="true" /}\n\n'
        f"{{::nomarkdown}}\n{TAIL}\n{{:/nomarkdown}}\n"
    )
    assert blocks(source) == [
        ("title", "Dredger arrives"),
        ("paragraph", LEAD),
        ("caption", "The dredger at the north quay."),
        ("paragraph", "The harbour master read the council's notice and its budget aloud."),
        ("paragraph", TAIL),
    ]


def test_braces_that_hold_no_attributes_stay_prose():
    lines = [
        "# Budget {2026} approved",
        "The plan {#1 priority, said the mayor} passed.",
        "[Editor's note]{this is no attribute list} stays as it is.",
    ]
    assert [text for _, text in blocks("\n\n".join(lines) + "\n")] == [
        "Budget {2026} approved",
        "The plan {#1 priority, said the mayor} passed.",
        "[Editor's note]{this is no attribute list} stays as it is.",
    ]


def test_a_github_alerts_marker_is_markup_and_its_body_the_writers_text():
    """Before, "[!NOTE]" opened the text of a block quote: words of a speaker,
    not the writer's, which the claim rules leave."""
    source = (
        f"{LEAD}\n"
        "> [!NOTE]\n> The quay is closed to visitors.\n> Moorings move to the east pier.\n"
        ">\n> - Fees stay the same.\n\n"
        "> [!warning]  \n> High water is at noon.\n"
        '> "We have waited three winters," the harbour master said.\n\n'
        '> "We have waited three winters," the harbour master said.\n\n'
        "> [!NOTE] is how the old site marked its notes.\n\n"
        f"{TAIL}\n"
    )
    assert blocks(source) == [
        ("paragraph", LEAD),
        ("paragraph", "The quay is closed to visitors. Moorings move to the east pier."),
        ("list_item", "Fees stay the same."),
        (
            "paragraph",
            'High water is at noon. "We have waited three winters," the harbour master said.',
        ),
        ("quote", '"We have waited three winters," the harbour master said.'),
        ("quote", "[!NOTE] is how the old site marked its notes."),
        ("paragraph", TAIL),
    ]


def test_mdx_import_and_export_lines_and_comments_are_no_prose():
    """Before, the import lines were the article's first paragraph."""
    source = (
        "---\ntitle: Flood defences tested\n---\n\n"
        "import Chart from '../components/Chart'\n"
        'import { Callout } from "@site/src/components/Callout";\n'
        "import {\n  Gauge,\n  Map,\n} from './widgets';\n\n"
        "export const meta = { section: 'weather' };\n\n"
        f"{LEAD} {{/* the figures from the gauge */}}\n\n"
        "<Chart data={levels} height={300} />\n\n"
        "export default function Layout({ children }) {\n  return children;\n}\n\n"
        f"{TAIL}\n"
    )
    assert blocks(source) == [("paragraph", LEAD), ("paragraph", TAIL)]


def test_an_mdx_comment_over_several_lines_is_no_prose():
    """Before, "{/*", the note and "*/}" were a paragraph of the article:
    "{/ TODO: check the gauge's figures /}"."""
    source = (
        f"{LEAD}\n\n{{/*\n  TODO: check the gauge's figures with the agency\n*/}}\n\n"
        f"  {{/* the chart below\n  is drawn from the gauge */}}\n{TAIL}\n"
    )
    assert blocks(source) == [("paragraph", LEAD), ("paragraph", TAIL)]


def test_words_like_import_and_export_in_prose_stay_prose():
    lines = [
        "import duties on steel rose by a tenth, the ministry said.",
        "export figures for March were the best in a decade.",
        "Exports rose. The firm will import 'green' steel from Sweden.",
    ]
    source = f"{LEAD}\nimport from Norway fell.\n\n" + "\n\n".join(lines) + "\n"
    assert [text for _, text in blocks(source)] == [f"{LEAD} import from Norway fell.", *lines]


def test_an_mdx_file_named_is_read_as_markdown_and_a_walk_still_leaves_it(cli, tmp_path):
    """Before, ``check flood.mdx`` read it as plain text: five warnings
    (boilerplate-outside-body) on its front matter and import lines."""
    source = (
        "---\ntitle: Flood defences tested\n---\n\n"
        "import Chart from '../components/Chart'\n\n"
        f"{LEAD}\n\n<Chart height={{300}} />\n\n{TAIL}\n"
    )
    path = write(tmp_path / "docs" / "flood.mdx", source)
    [article] = cli("check", path, "--no-models", "--format", "json").json()["articles"]
    assert (article["title"], article["findings"]) == ("Flood defences tested", [])
    walked = cli("check", tmp_path / "docs", "--no-models", "--format", "json").json()
    assert walked["articles"] == []


def test_an_html_figures_figcaption_is_a_caption(cli, tmp_path):
    """Before, a <figcaption> in a Markdown file was a paragraph: its credit
    was boilerplate-photo-credit's, an error, and ``clean`` cut the caption."""
    source = (
        "# New footbridge lifted into place\n\n"
        "A crane lifted the new footbridge over the railway into place early on Sunday, "
        "closing the line for six hours.\n\n"
        '<figure>\n  <img src="/img/footbridge.jpg" alt="The footbridge on the crane">\n'
        "  <FIGCAPTION class=wide>The span is lowered onto its supports.\n"
        "  Photo: Lee Hart</figcaption>\n</figure>\n\n"
        "The bridge replaces an old iron crossing that was closed in 2024 after inspectors "
        "found rust in its beams. Walkers have used a level crossing since then.\n"
    )
    assert blocks(source)[2] == (
        "caption",
        "The span is lowered onto its supports. Photo: Lee Hart",
    )
    path = write(tmp_path / "in" / "bridge.md", source)
    [article] = cli("check", path, "--format", "json").json()["articles"]
    assert [f["rule"] for f in article["findings"] if f["severity"] != "info"] == []
    assert cli("clean", path, "-o", tmp_path / "out").code == 0
    assert (tmp_path / "out" / "bridge.md").read_text(encoding="utf-8") == source


def test_a_tag_written_a_parameter_a_line_is_markup_and_a_figures_caption_is_kept():
    """Before, each parameter line was text: two unbalanced quotation marks a
    line, and the closing ">}}" a block quote."""
    source = (
        f"{LEAD}\n\n"
        '{{< figure\n    src="/img/dredger.jpg"\n    alt="A dredger at the quay"\n'
        '    caption="The dredger arrives at the north quay."\n>}}\n\n'
        '{% include figure.html\n   image="/img/quay.jpg"\n   caption="The quay at low tide." %}\n'
        '{{< gallery dir="/img/harbour"\n  columns="3" >}}\n\n'
        "{{< figure src=/img/never-closed.jpg\n"
        f"{TAIL}\n\n{LEAD}\n"
    )
    assert blocks(source) == [
        ("paragraph", LEAD),
        ("caption", "The dredger arrives at the north quay."),
        ("caption", "The quay at low tide."),
        ("paragraph", LEAD),  # a tag never closed ends at the blank line
    ]


def test_a_link_definitions_title_on_the_line_under_it_is_no_paragraph():
    """Before, the title was a paragraph of its own, quotation marks and all."""
    source = (
        f"{LEAD} The [regulator][ofwat] and the [authority][cma] agreed.\n\n"
        '[ofwat]: https://example.org/ofwat\n    "Final decision"\n'
        "[cma]: <https://example.org/cma>\n  (Competition authority)\n"
        '\n"A quotation under a blank line is text," the harbour master said.\n'
    )
    assert [text for _, text in blocks(source)] == [
        f"{LEAD} The regulator and the authority agreed.",
        '"A quotation under a blank line is text," the harbour master said.',
    ]


def test_a_tag_or_component_written_an_attribute_a_line_is_markup():
    """Before, "<Chart data={levels} … />" was a paragraph of the article."""
    source = (
        f"{LEAD}\n\n"
        '<Chart\n  data={levels}\n  title="River level at the town bridge"\n/>\n\n'
        '<img\n  src="/img/barrier.jpg"\n  alt="The barrier at dawn">\n\n'
        '<a\n  href="/flood-map">The flood map</a> shows the streets at risk.\n\n'
        f"{TAIL}\n"
    )
    assert [" ".join(text.split()) for _, text in blocks(source)] == [
        LEAD,
        "The flood map shows the streets at risk.",  # the text after the tag is read
        TAIL,
    ]


def test_an_arrow_function_in_a_components_attribute_does_not_end_its_tag():
    """Before, the ">" of "=>" ended the tag: "showLabel(point)} title=… />"
    was a paragraph of the article."""
    source = (
        f"{LEAD}\n\n"
        "<Chart\n  data={levels}\n  onHover={(point) => showLabel(point)}\n"
        '  title="River level at the town bridge"\n/>\n\n'
        "<Chart onHover={(point) => showLabel(point)}\n  data={levels}\n/>\n\n"
        f"{TAIL}\n"
    )
    assert blocks(source) == [("paragraph", LEAD), ("paragraph", TAIL)]


def test_a_template_tag_in_a_links_destination_keeps_it_a_link():
    """Before, a link or image whose address starts with a template tag (as
    Jekyll's and Hugo's usually do) was no link: its brackets and address were
    text, and the text under such an image was no caption."""
    source = (
        "The council published [the report]({{ site.baseurl }}/reports/2026.pdf), "
        '[the map]({{ "/maps/lane" | relative_url }}), [the rules]({{< ref "rules.md" >}}) '
        'and [the notice]({% link notice.md %} "Notice").\n\n'
        "![The lane at dawn]({{ site.baseurl }}/img/lane.jpg)\n"
        "The lane at dawn on its first day.\n"
    )
    assert blocks(source) == [
        ("paragraph", "The council published the report, the map, the rules and the notice."),
        ("caption", "The lane at dawn on its first day."),
    ]


def test_a_line_of_unclosed_link_destinations_with_tags_is_read_in_linear_time():
    from conftest import CpuClock

    def cost(count: int) -> float:
        source = "[a](" + "{{x}}" * count + " [b](" + "{%y%}{" * count + "\n"
        with CpuClock() as clock:
            article_of(source)
        return clock.seconds

    small, large = cost(20_000), cost(80_000)
    assert large < 4 * small * 3 + 0.2  # linear: four times the text, not sixteen


def test_a_definition_list_is_terms_and_definitions(cli, tmp_path):
    """Before, "Term" and ": Its definition" were one paragraph, "Term : Its
    definition", and mt-space-before-punctuation flagged the line break."""
    source = (
        f"{LEAD}\n\nDredger\n: A ship that digs silt from a channel.\n"
        "  It works at high tide.\n: Also the crew's name for its captain.\n\n"
        "Channel\n:   The deep water the boats use.\n\n"
        ": A colon opening a paragraph is text.\n"
    )
    assert blocks(source) == [
        ("paragraph", LEAD),
        ("term", "Dredger"),
        ("definition", "A ship that digs silt from a channel. It works at high tide."),
        ("definition", "Also the crew's name for its captain."),
        ("term", "Channel"),
        ("definition", "The deep water the boats use."),
        ("paragraph", ": A colon opening a paragraph is text."),
    ]
    path = write(tmp_path / "terms.md", source)
    [article] = cli("check", path, "--no-models", "--format", "json").json()["articles"]
    assert [f["rule"] for f in article["findings"]] == []


def test_entities_are_the_characters_a_renderer_shows():
    """Before, "council&rsquo;s" and "funded&nbsp;by" were words of the text."""
    source = (
        "The council&rsquo;s plan &mdash; approved on Monday &amp; funded&nbsp;by the "
        "state &#8211; starts in May &#x2014; &unknown; and AT&T stay as they are.\n"
    )
    assert blocks(source) == [
        (
            "paragraph",
            "The council\u2019s plan \u2014 approved on Monday & funded by the state "
            "\u2013 starts in May \u2014 &unknown; and AT&T stay as they are.",
        )
    ]
    [block] = article_of(source).blocks
    start, end = block.mapping.source_span(11, 12)  # the apostrophe is its entity
    assert source[start:end] == "&rsquo;"


def test_a_players_fallback_text_is_no_prose():
    """Before, "Your browser does not support the video tag." was a paragraph
    of the article (the HTML reader leaves it out)."""
    source = (
        f"{LEAD}\n\n"
        '<video controls src="/v/lift.mp4">\n  Your browser does not support the video tag.\n'
        "</VIDEO>\n\n"
        '<iframe src="https://example.org/embed" title="Lift">Your browser does not support '
        "iframes.</iframe> Watch the lift above.\n\n"
        '<audio src="/a.mp3">\nDownload the audio.\n\n'
        f"{TAIL}\n"
    )
    assert [" ".join(text.split()) for _, text in blocks(source)] == [
        LEAD,
        "Watch the lift above.",
        TAIL,  # an element never closed ends at a blank line
    ]


def test_a_player_that_closes_itself_hides_no_prose_under_it():
    """MDX writes a player with no fallback as ``<video … />``. Before, the
    reader waited for ``</video>`` and took the paragraph under it (up to the
    next blank line) for the player's fallback: no rule read it."""
    players = [
        '<video controls src="/v/lift.mp4" />',
        '<iframe src="https://example.org/embed?a=1&b=2" title="Lift > stairs"/>',
        "<Audio src='/a.mp3' onEnded={() => next()} />",
        '<object data="/lift.svg" /> The lift in numbers.',
    ]
    for player in players:
        source = f"{LEAD}\n\n{player}\n{TAIL}\n"
        after = player.partition("/> ")[2]  # text after the player, on its line
        assert [text for _, text in blocks(source)] == [LEAD, f"{after} {TAIL}".strip()], player
    # a player with a fallback still hides it, to its end tag or a blank line
    source = f'{LEAD}\n\n<video src="/v/lift.mp4">\nYour browser cannot play it.\n\n{TAIL}\n'
    assert [text for _, text in blocks(source)] == [LEAD, TAIL]


def test_hugo_json_front_matter_gives_the_title_and_is_no_paragraph():
    """Before, the JSON object was the first paragraph and the title was lost."""
    source = (
        '{\n  "title": "Dredger arrives",\n  "tags": ["harbour"],\n'
        '  "params": {\n    "lang": "en"\n  }\n}\n\n' + LEAD + "\n"
    )
    article = article_of(source)
    assert (article.title, article.metadata["tags"]) == ("Dredger arrives", ["harbour"])
    assert [block.text for block in article.blocks] == [LEAD]
    # Braces that hold no JSON are the article's text, with a warning.
    broken = "{\nThe council met.\n}\n\n" + LEAD + "\n"
    article = article_of(broken)
    assert article.warnings == [
        "front matter not read at line 2: invalid JSON: "
        "Expecting property name enclosed in double quotes; read as text"
    ]
    assert [block.text for block in article.blocks] == ["{ The council met. }", LEAD]
