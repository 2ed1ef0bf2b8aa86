"""The one sanitiser: every string that came from a file passes through here before a view
draws it (DESIGN.md, Trust boundaries).

A taxonomy, an answers file, a report, a history row or a file name may have been written
by someone else, so its text must not reach a terminal as control sequences (OSC 52 writes
the clipboard, CSI clears the screen, OSC 8 plants links), must not reorder itself with
bidirectional overrides, and must not turn into Markdown links or HTML. gh does the same
for text from the network. Pure functions; the views call them.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls, DEL and C1 controls (U+0080-U+009F: CSI U+009B and OSC U+009D among them),
# the bidirectional marks, embeddings, overrides and isolates, the line and paragraph
# separators (str.splitlines and some viewers break lines there), and lone surrogates (a
# file name that is not UTF-8 arrives as U+DC80-U+DCFF, which no output encoding accepts).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SPACES = {"\t": " ", "\n": " ", "\r": " "}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # the byte a file name held (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def clean(text: str, *, multiline: bool = False) -> str:
    """``text`` as it may be shown: NFC, tabs (and line breaks unless ``multiline``) as
    spaces, and every other control or bidi character shown visibly (ESC as ``\\x1b``)."""
    text = unicodedata.normalize("NFC", text)
    if multiline:
        return "\n".join(clean(line) for line in text.replace("\r\n", "\n").split("\n"))
    for char, replacement in _SPACES.items():
        text = text.replace(char, replacement)
    return _UNSAFE.sub(_visible, text)


def clean_optional(text: str | None) -> str | None:
    return None if text is None else clean(text)


def safe_link(url: str) -> str | None:
    """``url`` when it is a clean https URL with a plain host name, else None (show as text).

    The rule validation applies to a taxonomy's URLs (input_rules.url_problem), https only:
    any other scheme (``javascript:``, ``data:``, ``http:``, ``file:``), characters a URL
    may not hold (whitespace, controls, quotes, brackets, non-ASCII, backslashes, which
    browsers read as slashes), a user name before the host
    (``https://good.example@evil.example``) and a port that is not a number are refused.
    A report's URLs were never validated, so views ask again.
    """
    from mlcareer.input_rules import url_problem

    return url if url.startswith("https://") and url_problem(url) is None else None


def is_clean_https(url: str) -> bool:
    return safe_link(url) is not None


# Characters that start inline Markdown syntax (emphasis, links, images, code, tables,
# strikethrough) when they appear in text; a backslash makes each literal (CommonMark). A
# ``<`` starts HTML or an autolink only before a letter, ``/``, ``!`` or ``?`` (so ``<3``
# stays as it is). Parentheses and ``!`` need no escape: with ``[`` and ``]`` escaped they
# cannot make a link (a ``(`` right after a bracket is escaped all the same, so no ``](`` is
# left for a reader to misread).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~]|<(?=[A-Za-z/!?])|(?<=\])\()")


# Syntax that counts only at the start of a line: a block quote (``>``), a heading (``#``),
# a list item (``-``, ``+``), a thematic break (``---``), a setext underline (``===``), an
# ordered list item (``1.``, ``1)``). The escape goes before the character that makes it.
_LINE_START = re.compile(r"^(?:>|[-+=#](?=[-+=# ]|$)|\d{1,9}(?=[.)](?: |$)))")
# An ``&`` that starts a character reference (``&lt;``, ``&#x202e;``) would turn into another
# character, a bidi override among them; any other ``&`` is already text.
_ENTITY = re.compile(r"&(?=(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)")
_HEADING_END = re.compile(r"(?<=\s)(#+)$")
# What starts GitHub's bare autolinks (``www.``, ``scheme://``): escaped, it is plain text.
_AUTOLINK = re.compile(r"(?i)(?<=\bwww)\.|:(?=//)")


def _markdown_inline(text: str) -> str:
    """``text`` cleaned, with every character that could start inline syntax escaped."""
    escaped = _ENTITY.sub("&amp;", clean(text).strip())
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    return _AUTOLINK.sub(lambda m: "\\" + m.group(), escaped)


def markdown_text(text: str) -> str:
    """Untrusted text for a Markdown document: cleaned, HTML and link syntax made literal.

    The result is one line that renders as the cleaned text, wherever it stands, even at
    the start of a line (leading and trailing spaces, which Markdown drops anyway, are left
    out).
    """
    # A run of # after a space ends a heading's line as its closing sequence, which is
    # dropped; escaped, it stays text.
    inline = _HEADING_END.sub(r"\\\1", _markdown_inline(text))
    start = _LINE_START.match(inline)
    if start is None:
        return inline
    if start.group().isdigit():  # "1." and "1)": the escape goes before the dot
        return f"{start.group()}\\{inline[start.end() :]}"
    return f"\\{inline}"


def markdown_link(title: str, url: str) -> str:
    """A Markdown link when ``url`` is clean https, else the title and the URL as text."""
    link = safe_link(url)
    if link is None:
        return f"{markdown_text(title)} ({markdown_text(url)})"
    # Brackets and parentheses are legal in a URL but would end the link early.
    target = link.replace("(", "%28").replace(")", "%29").replace("[", "%5B").replace("]", "%5D")
    return f"[{markdown_text(title)}]({target})"


# What a JSON serialiser may leave raw inside a string (it escapes only C0 controls) but a
# terminal must not receive raw; JSON's own structure is ASCII, so each one found is inside
# a string, where a \uXXXX escape stands for the same character.
_JSON_RAW_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def json_text(text: str) -> str:
    """JSON ``text`` with DEL, C1 controls, bidi controls, line separators and lone
    surrogates written as ``\\uXXXX`` escapes: the same data, safe to print."""
    return _JSON_RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class Markdown(str):
    """Markdown the program wrote itself (``**mean**``): ``markdown_table`` keeps it as is."""


def markdown_table(headers: list[object], rows: list[list[object]]) -> list[str]:
    """The lines of a Markdown table: every cell through ``markdown_text`` (so no cell can
    hold a ``|``, a line break, HTML or a link) unless it is ``Markdown``."""

    def cell(value: object) -> str:
        # A cell is never the start of a line, so only inline syntax needs escaping.
        return value if isinstance(value, Markdown) else _markdown_inline(str(value))

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |"]
    lines.append("|" + "|".join("---" for _ in headers) + "|")
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


_PLAIN_ID = re.compile(r"[A-Za-z0-9._@+:/-]+")


def markdown_code(text: str) -> str:
    """An id as a Markdown code span, when it is a plain id (ASCII letters, digits and
    ``._@+:/-``); anything else is escaped text, since a backtick would end the span, a ``|``
    a table cell, and some renderers get other text in code spans wrong."""
    shown = clean(text).strip()
    return f"`{shown}`" if _PLAIN_ID.fullmatch(shown) else markdown_text(shown)
