"use strict";
// The report's interactive parts: the articles table (sort, filter, pages)
// and the per-article view with findings highlighted in place. Article data
// is embedded as JSON and only ever inserted with textContent, never as HTML.
(function () {
  const data = JSON.parse(document.getElementById("qc-data").textContent);
  const articles = data.articles;
  // The lowest severity shown (--min-severity); verdicts and scores count every finding.
  const shownFrom = data.min_severity || "info";
  // What the search box looks in (headline, id, path and the text), lower-cased
  // once, on the first search, so each keystroke is a plain substring scan.
  let haystacks = null;
  const haystack = (i) => {
    if (haystacks === null) {
      haystacks = articles.map((a) => [a.display_title, a.id, a.path, a.source].join("\n").toLowerCase());
    }
    return haystacks[i];
  };
  const PAGE = 100;
  const ORDER = { fail: 0, warn: 1, pass: 2 };
  const state = { sort: null, descending: false, page: 0, rows: articles.map((_, i) => i), printing: false };
  const $ = (id) => document.getElementById(id);
  // Bidirectional overrides, embeddings and isolates reorder what follows
  // them on screen ("Trojan Source"): an audit shows them, as a marker each,
  // instead of obeying them. One marker per character, after the offsets
  // have cut the text, so highlights stay on their words.
  const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
  const visible = (text) =>
    text.replace(BIDI, (c) => `\u27E8U+${c.codePointAt(0).toString(16).toUpperCase()}\u27E9`);
  const element = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = visible(String(text));
    if (className) node.className = className;
    return node;
  };

  // A headline is in its article's language (a Spanish headline is read
  // with a Spanish voice, WCAG 3.1.2); an id shown in its place is not.
  function headlineLanguage(node, article) {
    if (article.language && article.display_title !== article.id) node.lang = article.language;
  }

  function value(article, key) {
    switch (key) {
      case "verdict": return ORDER[article.verdict];
      case "title": return article.display_title.toLowerCase();
      case "overall": return article.scores.overall;
      case "mt_probability": return article.mt_probability === null ? -1 : article.mt_probability;
      case "language": return article.language || "";
      case "verdict_reason": return article.verdict_reason || "";
      case "findings": return article.findings.length;
      default: return article.scores[key];
    }
  }

  function matches(index) {
    const article = articles[index];
    const verdict = $("filter-verdict").value;
    const category = $("filter-category").value;
    const rule = $("filter-rule").value;
    const severity = $("filter-severity").value;
    const text = $("filter-text").value.trim().toLowerCase();
    if (verdict && article.verdict !== verdict) return false;
    if (category && !article.counts[category]) return false;
    if (rule && !article.findings.some((f) => f.rule === rule)) return false;
    if (severity && !article.findings.some((f) => f.severity === severity)) return false;
    if (text && !haystack(index).includes(text)) return false;
    return true;
  }

  function refresh() {
    state.rows = articles.map((_, i) => i).filter(matches);
    if (state.sort) {
      const key = state.sort;
      const sign = state.descending ? -1 : 1;
      state.rows.sort((a, b) => {
        const x = value(articles[a], key), y = value(articles[b], key);
        return x < y ? -sign : x > y ? sign : a - b;
      });
    }
    state.page = Math.min(state.page, Math.max(0, Math.ceil(state.rows.length / PAGE) - 1));
    render();
  }

  function render() {
    const body = document.querySelector("#article-table tbody");
    body.replaceChildren();
    // Printed, the table is every row that passes the filters, not one page.
    const start = state.printing ? 0 : state.page * PAGE;
    const shown = state.printing ? state.rows : state.rows.slice(start, start + PAGE);
    for (const index of shown) {
      const article = articles[index];
      const row = element("tr");
      row.dataset.index = String(index);
      const verdictCell = element("td", article.verdict, article.verdict);
      verdictCell.title = visible(article.verdict_reason || "");
      row.appendChild(verdictCell);
      const cell = element("td", null, "article");
      const link = element("a", article.display_title);
      link.href = anchor(article);
      link.dir = "auto";  // a right-to-left headline reads right to left
      headlineLanguage(link, article);
      cell.appendChild(link);
      // Under the headline, what else names the article: its id, or its file
      // and record line when the id is the headline already.
      const where = article.record_line ? `${article.path}:${article.record_line}` : article.path;
      cell.appendChild(element("div", article.display_title === article.id ? where : article.id, "id"));
      row.appendChild(cell);
      row.appendChild(element("td", article.verdict_reason, "reason"));
      for (const key of ["overall", "boilerplate", "machine_translation", "unsupported_claim"]) {
        row.appendChild(element("td", article.scores[key], "num"));
      }
      row.appendChild(element("td", article.mt_probability === null ? "–" : article.mt_probability.toFixed(2), "num"));
      row.appendChild(element("td", article.language || "unknown"));
      const counts = article.counts;
      row.appendChild(element("td", `${article.findings.length} (B ${counts.boilerplate}, MT ${counts.machine_translation}, C ${counts.unsupported_claim})`));
      body.appendChild(row);
    }
    // An empty table says why: a run of no articles, or filters that keep none.
    if (!shown.length) {
      const cell = element("td", articles.length ? "No article passes the filters above." : "No articles were checked.", "empty");
      cell.colSpan = document.querySelectorAll("#article-table thead th").length;
      body.appendChild(element("tr")).appendChild(cell);
    }
    const pages = Math.max(1, Math.ceil(state.rows.length / PAGE));
    $("page-info").textContent = `page ${state.page + 1} of ${pages}`;
    // One page: no pager (two dead buttons and "page 1 of 1"), as in a findings list.
    $("page-info").parentElement.hidden = pages === 1;
    $("page-prev").disabled = state.page === 0;
    $("page-next").disabled = state.page >= pages - 1;
    $("filter-count").textContent = `${state.rows.length} of ${articles.length} articles`;
  }

  // The table as filtered and sorted now (every page) as CSV. A cell that a
  // spreadsheet would run as a formula (starting with = + - @, a tab or a
  // carriage return) gets a leading apostrophe; cells are quoted per RFC 4180.
  const CSV_COLUMNS = [
    ["verdict", (a) => a.verdict],
    ["headline", (a) => a.display_title],
    ["id", (a) => a.id],
    ["path", (a) => a.path],
    ["record_line", (a) => a.record_line],
    ["verdict_reason", (a) => a.verdict_reason],
    ["score", (a) => a.scores.overall],
    ["boilerplate_score", (a) => a.scores.boilerplate],
    ["mt_score", (a) => a.scores.machine_translation],
    ["claims_score", (a) => a.scores.unsupported_claim],
    ["mt_probability", (a) => a.mt_probability],
    ["language", (a) => a.language],
    ["findings", (a) => a.findings.length],
    ["boilerplate_findings", (a) => a.counts.boilerplate],
    ["mt_findings", (a) => a.counts.machine_translation],
    ["claims_findings", (a) => a.counts.unsupported_claim],
  ];
  function csvCell(raw) {
    let text = raw === null || raw === undefined ? "" : String(raw);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function tableCsv() {
    const lines = [CSV_COLUMNS.map(([name]) => name).join(",")];
    for (const index of state.rows) {
      lines.push(CSV_COLUMNS.map(([, get]) => csvCell(get(articles[index]))).join(","));
    }
    return lines.join("\r\n") + "\r\n";
  }
  function downloadCsv() {
    // A byte-order mark so that spreadsheets read the file as UTF-8.
    const blob = new Blob(["\ufeff" + tableCsv()], { type: "text/csv;charset=utf-8" });
    const link = element("a");
    link.href = URL.createObjectURL(blob);
    link.download = "qualitycheck-articles.csv";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  }

  const RANK = { error: 0, warning: 1, info: 2 };
  // Languages written right to left (ISO 639-1 and -3 codes).
  const RIGHT_TO_LEFT = new Set(["ar", "arz", "ckb", "dv", "fa", "he", "iw", "ku", "ps", "sd", "ug", "ur", "yi"]);

  // Offsets count characters as Python does (code points); a JavaScript
  // string counts UTF-16 units, two for a character outside the Basic
  // Multilingual Plane (an emoji, a mathematical letter). Where the text has
  // such characters, each character's unit offset (and the end's), so every
  // highlight after one stays on its words; null where the two agree.
  function unitOffsets(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return null;
    const units = [];
    let unit = 0;
    for (const character of text) { units.push(unit); unit += character.length; }
    units.push(unit);
    return units;
  }

  // Most severe first, then in the findings list's order.
  const bySeverity = (x, y) => x.rank - y.rank || x.i - y.i;

  // Split the text at every finding boundary; each piece knows the findings covering it.
  // Where findings overlap, the most severe one colours the piece. Article-level
  // findings (a verdict on the whole article) are banners, not highlights.
  // One sweep over the pieces: findings join the covering set where they start
  // and leave it where they end, so a piece costs what covers it, not every
  // finding of the article (20,000 findings took seconds to open otherwise).
  function highlighted(article) {
    const text = article.source;
    const units = unitOffsets(text);
    const characters = units ? units.length - 1 : text.length;
    const unit = units ? (offset) => units[offset] : (offset) => offset;
    const findings = article.findings
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => !f.article_level && f.end <= characters && f.end > f.start)
      .map(({ f, i }) => ({ f, i, start: unit(f.start), end: unit(f.end), rank: RANK[f.severity] }));
    const points = new Set([0, text.length]);
    for (const { start, end } of findings) { points.add(start); points.add(end); }
    const cuts = [...points].sort((a, b) => a - b);
    const starting = [...findings].sort((x, y) => x.start - y.start);
    let next = 0;  // the first finding in starting not yet in covering
    let covering = [];  // the findings over the current piece, most severe first
    const container = element("div", null, "text");
    const anchored = new Set();
    for (let k = 0; k < cuts.length - 1; k++) {
      const a = cuts[k], b = cuts[k + 1];
      const piece = text.slice(a, b);
      // Every start and end is a cut: a finding covers [a, b) from its start to its end.
      if (covering.some(({ end }) => end <= a)) covering = covering.filter(({ end }) => end > a);
      while (next < starting.length && starting[next].start <= a) {
        const found = starting[next++];
        let low = 0, high = covering.length;
        while (low < high) {
          const middle = (low + high) >> 1;
          if (bySeverity(covering[middle], found) < 0) low = middle + 1; else high = middle;
        }
        covering.splice(low, 0, found);
      }
      if (!covering.length) { container.appendChild(document.createTextNode(visible(piece))); continue; }
      const top = covering[0].f;
      const mark = element("mark", piece, `cat-${top.category} sev-${top.severity}`);
      mark.tabIndex = 0;
      mark.dataset.findings = covering.map(({ i }) => i).join(" ");
      // Each finding's category in words, not only as the highlight's colour
      // (which only the most severe one sets, and a reader may not tell apart).
      mark.title = visible(covering.map(({ f }) => `${f.rule} (${f.category.replace(/_/g, " ")}, ${f.severity}, confidence ${f.confidence}): ${f.message}`).join("\n"));
      // Where a finding starts, the piece is a stop for j/k; where one ends,
      // its severity is written after it (CSS generated text, so copying the
      // article's text copies the text only).
      if (covering.some(({ start }) => start === a)) mark.classList.add("finding-start");
      const ending = [...new Set(covering.filter(({ end }) => end === b).map(({ f }) => f.severity))];
      if (ending.length) mark.dataset.severity = ending.join(" + ");
      for (const { i } of covering) {
        if (!anchored.has(i)) { mark.id = `f-${i}`; anchored.add(i); break; }
      }
      container.appendChild(mark);
    }
    return container;
  }

  // What the colours and underlines in the text mean, and the keys.
  function legend(article) {
    const box = element("div", null, "view-legend");
    box.setAttribute("role", "note");
    const colours = element("p");
    colours.appendChild(element("strong", "Colours: "));
    for (const category of Object.keys(article.counts)) {
      colours.appendChild(element("span", null, `swatch cat-${category}`));
      const name = category.replace(/_/g, " ");
      colours.appendChild(element("span", category === "boilerplate" ? `${name} (struck through)` : name, "legend-item"));
    }
    box.appendChild(colours);
    const severities = element("p");
    severities.appendChild(element("strong", "Severity: "));
    for (const [severity, look] of [["error", "red underline"], ["warning", "amber underline"], ["info", "dotted grey underline"]]) {
      severities.appendChild(element("span", severity, `sample sev-${severity}`));
      severities.appendChild(element("span", ` ${look}`, "legend-item"));
    }
    severities.appendChild(document.createTextNode(" — each highlight ends with its severity; hover or focus one for its rule and message."));
    box.appendChild(severities);
    box.appendChild(element("p", "Keys: j or n moves to the next finding in the text, k or p to the previous one.", "keys"));
    return box;
  }

  // The open article's findings, a page of FINDINGS_PAGE at a time: an
  // article may have thousands, and an item each in the page made it slow to
  // open and heavy to scroll. Printed, the list is every finding.
  const FINDINGS_PAGE = 100;
  let findingsShown = null;  // the open article's list: { box, render(), showFinding(i) }
  // The list's own filters (the text keeps every highlight), the same for
  // each article opened, and kept in the address as the table's are.
  const findingsFilter = { "findings-severity": "", "findings-category": "" };
  // The previous and next buttons of a pager (the table's, an article's
  // findings list's): move(step) turns the page and draws it. A new page
  // starts at the top of what it pages (top), and the focus goes to its first
  // entry (first(): a headline, a finding's link), so Tab goes on through the
  // new page. It stayed on the pager, scrolled far below the window: the
  // keyboard's place was off screen and its next Tab jumped back down. The
  // pager's count, a live region, reads the new page out.
  function pagerButtons(prev, next, move, top, first) {
    const turn = (step, button, other) => {
      move(step);
      const entry = first();
      if (entry) entry.focus({ preventScroll: true });
      else if (button.disabled && document.activeElement !== other) other.focus({ preventScroll: true });
      top.scrollIntoView({ block: "start" });
    };
    prev.addEventListener("click", () => turn(-1, prev, next));
    next.addEventListener("click", () => turn(1, next, prev));
  }

  function findingsList(article, view, kept) {
    const total = article.findings.length;
    let pages = 1;
    let page = 0;
    let shown = [];  // the numbers (from 0) of the findings the filters keep
    const box = element("div", null, "findings");
    const controls = element("form", null, "filters finding-filters");
    controls.setAttribute("role", "search");
    controls.setAttribute("aria-label", "Filter the findings list");
    controls.addEventListener("submit", (event) => event.preventDefault());
    controls.hidden = total === 0;
    const selects = {};
    const CHOICES = [
      ["findings-severity", "Severity", (f) => f.severity, ["error", "warning", "info"]],
      ["findings-category", "Category", (f) => f.category, Object.keys(article.counts)],
    ];
    for (const [key, label, of, choices] of CHOICES) {
      const counts = new Map(choices.map((choice) => [choice, 0]));
      for (const f of article.findings) counts.set(of(f), (counts.get(of(f)) || 0) + 1);
      const select = element("select");
      select.name = key;
      select.appendChild(new Option("all", ""));
      for (const choice of choices) select.appendChild(new Option(`${choice.replace(/_/g, " ")} (${counts.get(choice)})`, choice));
      select.value = findingsFilter[key];
      if (select.value !== findingsFilter[key]) { select.value = ""; findingsFilter[key] = ""; }
      select.addEventListener("input", () => {
        findingsFilter[key] = select.value;
        page = 0;
        choose();
        render();
        mirrorFilters();
      });
      const field = element("label", `${label} `);
      field.appendChild(select);
      controls.append(field, " ");
      selects[key] = select;
    }
    // How many findings the filters keep, read out when they change (the
    // pager's count is hidden when the list fits one page).
    const status = element("span", null, "finding-count");
    status.setAttribute("aria-live", "polite");
    controls.append(status);
    function choose() {
      const severity = findingsFilter["findings-severity"], category = findingsFilter["findings-category"];
      shown = [];
      article.findings.forEach((f, i) => {
        if ((!severity || f.severity === severity) && (!category || f.category === category)) shown.push(i);
      });
      pages = Math.max(1, Math.ceil(shown.length / FINDINGS_PAGE));
      page = Math.min(page, pages - 1);
      nav.hidden = pages === 1;
    }
    const list = element("ol", null, "finding-list");
    const nav = element("nav", null, "pager finding-pager");
    nav.setAttribute("aria-label", "Pages of findings");
    const prev = element("button", "Previous findings");
    const info = element("span", null, "finding-page-info");
    // Read out when the page turns (the focus goes to its first finding).
    info.setAttribute("aria-live", "polite");
    const next = element("button", "Next findings");
    prev.type = next.type = "button";
    nav.append(prev, " ", info, " ", next);
    box.append(controls, list, nav);
    choose();
    function item(f, i) {
      const node = element("li");
      node.id = `fi-${i}`;
      node.value = i + 1;  // its number in the whole list, also when filtered
      const link = element("a", `line ${f.line}:${f.column}`);
      // The address names the article and the finding (its number in the
      // list), so a copied link, a reload or a new tab opens it again.
      link.href = `${anchor(article)}&finding=${i + 1}`;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        history.replaceState(null, "", withFilters(link.getAttribute("href")));
        goToFinding(view, i);
      });
      node.appendChild(link);
      node.appendChild(document.createTextNode(" "));
      node.appendChild(element("span", f.severity, `sev-badge sev-${f.severity}`));
      node.appendChild(document.createTextNode(" "));
      node.appendChild(element("span", null, `swatch cat-${f.category}`));
      node.appendChild(element("span", f.category.replace(/_/g, " "), "swatch-label"));
      node.appendChild(document.createTextNode(visible(`: ${f.message} `)));
      node.appendChild(element("code", f.rule));
      if (!f.article_level && f.end > kept) node.appendChild(element("span", " (past the cut: not highlighted)", "past-cut"));
      return node;
    }
    function render() {
      const count = shown.length;
      const first = state.printing ? 0 : page * FINDINGS_PAGE;
      const last = state.printing ? count : Math.min(count, first + FINDINGS_PAGE);
      list.replaceChildren();
      list.start = first + 1;
      for (let k = first; k < last; k++) list.appendChild(item(article.findings[shown[k]], shown[k]));
      if (!total) list.appendChild(element("li", "No findings."));
      else if (!count) list.appendChild(element("li", "No finding passes the filters above."));
      const of = count === total ? "" : ` (filtered from ${total.toLocaleString("en")})`;
      status.textContent = `${count.toLocaleString("en")} of ${total.toLocaleString("en")} findings`;
      info.textContent = `findings ${(first + 1).toLocaleString("en")}–${last.toLocaleString("en")} of ${count.toLocaleString("en")}${of}`;
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
      // Screen readers read the covering findings' list items with a
      // highlight; where none is on this page, its title (the same rules
      // and messages) describes it.
      const listed = new Set(shown.slice(first, last));
      for (const mark of view.querySelectorAll(".text mark")) {
        const here = mark.dataset.findings.split(" ").map(Number).filter((i) => listed.has(i));
        if (here.length) mark.setAttribute("aria-describedby", here.map((i) => `fi-${i}`).join(" "));
        else mark.removeAttribute("aria-describedby");
      }
    }
    pagerButtons(prev, next, (step) => {
      page = Math.min(pages - 1, Math.max(0, page + step));
      render();
    }, list, () => list.querySelector("li a"));
    // The page that lists finding i; a finding the filters leave out shows
    // the whole list again (a link to it names it, whatever was chosen).
    const showFinding = (i) => {
      if (!shown.includes(i)) {
        for (const key of Object.keys(findingsFilter)) { findingsFilter[key] = ""; selects[key].value = ""; }
        choose();
        mirrorFilters();
      }
      page = Math.floor(shown.indexOf(i) / FINDINGS_PAGE);
      render();
    };
    return { box, render, showFinding };
  }

  // Focus finding i of the open article where the text shows it (its
  // banner or highlight), else its item in the list (past the cut).
  function goToFinding(view, i) {
    const target = document.getElementById(`f-${i}`) ||
      [...view.querySelectorAll(".text mark")].find((m) => m.dataset.findings.split(" ").includes(String(i))) ||
      document.querySelector(`#fi-${i} a`);
    if (target) { target.focus(); target.scrollIntoView({ block: "center" }); }
    return Boolean(target);
  }

  function showArticle(index) {
    const view = $("article-view");
    const article = articles[index];
    if (!article) { view.hidden = true; return; }
    view.replaceChildren();
    const heading = element("h2", article.display_title);
    heading.id = "article-view-title";
    heading.dir = "auto";
    headlineLanguage(heading, article);
    heading.tabIndex = -1;  // focused when the article opens: Tab goes on in the article
    view.appendChild(heading);
    const meta = element("p");
    meta.appendChild(element("strong", article.verdict, article.verdict));
    if (article.verdict_reason) {
      meta.appendChild(element("span", ` (${article.verdict_reason})`, "verdict-reason"));
    }
    meta.appendChild(document.createTextNode(visible(
      ` · score ${article.scores.overall} · language ${article.language || "unknown"}` +
      ` · MT probability ${article.mt_probability === null ? "–" : article.mt_probability.toFixed(2)} · ${article.id}`)));
    view.appendChild(meta);
    if (article.warnings && article.warnings.length) {
      // What the reader had to guess or repair (an encoding, a missing id,
      // replaced characters): the text shown is what was checked.
      const box = element("div", null, "reading-warnings");
      box.setAttribute("role", "note");
      box.appendChild(element("strong", article.warnings.length === 1 ? "Read with a warning:" : `Read with ${article.warnings.length} warnings:`));
      const items = element("ul");
      for (const warning of article.warnings) items.appendChild(element("li", warning));
      box.appendChild(items);
      view.appendChild(box);
    }
    article.findings.forEach((f, i) => {
      if (!f.article_level) return;
      const banner = element("div", `${f.severity}: ${f.message}`, `banner sev-${f.severity}`);
      banner.id = `f-${i}`;
      banner.tabIndex = 0;
      banner.setAttribute("role", "note");
      banner.title = `${f.rule} (confidence ${f.confidence})`;
      view.appendChild(banner);
    });
    const back = element("a", "Back to the articles table");
    back.href = "#articles";
    view.appendChild(back);
    view.appendChild(legend(article));
    view.appendChild(element("h3", "Findings"));
    if (shownFrom !== "info") {
      view.appendChild(element("p", `Only ${shownFrom === "error" ? "errors are" : "warnings and errors are"} shown (--min-severity ${shownFrom}); the verdict and the scores count every finding.`, "filtered-note"));
    }
    // Characters of the text in the report (findings past the cut are listed, not highlighted).
    const kept = article.truncated ? [...article.source].length : Infinity;
    findingsShown = findingsList(article, view, kept);
    view.appendChild(findingsShown.box);
    view.appendChild(element("h3", "Text"));
    if (article.truncated) {
      const hidden = article.hidden_findings;
      view.appendChild(element("p", `The text is cut for the report at ${kept.toLocaleString("en")} characters; ` +
        (hidden ? `${hidden} ${hidden === 1 ? "finding" : "findings"} past the cut ${hidden === 1 ? "is" : "are"} listed above but not highlighted.` : "no finding lies past the cut."), "cut-note"));
    }
    const text = highlighted(article);
    // Its language, for a screen reader's voice and the fonts; in a language
    // written right to left, each line takes the direction of its first letter.
    if (article.language) text.lang = article.language;
    if (RIGHT_TO_LEFT.has(String(article.language).split(/[-_]/)[0].toLowerCase())) text.classList.add("by-line");
    // Keyboard focus on a highlight shows what hovering shows: its findings,
    // in a bar at the bottom of the window. The bar comes after the text (a
    // sticky bar before it scrolled away above the highlights it described),
    // and a highlight it would cover is scrolled up above it.
    const detail = element("p", null, "mark-detail");
    detail.id = "mark-detail";
    detail.hidden = true;
    text.addEventListener("focusin", (event) => {
      if (!(event.target instanceof HTMLElement) || event.target.tagName !== "MARK") return;
      detail.textContent = event.target.title;
      detail.hidden = false;
      // Not for a click: the text would move under the mouse.
      const covered = event.target.getBoundingClientRect().bottom - detail.getBoundingClientRect().top;
      if (covered > 0 && event.target.matches(":focus-visible")) window.scrollBy(0, covered + 8);
    });
    text.addEventListener("focusout", () => { detail.hidden = true; });
    // Escape puts the bar away (it covers the text under it); the focus stays.
    text.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !detail.hidden) detail.hidden = true;
    });
    view.appendChild(text);
    view.appendChild(detail);
    findingsShown.render();
    view.appendChild(element("h3", "Metrics"));
    const table = element("table", null, "metrics");
    for (const [key, val] of Object.entries(article.metrics)) {
      const row = element("tr");
      const name = element("th", key.replace(/_/g, " "));
      name.scope = "row";  // a screen reader names each value by its metric
      row.appendChild(name);
      row.appendChild(element("td", val === null ? "–" : val, "num"));
      table.appendChild(row);
    }
    view.appendChild(table);
    view.hidden = false;
  }

  // An article's address names it (its file, and its record's line in a
  // JSONL file), so a link shared after a re-run opens the same article
  // whatever the new order; #a-N (its place in the order) still works.
  const keyOf = (article) => article.record_line ? `${article.path}:${article.record_line}` : article.path;
  const anchor = (article) => "#article=" + encodeURIComponent(keyOf(article));
  // The filters are kept in the address after the place, so a reload or a
  // shared link shows the same rows and list: #articles&severity=error&q=bridge,
  // #article=KEY&finding=3&findings-category=boilerplate. An address without
  // filters (a headline's link, "Back to the articles table") keeps the ones
  // set; one with filters sets them (those it leaves out to "all"). The
  // table's order and page go with them: sort=score, sort=-score (descending), page=2.
  const TABLE_FILTERS = { verdict: "filter-verdict", category: "filter-category", severity: "filter-severity", rule: "filter-rule", q: "filter-text" };
  const isFilter = (key) => key === "sort" || key === "page" || Object.hasOwn(TABLE_FILTERS, key) || Object.hasOwn(findingsFilter, key);
  function splitHash(hash) {
    const place = [], filters = new Map();
    for (const part of hash.replace(/^#/, "").split("&")) {
      const equals = part.indexOf("=");
      if (!part) continue;
      if (equals < 0 || !isFilter(part.slice(0, equals))) { place.push(part); continue; }
      try { filters.set(part.slice(0, equals), decodeURIComponent(part.slice(equals + 1))); } catch (error) { /* a broken escape: left out */ }
    }
    return { place, filters };
  }
  function currentFilters() {
    const pairs = Object.entries(TABLE_FILTERS).map(([key, id]) => [key, $(id).value]);
    const order = state.sort ? [["sort", (state.descending ? "-" : "") + state.sort]] : [];
    // The table's page past the first (a reload of page 57 of 100 stays there).
    const page = state.page ? [["page", String(state.page + 1)]] : [];
    return [...pairs, ...order, ...page, ...Object.entries(findingsFilter)].filter(([, value]) => value.trim());
  }
  function withFilters(hash) {
    const parts = [...splitHash(hash).place, ...currentFilters().map(([key, value]) => `${key}=${encodeURIComponent(value)}`)];
    return parts.length ? "#" + parts.join("&") : "";
  }
  function mirrorFilters() {
    const hash = withFilters(location.hash);
    if (hash !== location.hash) history.replaceState(null, "", hash || location.pathname + location.search);
  }
  // Set the filters the address names; false when it names none.
  function filtersFrom(hash) {
    const { filters } = splitHash(hash);
    if (!filters.size) return false;
    for (const [key, id] of Object.entries(TABLE_FILTERS)) {
      const wanted = filters.get(key) || "";
      $(id).value = wanted;
      if ($(id).value !== wanted) $(id).value = "";  // not a choice here (another run's rule)
    }
    for (const key of Object.keys(findingsFilter)) findingsFilter[key] = filters.get(key) || "";
    const order = /^(-?)(.+)$/.exec(filters.get("sort") || "");
    setSort(order && SORT_KEYS.has(order[2]) ? order[2] : null, Boolean(order && order[1]));
    // A page past the last is the last (refresh); anything but a number, the first.
    const page = /^\d+$/.exec(filters.get("page") || "");
    state.page = page ? Math.max(0, Number(page[0]) - 1) : 0;
    return true;
  }
  // The column the table is sorted by (null: the run's order), and the
  // header's aria-sort that says so.
  const SORT_KEYS = new Set([...document.querySelectorAll("th button[data-sort]")].map((b) => b.dataset.sort));
  function setSort(key, descending) {
    state.sort = key;
    state.descending = descending;
    for (const button of document.querySelectorAll("th button[data-sort]")) {
      if (button.dataset.sort === key) button.parentElement.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else button.parentElement.removeAttribute("aria-sort");
    }
  }

  let byKey = null;
  function indexOf(hash) {
    const named = /^#article=([^&]*)/.exec(hash);
    if (named) {
      if (byKey === null) byKey = new Map(articles.map((a, i) => [keyOf(a), i]));
      let key;
      try { key = decodeURIComponent(named[1]); } catch (error) { return null; }
      return byKey.has(key) ? byKey.get(key) : null;
    }
    const placed = /^#a-(\d+)(?:&|$)/.exec(hash);
    return placed ? Number(placed[1]) : null;
  }

  function route() {
    const hash = location.hash;
    if (filtersFrom(hash)) refresh(); else mirrorFilters();
    const index = indexOf(hash);
    const place = splitHash(hash).place;
    if (index === null && place.length === 1 && hash !== `#${place[0]}`) {
      // #articles&q=...: no element has that id, so the browser went nowhere.
      const section = document.getElementById(place[0]);
      if (section) section.scrollIntoView();
    }
    if (index !== null) {
      showArticle(index);
      // #article=KEY&finding=N: the list at that finding's page, the focus on it.
      const finding = /&finding=(\d+)(?:&|$)/.exec(hash);
      const number = finding ? Number(finding[1]) : 0;
      if (number >= 1 && number <= (articles[index] || { findings: [] }).findings.length) {
        findingsShown.showFinding(number - 1);
        if (goToFinding($("article-view"), number - 1)) return;
      }
      const heading = $("article-view-title");
      if (heading) heading.focus({ preventScroll: true });
      $("article-view").scrollIntoView();
    }
  }

  // The first click on a column sorts worst first: fail before pass, lowest
  // score first, highest MT probability and most findings first; the second
  // click reverses. Text columns start from A.
  const WORST_IS_HIGH = new Set(["mt_probability", "findings"]);
  for (const button of document.querySelectorAll("th button[data-sort]")) {
    button.addEventListener("click", () => {
      const key = button.dataset.sort;
      setSort(key, state.sort === key ? !state.descending : WORST_IS_HIGH.has(key));
      state.page = 0;  // a new order starts at its first page
      refresh();
      mirrorFilters();
    });
  }
  for (const id of ["filter-verdict", "filter-category", "filter-severity", "filter-rule", "filter-text"]) {
    $(id).addEventListener("input", () => { state.page = 0; refresh(); mirrorFilters(); });
  }
  $("export-csv").addEventListener("click", downloadCsv);
  pagerButtons($("page-prev"), $("page-next"), (step) => {
    state.page += step;
    render();
    mirrorFilters();
  }, $("article-table"), () => document.querySelector("#article-table tbody a"));
  window.addEventListener("hashchange", route);
  // The headline of the article already open: the address does not change,
  // so no hashchange comes; show it again.
  document.querySelector("#article-table tbody").addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest("a[href^='#article=']");
    if (link && link.getAttribute("href") === location.hash) route();
  });
  // Printed, the table and the open article's findings list are whole.
  const reprint = (printing) => {
    state.printing = printing;
    render();
    if (findingsShown && !$("article-view").hidden) findingsShown.render();
  };
  window.addEventListener("beforeprint", () => reprint(true));
  window.addEventListener("afterprint", () => reprint(false));
  // j/n and k/p: focus the next or previous finding in the article view (its
  // banners, then each highlight where a finding starts). Only while the
  // focus is in the view (a click in it puts it there: the section takes the
  // focus), so a single letter pressed elsewhere on the page (by a speech
  // command, say) moves nothing (WCAG 2.1.4). Not while typing in a field,
  // nor with Ctrl, Alt or Meta held.
  const FORWARD = { j: true, n: true, k: false, p: false };
  document.addEventListener("keydown", (event) => {
    if (!(event.key in FORWARD) || event.ctrlKey || event.altKey || event.metaKey) return;
    const typing = event.target instanceof Element &&
      event.target.closest("input, select, textarea, [contenteditable]:not([contenteditable='false'])");
    const view = $("article-view");
    if (typing || view.hidden || !view.contains(document.activeElement)) return;
    const stops = [...view.querySelectorAll(".banner, mark.finding-start")];
    if (!stops.length) return;
    const forward = FORWARD[event.key];
    const active = document.activeElement;
    let target;
    if (active && active !== view && view.contains(active)) {
      const side = forward ? Node.DOCUMENT_POSITION_FOLLOWING : Node.DOCUMENT_POSITION_PRECEDING;
      const after = stops.filter((stop) => active.compareDocumentPosition(stop) & side);
      target = forward ? after[0] : after[after.length - 1];
    } else {
      target = forward ? stops[0] : stops[stops.length - 1];
    }
    event.preventDefault();
    if (target) { target.focus(); target.scrollIntoView({ block: "center" }); }
  });
  refresh();
  route();
})();
