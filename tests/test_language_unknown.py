"""Languages langdetect does not know are "not identified" (``und``), not
named as their nearest neighbour; short English texts with foreign names stay
English. The texts are written for these tests."""

from __future__ import annotations

import json

import pytest

from qualitycheck.detect.signals import language

#: Languages langdetect has no profile for: it named them Swahili, Vietnamese,
#: Indonesian, Swahili and Turkish at probability 1.0.
UNKNOWN = {
    "ha": (
        "Gwamnatin tarayya ta bayyana cewa za a fara aikin gina sabuwar hanya a jihar Kano "
        "a mako mai zuwa. Ministan ayyuka ya ce aikin zai dauki shekaru biyu kafin a kammala "
        "shi. Mutanen garin sun yi murna da wannan labari, amma wasu sun ce suna tsoron cewa "
        "za a rushe gidajensu."
    ),
    "yo": (
        "Ìjọba àpapọ̀ ti kéde pé iṣẹ́ ọ̀nà tuntun yóò bẹ̀rẹ̀ ní ìpínlẹ̀ Ọ̀yọ́ ní ọ̀sẹ̀ tó ń bọ̀. "
        "Mínísítà fún iṣẹ́ sọ pé iṣẹ́ náà yóò gba ọdún méjì. Àwọn ará ìlú dúpẹ́ fún ìròyìn náà."
    ),
    "eu": (
        "Gobernuak iragarri du errepide berriaren eraikuntza datorren astean hasiko dela "
        "Gipuzkoan. Herri lanetako sailburuak esan du proiektuak bi urte iraungo dituela. "
        "Herritarrak pozik agertu dira albistearekin, baina batzuk kezkatuta daude."
    ),
    "zu": (
        "Uhulumeni uthe ukwakhiwa komgwaqo omusha esifundazweni saKwaZulu-Natal kuzoqala "
        "ngesonto elizayo. UNgqongqoshe wemisebenzi yomphakathi uthe lo msebenzi uzothatha "
        "iminyaka emibili. Izakhamuzi zijabule ngalezi zindaba."
    ),
    "az": (
        "Hökumət yeni yolun tikintisinin gələn həftə Gəncə şəhərində başlayacağını elan edib. "
        "Nazir bildirib ki, layihə iki il çəkəcək. Yerli sakinlər bu xəbəri sevinclə "
        "qarşılayıblar."
    ),
    # Cyrillic, named Russian
    "kk": (
        "Үкімет жаңа жолдың құрылысы келесі аптада Алматы облысында басталатынын жариялады. "
        "Министрдің айтуынша, жоба екі жылға созылады. Жергілікті тұрғындар бұл жаңалыққа қуанды."
    ),
    # langdetect cannot decide (best probability below 0.6), and English fits it badly
    "ha-undecided": (
        "Hukumar zabe ta kasa ta sanar da sakamakon zaben gwamna a jihar Kaduna ranar Lahadi. "
        "Jam'iyyar adawa ta ce ba ta amince da sakamakon ba, kuma za ta kai kara kotu. 'Yan "
        "sanda sun ce an samu kwanciyar hankali a yawancin kananan hukumomi."
    ),
    # Ethiopic script, which no profile holds: langdetect finds nothing to go on
    "am": (
        "የፌዴራል መንግሥት በሚቀጥለው ሳምንት አዲስ መንገድ መገንባት እንደሚጀምር አስታወቀ። "
        "የሥራ ሚኒስትሩ ፕሮጀክቱ ሁለት ዓመት እንደሚወስድ ተናግረዋል።"
    ),
}

