"""What text from a file may hold (DESIGN.md, Trust boundaries): rules checked when a file
is read, so that what no honest file holds is refused with a sentence instead of reaching
a terminal, a Markdown page or a CSV cell.

* Text (descriptions, steps, questions) holds no control characters but tabs and line
  breaks, no other line separators and no bidirectional controls.
* Names (titles, names of skills, categories, roles, scale levels, learners) are one line.
* URLs are clean web addresses: https (plain http is only warned about by `validate`),
  printable ASCII that RFC 3986 allows, a plain host name, no user name before the host.
* A learner id is ASCII ``[A-Za-z0-9._-]``, starting with a letter or digit, at most
  ``MAX_LEARNER_ID`` characters: a student number or a login, never a path or an address.

Taxonomy ids (``[a-z0-9-]``) are ASCII too, so no id can be a look-alike: Cyrillic ``ѕ1``,
``s1`` with a zero-width space and ``ｓ1`` are all refused, and every id is NFC.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import Field
from pydantic.functional_validators import AfterValidator

MAX_LEARNER_ID = 64
MAX_LEARNER_NAME = 200
LEARNER_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_LEARNER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

# Bidirectional marks, embeddings, overrides and isolates: they reorder what is shown.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# YAML also breaks lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
_LINE_SEPARATORS = frozenset("\x85\u2028\u2029")


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def forbidden_character(text: str, *, multiline: bool) -> str | None:
    """A sentence naming the first character ``text`` may not hold, or None when it is clean.

    ``multiline`` text may hold tabs and line feeds; a name may not.
    """
    for char in text:
        if multiline and char in "\t\n":
            continue
        if char in "\t\n\r":
            return f"must be one line: it holds a {'tab' if char == chr(9) else 'line break'}"
        if unicodedata.category(char) == "Cc" or char in _LINE_SEPARATORS:
            return (
                f"holds the control character {_code(char)}, which no honest file holds: remove it"
            )
        if char in _BIDI:
            return (
                f"holds the bidirectional control {_code(char)}, which can make text read "
                "differently than it is stored: remove it"
            )
    return None


def check_text(value: str) -> str:
    """A pydantic validator: ``value`` when it is clean text (line breaks allowed)."""
    problem = forbidden_character(value, multiline=True)
    if problem:
        raise ValueError(problem)
    return value


def check_name(value: str) -> str:
    """A pydantic validator: ``value`` when it is a clean, one-line name."""
    problem = forbidden_character(value, multiline=False)
    if problem:
        raise ValueError(problem)
    return value


# RFC 3986's characters: anything else (spaces, quotes, angle brackets, backslashes, controls,
# non-ASCII) means the address was not written cleanly. Square brackets belong only around an
# IPv6 host, which a course's links do not need; in a path they open Markdown link syntax.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]+")
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")
URL_PATTERN = r"^https?://[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]+$"  # for the JSON Schema


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a clean web address, or None. Plain http passes here: `validate`
    warns about it, and views never make it a link."""
    from urllib.parse import urlsplit

    if not url.startswith(("https://", "http://")):
        return "must be a web address starting with https://"
    if not _URL_CHARS.fullmatch(url):
        bad = next(c for c in url if not _URL_CHARS.fullmatch(c))
        shown = _code(bad) if not bad.isprintable() or bad == " " else repr(bad)
        return (
            f"must be a web address starting with https://, written with the characters a URL "
            f"may hold (percent-encode others), not one holding {shown}"
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return "must be a web address starting with https://, with a valid host and port"
    if "@" in parts.netloc:
        return (
            "must be a web address starting with https://, without a user name before the "
            "host (`https://a.example@b.example` leads to b.example)"
        )
    host = (parts.hostname or "").lower()
    if not _HOST.fullmatch(host) or "." not in host:
        return "must be a web address starting with https://, with a host name like docs.python.org"
    return None


def check_url(value: str) -> str:
    problem = url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def learner_id_problem(value: str) -> str | None:
    if len(value) > MAX_LEARNER_ID:
        return f"a learner id is at most {MAX_LEARNER_ID} characters, not {len(value)}"
    if not _LEARNER_ID.fullmatch(value):
        return (
            f"a learner id uses only ASCII letters, digits and . _ - (starting with a letter or "
            f"digit), like the student number s123, not {value!r}"
        )
    return None


def check_learner_id(value: str) -> str:
    problem = learner_id_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def learner_name_problem(value: str) -> str | None:
    if not value.strip():
        return "a learner name must not be empty"
    if len(value) > MAX_LEARNER_NAME:
        return f"a learner name is at most {MAX_LEARNER_NAME} characters, not {len(value)}"
    problem = forbidden_character(value, multiline=False)
    return f"a learner name {problem}" if problem else None


def check_learner_name(value: str) -> str:
    problem = learner_name_problem(value)
    if problem:
        raise ValueError(problem)
    return unicodedata.normalize("NFC", value)


LearnerId = Annotated[
    str,
    AfterValidator(check_learner_id),
    Field(json_schema_extra={"pattern": LEARNER_ID_PATTERN, "maxLength": MAX_LEARNER_ID}),
]
LearnerName = Annotated[
    str,
    AfterValidator(check_learner_name),
    Field(json_schema_extra={"minLength": 1, "maxLength": MAX_LEARNER_NAME}),
]
