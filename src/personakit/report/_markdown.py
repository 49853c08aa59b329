"""Markdown: the report as plain text with footnotes, for wikis and repositories."""

from __future__ import annotations

from pathlib import Path

from personakit.i18n import format_count, t
from personakit.report._registry import ReportContext
from personakit.report._steering import SteeringPart, Table
from personakit.report._tree import PersonaPage
from personakit.report._trends import TrendChart


def _escape(text: str) -> str:
    # Keep user text literal: no HTML, no accidental emphasis or links.
    for char in ("\\", "`", "*", "_", "[", "]", "<", ">", "#", "|"):
        text = text.replace(char, "\\" + char)
    return text


def _page(page: PersonaPage, lang: str) -> list[str]:
    ref = page.id
    lines = [f"## {_escape(page.name)} — {_escape(page.title)}", "",
             f"> {_escape(page.quote)}", ""]
    lines.append(" · ".join(f"**{_escape(f.label)}**: {_escape(f.value)}" for f in page.facts))
    lines += ["", _escape(page.biography), ""]
    lines.append("".join(_escape(p.text) if p.ref is None else f"[^{ref}-{p.ref}]"
                         for p in page.narrative))
    lines.append("")
    for section in page.sections:
        lines += [f"### {_escape(section.title)}", ""]
        for item in section.items:
            mark = f" *({t('report.assumption', lang)})*" if item.assumption else ""
            lines.append(f"- {_escape(item.text)}{mark}[^{ref}-{item.number}]")
        lines.append("")
    for gap in page.gaps:  # an empty canvas section says what data would fill it
        lines += [f"### {_escape(gap.title)}", "", f"*{_escape(gap.text)}*", ""]
    if page.quotes or page.quote_note:
        lines += [f"### {t('report.quotes', lang)}", ""]
        for quote in page.quotes:
            lines.append(f"> “{_escape(quote.text)}” — {_escape(quote.source)}"
                         f"{', ' + quote.date if quote.date else ''}")
            lines.append("")
        if page.quote_note:
            lines += [f"*{_escape(page.quote_note)}*", ""]
    lines += [f"### {t('report.approach', lang)}", ""]
    lines += [f"- **{_escape(f.label)}**: {_escape(f.value)}" for f in page.approach]
    lines.append("")
    lines += [f"[^{ref}-{n.number}]: {_escape('; '.join(n.lines))}" for n in page.notes]
    lines.append("")
    return lines


def _table(table: Table) -> list[str]:
    lines = [f"### {_escape(table.title)}", "",
             "| " + " | ".join(_escape(c) for c in table.columns) + " |",
             "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(_escape(c) for c in row) + " |" for row in table.rows]
    return lines + ([""] + [f"*{_escape(table.note)}*"] if table.note else []) + [""]


def _trend(chart: TrendChart) -> list[str]:
    """A KPI trend as a table: personas down, periods across."""
    lines = [f"#### {_escape(chart.title)}", "",
             "| | " + " | ".join(chart.periods) + " |", "|---|" + "---:|" * len(chart.periods)]
    for line in chart.lines:
        by_period = {p.period: p.text or "–" for p in line.points}
        lines.append(f"| {_escape(line.name)} | "
                     + " | ".join(by_period.get(p, "–") for p in chart.periods) + " |")
    return lines + [""]


def _steering(part: SteeringPart, lang: str) -> list[str]:
    lines = [f"## {t('report.steer.title', lang)}", ""]
    if part.validation:
        lines += _table(part.validation)
    if part.trends:
        lines += [f"### {t('report.steer.trends', lang)}", ""]
        for chart in part.trends:
            lines += _trend(chart)
        lines += [f"*{_escape(part.trends_note)}*", ""]
    if part.actions:
        lines += _table(part.actions)
    lines += [f"### {t('report.steer.lint_title', lang)}", ""]
    lines += [f"- {_escape(line)}" for line in part.lint] or [t("report.steer.lint_clean", lang)]
    return lines + [""]


def render_markdown(context: ReportContext, out: Path) -> Path:
    tree = context.tree
    lines = [f"# {_escape(tree.title)}", "", _escape(tree.subtitle), ""]
    if tree.steering and tree.steering.out_of_date:
        lines += [f"> **{t('report.steer.out_of_date_title', tree.lang)}** "
                  f"{_escape(tree.steering.out_of_date)}", ""]
    lines += [f"| {t('report.persona', tree.lang)} | {t('report.profile', tree.lang)} | "
              f"{t('report.fact.size', tree.lang)} | {t('report.fact.share', tree.lang)} |",
              "|---|---|---:|---:|"]
    lines += [f"| {_escape(p.name)} | {_escape(p.title)} | {format_count(p.size, tree.lang)} "
              f"| {p.share_text} |" for p in tree.personas]
    lines.append("")
    for page in tree.personas:
        lines += _page(page, tree.lang)
    if tree.steering and not tree.steering.empty:
        lines += _steering(tree.steering, tree.lang)
    lines += [f"## {t('report.method', tree.lang)}", ""] + [f"- {m}" for m in tree.method]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out