#: Languages it knows, the neighbours the unknown ones were given: still named.
KNOWN = {
    "sw": (
        "Serikali ya Kenya imetangaza kwamba ujenzi wa barabara mpya utaanza wiki ijayo "
        "katika kaunti ya Nakuru. Waziri wa uchukuzi alisema mradi huo utachukua miaka miwili "
        "kukamilika. Wakazi wa eneo hilo walifurahia habari hizo."
    ),
    "so": (
        "Dowladda federaalka ayaa ku dhawaaqday in dhismaha waddo cusub uu bilaabmi doono "
        "toddobaadka soo socda. Wasiirka howlaha guud ayaa sheegay in mashruucu uu qaadan "
        "doono laba sano. Dadka deegaanka ayaa soo dhaweeyay go'aankan."
    ),
    "tl": (
        "Inihayag ng pamahalaan na sisimulan sa susunod na linggo ang pagtatayo ng bagong "
        "kalsada sa lalawigan ng Batangas. Ayon sa kalihim ng mga pampublikong gawain, aabot "
        "ng dalawang taon ang proyekto. Natuwa ang mga residente sa balita."
    ),
    "id": (
        "Pemerintah pusat mengumumkan bahwa pembangunan jalan baru di Provinsi Jawa Tengah "
        "akan dimulai pekan depan. Menteri Pekerjaan Umum mengatakan proyek itu akan memakan "
        "waktu dua tahun. Warga setempat menyambut baik kabar tersebut."
    ),
    "vi": (
        "Chính phủ thông báo việc xây dựng con đường mới ở tỉnh sẽ bắt đầu vào tuần tới. "
        "Bộ trưởng cho biết dự án sẽ kéo dài hai năm. Người dân địa phương vui mừng trước tin này."
    ),
    "tr": (
        "Hükümet, yeni yolun yapımına gelecek hafta başlanacağını açıkladı. Bakan, projenin "
        "iki yıl süreceğini söyledi. Bölge sakinleri haberi sevinçle karşıladı."
    ),
    "ru": (
        "Правительство объявило, что строительство новой дороги в области начнётся на "
        "следующей неделе. Министр сказал, что проект займёт два года. Местные жители "
        "обрадовались этой новости."
    ),
    "cs": (
        "Vláda oznámila, že stavba nové silnice v kraji začne příští týden. Ministr řekl, že "
        "projekt potrvá dva roky. Místní obyvatelé zprávu přivítali."
    ),
}


@pytest.mark.parametrize("code", sorted(UNKNOWN))
def test_a_language_the_detector_does_not_know_is_not_identified(code):
    detected, fit = language.article_language(UNKNOWN[code])
    assert detected == language.UNDETERMINED, code
    assert 0.0 <= fit < 0.7


@pytest.mark.parametrize("code", sorted(KNOWN))
def test_a_language_the_detector_knows_is_still_named(code):
    assert language.article_language(KNOWN[code]) == (code, 1.0)


def test_hausa_is_reported_as_not_identified_not_swahili(cli, tmp_path):
    """The finding says the language is not identified, not "Swahili"; the
    English-only rules and models do not run on it (it is not English)."""
    (tmp_path / "ha.txt").write_text(UNKNOWN["ha"], encoding="utf-8")
    result = cli("check", "ha.txt", "--format", "json", "--no-models", cwd=tmp_path)
    assert result.code == 0, result.err
    article = result.json()["articles"][0]
    assert article["language"] == "und"
    assert [f["message"] for f in article["findings"]] == [
        'Article language is not identified ("und"), not English as expected'
    ]


#: Sentences left in another language inside an English article, and the
#: language the finding names: langdetect's guess where it fits, none where it
#: does not, and the guess said as one where the sentence is too short to tell.
SEGMENTS = {
    # Hausa, one sentence: too short to judge the fit, so the name is given as
    # a guess only (it was "Indonesian", said as a fact)
    "Mun samu labarin cewa za a bude sabuwar makaranta a kauyenmu bayan hutun sallah.": (
        "another language (langdetect's guess: Indonesian)"
    ),
    # French, short: the same, and here the guess is right
    "Nous avons appris que la nouvelle école ouvrira après les vacances.": (
        "another language (langdetect's guess: French)"
    ),
    # Yoruba: Vietnamese's profile fits it at 0.2 (it was "Vietnamese")
    "Àwọn àgbẹ̀ ní agbègbè náà ń ṣàròyé pé owó ajílẹ̀ ti gòkè sí i lọ́dún yìí, èyí sì ti "
    "mú kí ọ̀pọ̀lọpọ̀ wọn dín oko wọn kù.": "another language",
    "Le conseil municipal a décidé de fermer le pont pendant deux semaines afin de permettre "
    "aux ouvriers de remplacer les anciennes poutres rouillées.": "French",
    "Die Stadtverwaltung hat beschlossen, die alte Brücke für zwei Wochen zu sperren, damit "
    "die Arbeiter die verrosteten Träger endlich austauschen können.": "German",
}


