"""Wording helpers with no dependencies, shared by the core, the views and the CLI."""

from __future__ import annotations

_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")


def plural_of(word: str) -> str:
    """The regular English plural of the last word: check -> checks, category -> categories,
    match -> matches. Irregular nouns are passed to ``plural`` explicitly."""
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(_SIBILANT_ENDINGS):
        return word + "es"
    return word + "s"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and the noun in the number it takes: 1 skill, 0 skills, 2 categories.

    ``many`` gives the plural of an irregular noun (or of a phrase whose noun is not last).
    """
    return f"{count} {word if count == 1 else (many or plural_of(word))}"


def listed(items: list[str], last: str = "and") -> str:
    """Items as a sentence lists them: a; a and b; a, b and c (``last``: "or" for a choice)."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"
