"""Markdown: the report as plain text with footnotes, for wikis and repositories."""

from __future__ import annotations

from pathlib import Path

from personakit.i18n import format_count, t
from personakit.report._journeymap import ENTRY_FIELDS, JourneyMap, MapRow, second_line
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
    lines += _themes(page, lang)
    lines += [f"### {t('report.approach', lang)}", ""]
    lines += [f"- **{_escape(f.label)}**: {_escape(f.value)}" for f in page.approach]
    lines.append("")
    lines += [f"[^{ref}-{n.number}]: {_escape('; '.join(n.lines))}" for n in page.notes]
    lines.append("")
    return lines


def _themes(page: PersonaPage, lang: str) -> list[str]:
    """The persona's themes (issue 11) as a table; over-represented ones in bold."""
    if not page.themes:
        return []
    heads = [t(f"report.themes.{k}", lang)
             for k in ("theme", "share", "rest", "lift", "sentiment", "snippet")]
    lines = [f"### {t('report.themes.title', lang)}", "", _escape(t("report.themes.intro", lang)),
             "", "| " + " | ".join(heads) + " |", "|---|---:|---:|---:|---|---|"]
    for row in page.themes:
        label = _one_line(row.label) + (f" ({_one_line(row.section)})" if row.section else "")
        label = f"**{label}** *({t('report.themes.over', lang)})*" if row.over else label
        snippet = f"“{_one_line(row.snippet)}” — {_one_line(row.source)}" if row.snippet else ""
        lines.append(f"| {label} | {row.share_text} ({_escape(row.count_text)}); "
                     f"{_escape(row.interval_text)} | {row.rest_text} | {row.lift_text} | "
                     f"{_escape(row.sentiment_text)} | {snippet} |")
    return lines + [""]


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


def _one_line(text: str) -> str:
    """User text in a table cell or list item: escaped, on one line."""
    return " ".join(_escape(text).split())


def _journey_cell(row: MapRow, i: int, lang: str) -> str:
    """Conversion from the previous step, the share of the start in brackets (at the start:
    the sessions); the biggest drop-off in bold."""
    cell = row.cells[i]
    if cell.share is None:
        return "–"
    first = next(k for k, c in enumerate(row.cells) if c.share is not None)
    text = second_line(row, i, lang) if i == first else \
        f"{cell.conversion_text or '–'} ({cell.share_text})"
    return f"**{text}**" if cell.drop else text


def _journey(jmap: JourneyMap, lang: str) -> list[str]:
    """The map as a table (personas down, touchpoints across), then where to act and the
    touchpoint entries."""
    lines = [f"## {t('report.journey.title', lang)}", "",
             _escape(jmap.subtitle), ""]
    if jmap.problem:
        lines += [f"> {_escape(t('report.journey.problem', lang, message=jmap.problem))}", ""]
    lines += ["| " + " | ".join([t("report.persona", lang)]
                                + [_one_line(tp.label) for tp in jmap.touchpoints]) + " |",
              "|---|" + "---:|" * len(jmap.touchpoints)]
    lines += [f"| {_one_line(row.name)} | " + " | ".join(
        _journey_cell(row, i, lang) for i in range(len(row.cells))) + " |" for row in jmap.rows]
    lines += ["", f"*{_escape(t('report.journey.table_note', lang))}*"]
    if jmap.note:
        lines += ["", f"*{_escape(jmap.note)}*"]
    lines += ["", f"### {t('report.journey.actions', lang)}", ""]
    acting = sorted((r for r in jmap.rows if r.action), key=lambda r: r.action.rank
                    if r.action else 0)
    lines += [f"{i}. **{_one_line(r.name)}**: {_one_line(r.action.line)} "
              f"({_escape(r.action.gap_text)}; {_escape(r.action.people_text)})"
              for i, r in enumerate(acting, start=1) if r.action] \
        or [t("report.journey.no_actions", lang)]
    lines.append("")
    return lines + _journey_entries(jmap, lang)


def _journey_entries(jmap: JourneyMap, lang: str) -> list[str]:
    if not jmap.has_entries:
        return []
    fields = ENTRY_FIELDS
    lines = [f"### {t('report.journey.entries', lang)}", "",
             "| " + " | ".join([t("report.persona", lang), t("report.journey.touchpoint", lang)]
                               + [t(f"report.journey.field.{f}", lang) for f in fields]) + " |",
             "|---|---|" + "---|" * len(fields)]
    for row in jmap.rows:
        for cell in row.cells:
            if cell.entry is None:
                continue
            mark = f" *({t('report.assumption', lang)})*" if cell.entry.assumption else ""
            texts = [_one_line(getattr(cell.entry, f)) for f in fields]
            lines.append(f"| {_one_line(row.name)} | "
                         f"{_one_line(jmap.touchpoint_label(cell.touchpoint))}{mark} | "
                         + " | ".join(texts) + " |")
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
    if tree.journey:
        lines += _journey(tree.journey, tree.lang)
    if tree.steering and not tree.steering.empty:
        lines += _steering(tree.steering, tree.lang)
    lines += [f"## {t('report.method', tree.lang)}", ""] + [f"- {m}" for m in tree.method]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out
