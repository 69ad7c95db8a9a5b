"""The results of a study on one HTML page (results/{study}/results.html): the results text, the answers per item
by state as the cleaning found them (protected, as published), every table in its numbered order, then every
figure with its number and title. The Snakemake report opens on this page
(workflow/report/workflow.rst), so a reader sees the results before anything else.

The results text is Markdown (likertpipe.summary); `markdown_html` renders the part of Markdown it uses.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from likertpipe.answers import STATUSES
from likertpipe.documents import Figure
from likertpipe.i18n import cleaning_text, value_word, word
from likertpipe.tables import Entry, answer_states, display, html_page, note_parts, to_html

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_INLINE = (
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), r'<a href="\2">\1</a>'),
    (re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"<em>\1</em>"),
    (re.compile(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)"), r"<em>\1</em>"),
)


def _inline(text: str) -> str:
    shown = html.escape(text, quote=False)
    for pattern, replacement in _INLINE:
        shown = pattern.sub(replacement, shown)
    return shown


def markdown_html(text: str) -> str:
    """The Markdown of a results text as HTML: ATX headings (#), bullet and numbered lists, paragraphs (lines
    joined until an empty line), **strong**, *emphasis*, `code` and [links](address) within lines; everything
    else is text, escaped (a table in pipes stays a paragraph of text)."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    kind = ""

    def flush() -> None:
        nonlocal kind
        if paragraph:
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            out.append(f"<{kind}>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + f"</{kind}>")
            items.clear()
        kind = ""

    for line in text.splitlines():
        heading, bullet, numbered = _HEADING.match(line), _BULLET.match(line), _NUMBERED.match(line)
        if not line.strip():
            flush()
        elif heading:
            flush()
            level = len(heading.group(1))
            out.append(f"<h{level}>{_inline(heading.group(2).strip())}</h{level}>")
        elif bullet or numbered:
            tag = "ul" if bullet else "ol"
            if paragraph or (kind and kind != tag):
                flush()
            kind = tag
            items.append((bullet or numbered).group(1))
        elif items:  # a continuation line of the last item
            items[-1] += " " + line.strip()
        else:
            paragraph.append(line.strip())
    flush()
    return "\n".join(out)


def _figure(figure: Figure, folder: Path) -> str:
    """A figure with its caption, its PNG by a path relative to the page; `data-result` names the file as the
    workflow does, for the Snakemake report, which embeds the figure itself (workflow/report/workflow.rst)."""
    source = Path(os.path.relpath(figure.path, folder)).as_posix()
    return (f'<figure><figcaption>{html.escape(figure.caption)}. {html.escape(figure.title)}</figcaption>'
            f'<img src="{html.escape(source)}" data-result="{html.escape(Path(figure.path).as_posix())}" '
            f'alt="{html.escape(figure.title)}">{_figure_note(figure)}</figure>')


def _figure_note(figure: Figure) -> str:
    """The figure's note below it ("Merknad." in italics), or nothing."""
    if not figure.note:
        return ""
    lead, rest = note_parts(figure.note, figure.language)
    return f'<p class="note"><em>{html.escape(lead)}</em> {html.escape(rest)}</p>'


def _data(frequencies: pd.DataFrame, language: str) -> list[str]:
    """The cleaning's findings as the protected tables publish them: the answers per item by state
    (tables.answer_states), with what each state means."""
    states = {state: value_word("status", state, language) for state in STATUSES}
    shown = display(answer_states(frequencies), "answer_states", language)
    note = f"{word('note', language)}. {cleaning_text('statuses', language, **states)}"
    return [f"<h2>{html.escape(word('data', language))}</h2>", to_html(shown, word("answer_states", language), note)]


def results_page(summary: str, tables: Iterable[Entry], figures: Iterable[Figure], title: str, language: str,
                 path: str | Path, frequencies: pd.DataFrame | None = None) -> str:
    """The page of a study written to `path`: the results text (Markdown), the answers per item by state when
    the (protected) `frequencies` table is given, the tables (`tables.entries`) and the figures (their PNGs
    linked relative to `path`), each part headed in `language`."""
    tables, figures = list(tables), list(figures)
    body = [f'<section class="summary">{markdown_html(summary)}</section>']
    if frequencies is not None:
        body += _data(frequencies, language)
    if tables:
        body += [f"<h2>{html.escape(word('tables', language))}</h2>"]
        body += [to_html(t.shown, t.caption, t.note) for t in tables]
    if figures:
        body += [f"<h2>{html.escape(word('figures', language))}</h2>"]
        body += [_figure(figure, Path(path).parent) for figure in figures]
    return html_page(title, language, body)
