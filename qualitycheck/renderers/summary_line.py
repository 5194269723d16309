"""The one-line account of a run, shared by the CI formats that print it
(a GitHub notice, the Markdown summary) so they word it the same way."""

from __future__ import annotations

from qualitycheck.renderers.contract import Summary


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(summary: Summary) -> str:
    """``3 articles checked: 1 pass, 1 warn, 1 fail; 4 findings (3 errors, 1 info)``."""
    verdicts = ", ".join(f"{summary.verdicts[v]} {v}" for v in ("pass", "warn", "fail"))
    severities = summary.severities
    total = sum(severities.values())
    parts = [plural(severities[s], s) for s in ("error", "warning") if severities[s]]
    if severities["info"]:
        parts.append(f"{severities['info']} info")
    line = f"{plural(summary.articles, 'article')} checked: {verdicts}; {plural(total, 'finding')}"
    if parts:
        line += f" ({', '.join(parts)})"
    if summary.input_errors:
        line += f"; {plural(len(summary.input_errors), 'input error')}"
    return line
