"""Markdown: the report as plain text with footnotes, for wikis and repositories."""

from __future__ import annotations

from pathlib import Path

from personakit.i18n import format_count, t
from personakit.report._registry import ReportContext
from personakit.report._tree import PersonaPage


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


def render_markdown(context: ReportContext, out: Path) -> Path:
    tree = context.tree
    lines = [f"# {_escape(tree.title)}", "", _escape(tree.subtitle), ""]
    lines += [f"| {t('report.persona', tree.lang)} | {t('report.profile', tree.lang)} | "
              f"{t('report.fact.size', tree.lang)} | {t('report.fact.share', tree.lang)} |",
              "|---|---|---:|---:|"]
    lines += [f"| {_escape(p.name)} | {_escape(p.title)} | {format_count(p.size, tree.lang)} "
              f"| {p.share_text} |" for p in tree.personas]
    lines.append("")
    for page in tree.personas:
        lines += _page(page, tree.lang)
    lines += [f"## {t('report.method', tree.lang)}", ""] + [f"- {m}" for m in tree.method]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out
