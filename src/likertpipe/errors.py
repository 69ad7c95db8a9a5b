"""The one error type a user can cause: bad config, codebook or data; and how its messages quote values."""

from __future__ import annotations

import unicodedata

MAX_SHOWN = 80
"""Characters of a value a message shows; a longer value is cut and its length given."""

# Shown escaped: control and format characters (NUL, line breaks, tabs, zero-width and direction marks),
# line and paragraph separators, surrogates, private use, unassigned, and spaces other than the plain space.
_HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn", "Zs"}


class LikertpipeError(Exception):
    """An input problem the user can fix; the message says where and how.

    Command-line entry points print the message without a traceback and exit non-zero.
    """


def visible(value) -> str:
    """`value` as text with every invisible or line-breaking character escaped as in Python (\\x00, \\n, \\t,
    \\u200b, \\xa0) and a backslash doubled, so a message shows exactly what a cell holds on one line; cut to
    MAX_SHOWN characters with its full length given."""
    text = str(value)
    cut = len(text) > MAX_SHOWN
    shown = "".join(_escape(ch) for ch in (text[:MAX_SHOWN] if cut else text))
    return f"{shown}... ({len(text):,} characters)" if cut else shown


def quoted(value) -> str:
    """`value` in single quotes, as messages quote a cell, a name or a label (see `visible`)."""
    return f"'{visible(value)}'"


def _escape(ch: str) -> str:
    if ch == "\\":
        return "\\\\"
    if ch == " " or unicodedata.category(ch) not in _HIDDEN:
        return ch
    return ascii(ch)[1:-1]