def test_an_untranslated_segment_names_only_a_language_its_guess_fits(cli, tmp_path):
    """langdetect names one of its 55 languages for any sentence, often at
    probability 1.0: a Hausa sentence was "Text left in Swahili". The same
    sentences are flagged; only the name is left out where it does not fit."""
    english = (
        "The regional council met on Monday to discuss the repair of the main road.",
        "Officials said the work would take about three months and cost less than expected.",
    )
    lines = ["Road repairs approved", english[0]]
    for segment in SEGMENTS:
        lines += [segment, english[1]]
    (tmp_path / "a.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("check", "a.txt", "--format", "json", "--no-models", cwd=tmp_path)
    findings = result.json()["articles"][0]["findings"]
    messages = [f["message"] for f in findings if f["rule"] == "mt-untranslated-segment"]
    assert messages == [
        f'Untranslated word: Text left in {name}: "{segment}"; translate it unless it is meant '
        "to stay"
        for segment, name in SEGMENTS.items()
    ]


def test_und_can_be_an_expected_language(cli, tmp_path):
    (tmp_path / "ha.txt").write_text(UNKNOWN["ha"], encoding="utf-8")
    (tmp_path / "qualitycheck.yaml").write_text("languages: [en, und]\n", encoding="utf-8")
    result = cli("check", "ha.txt", "--format", "json", "--no-models", cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.json()["articles"][0]["findings"] == []


#: English headlines and captions whose names langdetect read as Turkish,
#: Vietnamese, Hungarian, French.
NAMED = {
    "Erdoğan meets Tokayev in Astana",
    "Photo: Nguyễn Phú Trọng greets supporters in Hà Nội",
    "Szijjártó meets Wang Yi in Budapest",
    "Kılıçdaroğlu concedes defeat in Ankara",
    "Ólafur Ragnar Grímsson opens exhibition",
}
#: Short texts in other languages, title case and names included: still named.
SHORT_FOREIGN = {
    "Die Regierung plant neue Steuern": "de",
    "Olaf Scholz und Emmanuel Macron in Paris": "de",
    "Le président Macron arrive à Berlin": "fr",
    "A Fantástica Loja dos Materiais Educativos": "pt",
    "Daniel Ortega habla en Managua": "es",
}


def test_short_english_with_foreign_names_is_not_another_language(cli, tmp_path):
    source = tmp_path / "short.jsonl"
    texts = sorted(NAMED) + sorted(SHORT_FOREIGN)
    source.write_text(
        "".join(json.dumps({"id": text, "text": text}) + "\n" for text in texts),
        encoding="utf-8",
    )
    result = cli("check", source, "--format", "json", "--fail-on", "never", "--no-models")
    assert result.code == 0, result.err
    articles = {a["id"]: a for a in result.json()["articles"]}
    for text in NAMED:
        assert articles[text]["language"] is None, text
        assert not any(f["rule"] == "language-unexpected" for f in articles[text]["findings"])
    assert {text: articles[text]["language"] for text in SHORT_FOREIGN} == SHORT_FOREIGN


def test_what_a_non_english_article_skips_is_stated(cli, tmp_path):
    """English-only rules (and models) skip a Swahili article the config
    expects: its result says so instead of passing it as checked."""
    (tmp_path / "sw.txt").write_text(KNOWN["sw"], encoding="utf-8")
    (tmp_path / "qualitycheck.yaml").write_text("languages: [en, sw]\n", encoding="utf-8")
    result = cli("check", "sw.txt", "--format", "json", "--no-models", cwd=tmp_path)
    assert result.code == 0, result.err
    article = result.json()["articles"][0]
    assert article["findings"] == []
    [warning] = article["warnings"]
    assert warning.startswith("not checked: ")
    assert 'English-only rules (the article\'s language is Swahili, "sw")' in warning
    assert "not checked" in result.err


def test_what_the_english_checks_skipped_is_told_once_a_run_on_standard_error(cli, tmp_path):
    """A folder of Swahili files printed the same note once a file: the first
    is shown, the rest of the run counted in one line; every article's JSON
    warnings still say it (check and clean alike)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(5):
        (folder / f"sw{number}.txt").write_text(KNOWN["sw"], encoding="utf-8")
    (tmp_path / "qualitycheck.yaml").write_text("languages: [en, sw]\n", encoding="utf-8")
    result = cli("check", "in", "--format", "json", "--no-models", cwd=tmp_path)
    assert result.code == 0, result.err
    articles = result.json()["articles"]
    assert all(a["warnings"][0].startswith("not checked: ") for a in articles)
    assert result.err.count("not checked: ") == 1
    assert (
        "4 more articles in other languages were not checked by the English-only rules and "
        "models either; the JSON output lists each article's" in result.err
    )
    cleaned = cli("clean", "in", "-o", "out", "--no-models", cwd=tmp_path)
    assert cleaned.err.count("not checked: ") == 1 and "4 more articles" in cleaned.err


def test_an_unexpected_language_has_its_finding_on_standard_error_not_the_note_too(cli, tmp_path):
    """The examples' Spanish record printed the note on every demo run beside
    its language-unexpected finding, which already says so: the output keeps
    the note, standard error does not repeat it."""
    (tmp_path / "sw.txt").write_text(KNOWN["sw"], encoding="utf-8")
    result = cli("check", "sw.txt", "--format", "json", "--no-models", cwd=tmp_path)
    article = result.json()["articles"][0]
    assert [f["rule"] for f in article["findings"]] == ["language-unexpected"]
    assert article["warnings"][0].startswith("not checked: ")
    assert "not checked" not in result.err
    # Where --min-severity hides that (info) finding, nothing else says it: the note does.
    quiet = cli("check", "sw.txt", "--min-severity", "warning", "--no-models", cwd=tmp_path)
    assert "language-unexpected" not in quiet.out
    assert "not checked: " in quiet.err
    # clean shows no findings: its log is the only place that says it.
    cleaned = cli("clean", "sw.txt", "-o", "out", "--no-models", cwd=tmp_path)
    assert "not checked: " in cleaned.err


#: A Malagasy article: langdetect is undecided, and English fits it too well
#: to call it not English.
MALAGASY = (
    "Lalana vaovao\n\nNanambara ny governemanta fa hanomboka amin'ny herinandro ho avy ny "
    "fanamboarana ny lalana vaovao any amin'ny faritra Analamanga. Nilaza ny minisitra fa "
    "haharitra roa taona ny asa. Faly ny mponina tamin'izany vaovao izany.\n"
)


def test_what_was_checked_as_english_on_a_guess_is_told_once_a_run(cli, tmp_path):
    """A folder of files langdetect cannot decide on (Hausa, Malagasy: read
    as English) printed "checked as English" once a file, as the note of
    what was not checked once did: the first is shown, the rest counted in
    one line; every article's JSON warnings still say it (check and clean)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(4):
        (folder / f"mg{number}.txt").write_text(MALAGASY, encoding="utf-8")
    result = cli("check", "in", "--format", "json", "--no-models", cwd=tmp_path)
    articles = result.json()["articles"]
    assert [a["warnings"][0].startswith("checked as English: ") for a in articles] == [True] * 4
    assert result.err.count("checked as English: ") == 1, result.err
    assert (
        "3 more articles whose language could not be determined were checked as English too; "
        "the JSON output lists each article's" in result.err
    )
    cleaned = cli("clean", "in", "-o", "out", "--no-models", cwd=tmp_path)
    assert cleaned.err.count("checked as English: ") == 1 and "3 more articles" in cleaned.err


def test_an_english_article_has_no_such_note(cli, tmp_path):
    text = "Budget approved\n\nThe council approved the new budget for the old town's streets.\n"
    (tmp_path / "en.txt").write_text(text, encoding="utf-8")
    result = cli("check", "en.txt", "--format", "json", "--no-models", cwd=tmp_path)
    assert result.json()["articles"][0]["warnings"] == []


def test_an_undecided_article_read_as_english_says_so(cli, tmp_path):
    """Malagasy leaves langdetect undecided and English fits it too well to
    call it not English: it is checked as English, and the result says so."""
    (tmp_path / "mg.txt").write_text(MALAGASY, encoding="utf-8")
    result = cli("check", "mg.txt", "--format", "json", "--no-models", cwd=tmp_path)
    article = result.json()["articles"][0]
    assert article["language"] is None
    assert article["warnings"] == [
        "checked as English: the article's language could not be determined "
        "(langdetect's best guess at 0.5714, below 0.6)"
    ]
