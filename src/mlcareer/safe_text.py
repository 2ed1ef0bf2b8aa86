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
from urllib.parse import urlsplit

# C0 controls, DEL and C1 controls (U+0080-U+009F: CSI U+009B and OSC U+009D among them),
# and the bidirectional marks, embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = {"\t": " ", "\n": " ", "\r": " "}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
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


# What RFC 3986 allows in a URL; anything else (quotes, angle brackets, spaces, backslashes,
# controls, non-ASCII) means the URL was not written cleanly, so it is not made a link.
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")


def safe_link(url: str) -> str | None:
    """``url`` when it is a clean https URL with a plain host name, else None (show as text).

    Refused: any other scheme (``javascript:``, ``data:``, ``http:``, ``file:``), characters
    a URL may not hold (whitespace, controls, quotes, non-ASCII, backslashes, which browsers
    read as slashes), a user name or password before the host
    (``https://good.example@evil.example``) and a port that is not a number.
    """
    if not _URL_CHARS.match(url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return None
    if parts.scheme != "https" or not url.startswith("https://") or "@" in parts.netloc:
        return None
    host = parts.hostname or ""
    return url if _HOST.match(host) and "." in host else None


def is_clean_https(url: str) -> bool:
    return safe_link(url) is not None


# Characters that start Markdown syntax (emphasis, links, images, code, headings, tables,
# HTML) when they appear in text; a backslash makes each literal (CommonMark).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def markdown_text(text: str) -> str:
    """Untrusted text for a Markdown document: cleaned, HTML and link syntax made literal."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clean(text).replace("&", "&amp;"))


def markdown_link(title: str, url: str) -> str:
    """A Markdown link when ``url`` is clean https, else the title and the URL as text."""
    link = safe_link(url)
    if link is None:
        return f"{markdown_text(title)} ({markdown_text(url)})"
    # Brackets and parentheses are legal in a URL but would end the link early.
    target = link.replace("(", "%28").replace(")", "%29").replace("[", "%5B").replace("]", "%5D")
    return f"[{markdown_text(title)}]({target})"
