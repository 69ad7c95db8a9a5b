"""Saving a figure reproducibly, in every format its paths ask for."""

from __future__ import annotations

import io as bytes_io
from pathlib import Path

import matplotlib
import pypdfium2
from fontTools import subset
from matplotlib.figure import Figure

from likertpipe.figures.style import STYLE

PNG_DPI = 300
# The TrueType fonts a PDF embeds are subset without their OpenType layout tables: matplotlib places every glyph
# itself, so no PDF viewer reads them, and subsetting them was a fifth of the time a page takes (the PNGs are the
# same bytes, the PDFs about 5 % smaller; fontTools' default, which matplotlib's subsetting starts from).
LAYOUT_TABLES = ["GSUB", "GPOS", "GDEF"]
subset.Options._drop_tables_default += [t for t in LAYOUT_TABLES if t not in subset.Options._drop_tables_default]


def save_figure(fig: Figure, path: str | Path) -> None:
    """`save_figures` to one path."""
    save_figures(fig, [path])


def save_figures(fig: Figure, paths: list[str | Path]) -> None:
    """Save `fig` in the format of each path's suffix, the same bytes for the same figure.

    The constrained layout is solved once and kept (solving it per format is most of the time a large figure
    takes). The figure is drawn as PDF (TrueType fonts, no dates) and SVG (text as paths, salted ids); the PNG
    is that PDF rasterised at 300 dpi by PDFium, about four times faster than drawing a large figure again with
    matplotlib's Agg, and what a PDF viewer shows.
    """
    pdf = bytes_io.BytesIO()
    with matplotlib.rc_context(STYLE):
        fig.set_dpi(PNG_DPI)
        fig.draw_without_rendering()  # solves the layout, text measured as Agg does (the same for equal figures)
        fig.set_layout_engine(None)  # no engine at all: any engine, even "none", makes savefig draw twice
        fig.savefig(pdf, format="pdf", metadata={"CreationDate": None, "ModDate": None})
        for path in map(Path, paths):
            if path.suffix == ".pdf":
                path.write_bytes(pdf.getvalue())
            elif path.suffix == ".png":
                _rasterise(pdf.getvalue(), path)
            else:
                fig.savefig(path, metadata={"Date": None} if path.suffix == ".svg" else None)


def _rasterise(pdf: bytes, path: Path) -> None:
    """The first page of `pdf` as an RGB PNG at PNG_DPI (zlib level 3: about half the encoding time of level 6
    for ~10 % more bytes)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=PNG_DPI / 72).to_pil()
    finally:
        document.close()
    image.save(path, format="PNG", dpi=(PNG_DPI, PNG_DPI), compress_level=3)
