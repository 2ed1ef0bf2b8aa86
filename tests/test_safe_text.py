"""Property tests of the one sanitiser (mlcareer.safe_text) and its URL rule.

Markdown is checked the way a reader meets it: rendered by a CommonMark parser
(markdown-it-py, which rich already depends on), with raw HTML allowed, as on many
learning platforms.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from mlcareer.render.csv import csv_cell, csv_text
from mlcareer.safe_text import (
    Markdown,
    clean,
    is_clean_https,
    json_text,
    markdown_code,
    markdown_link,
    markdown_table,
    markdown_text,
    safe_link,
)

# Everything clean() must never let through: C0, DEL, C1, the bidi controls, the line and
# paragraph separators and lone surrogates.
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# Text with plenty of the characters that matter, not only what st.text() favours.
SPECIAL = (
    "\x00\x07\x08\t\n\r\x1b\x7f\x85\x9b\x9c\x9d\u061c\u200b\u200e\u2028\u202e\u2066\u2069"
    "\udce9\ud800 <>[]()!#*_`~|\\&;:=+-@./1 aZé"
)
# Pieces of syntax and payloads, so that examples hold them whole, not only by chance.
TOKENS = (
    "<script>",
    "<a href=x>",
    "</b>",
    "<!--",
    "<?x",
    "<https://a.example>",
    "[x](javascript:alert(1))",
    "![i](http://e.example)",
    "](",
    "[ref]: https://a.example",
    "```",
    "~~~",
    "- ",
    "+ ",
    "1. ",
    "2) ",
    "# ",
    "> ",
    "***",
    "___",
    "---",
    "===",
    "www.a.example",
    "https://a.example",
    "&amp;",
    "&#x3C;",
    "&lt;",
    "    ",
    "\\",
    "|",
    "\x1b]52;c;eA==\x07",
    "\r\n",
)
texts = st.lists(
    st.one_of(st.sampled_from(SPECIAL), st.sampled_from(TOKENS), st.characters()), max_size=24
).map("".join)

COMMONMARK = MarkdownIt("commonmark", {"html": True})
GFM_TABLES = MarkdownIt("commonmark", {"html": True}).enable("table")


# -- clean ---------------------------------------------------------------------------------


@settings(deadline=None)  # speed is not the property; a busy machine must not fail it
@given(texts)
def test_clean_leaves_no_control_bidi_or_surrogate_character(text):
    assert UNSAFE.search(clean(text)) is None
    assert UNSAFE.search(clean(text, multiline=True).replace("\n", "")) is None


@settings(deadline=None)  # speed is not the property; a busy machine must not fail it
@given(texts)
def test_clean_is_idempotent(text):
    once = clean(text)
    assert clean(once) == once
    lines = clean(text, multiline=True)
    assert clean(lines, multiline=True) == lines


@settings(deadline=None)  # speed is not the property; a busy machine must not fail it
@given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=80))
def test_clean_keeps_ordinary_text_as_it_is(text):
    text = UNSAFE.sub("", unicodedata.normalize("NFC", text))
    assert clean(text) == text


def test_clean_shows_what_it_replaces():
    assert clean("a\x1b]52;c;eA==\x07b") == "a\\x1b]52;c;eA==\\x07b"
    assert clean("\x9b2J \u202eevil\u2069") == "\\x9b2J \\u202eevil\\u2069"
    assert clean("one\r\ntwo\tthree") == "one  two three"
    assert clean("one\r\ntwo\u2028", multiline=True) == "one\ntwo\\u2028"
    # A file name that was not UTF-8 (surrogateescape) shows its byte.
    assert clean(b"caf\xe9.json".decode("utf-8", "surrogateescape")) == "caf\\xe9.json"
    assert clean("e\u0301") == "é"  # NFC


# -- Markdown --------------------------------------------------------------------------------


def rendered_text(html: str) -> str:
    """The text of one rendered paragraph; fails on any other element."""
    if not html:
        return ""
    assert html.startswith("<p>") and html.endswith("</p>\n"), html
    inner = html[3:-5]
    assert "<" not in inner, html  # no element at all: no link, image, emphasis or HTML
    return inner


@settings(max_examples=300, deadline=None)
@given(texts)
def test_markdown_text_renders_as_the_cleaned_text_and_nothing_else(text):
    source = markdown_text(text)
    assert "\n" not in source
    assert "](" not in source
    assert re.search(r"(?<!\\)<[A-Za-z/!?]", source) is None
    assert rendered_text(COMMONMARK.render(source)) == escapeHtml(clean(text).strip())


@settings(max_examples=200, deadline=None)
@given(texts)
def test_markdown_text_stays_text_inside_the_syntax_views_put_it_in(text):
    shown = escapeHtml(clean(text).strip())
    for template, tag in (
        ("- {}", "li"),
        ("## {}", "h2"),
        ("1. **{}**", "strong"),
        ("> Note: {}.", "blockquote"),
    ):
        html = COMMONMARK.render(template.format(markdown_text(text)))
        assert "<a" not in html and "<img" not in html and "<script" not in html
        if shown and tag != "blockquote":
            assert f"{shown}</{tag}>" in html.replace("\n", ""), (template, html)


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, min_size=1, max_size=3))
def test_a_markdown_table_cell_holds_its_text_whatever_it_is(cells):
    html = GFM_TABLES.render("\n".join(markdown_table(["h"] * len(cells), [cells])) + "\n")
    found = re.findall(r"<td>(.*?)</td>", html, flags=re.DOTALL)
    assert found == [escapeHtml(clean(cell).strip()) for cell in cells], html


def test_markdown_table_keeps_markdown_the_program_wrote():
    assert markdown_table(["a", "b"], [[Markdown("**mean**"), "**x**|y"]]) == [
        "| a | b |",
        "|---|---|",
        "| **mean** | \\*\\*x\\*\\*\\|y |",
    ]


def test_markdown_text_examples():
    assert markdown_text("<script>alert(1)</script>") == "\\<script>alert(1)\\</script>"
    assert markdown_text("[x](javascript:alert(1))") == "\\[x\\]\\(javascript:alert(1))"
    assert markdown_text("- item") == "\\- item"
    assert markdown_text("12. x") == "12\\. x"
    assert markdown_text("see www.example.com, https://a.example") == (
        "see www\\.example.com, https\\://a.example"
    )
    assert markdown_text("Tiny (v1) <3 C# 1.5 a-b") == "Tiny (v1) <3 C# 1.5 a-b"


@settings(deadline=None)  # speed is not the property; a busy machine must not fail it
@given(texts)
def test_markdown_code_is_a_code_span_only_for_plain_ids(text):
    html = COMMONMARK.render(f"x {markdown_code(text)}")
    assert "<a" not in html and "<img" not in html and "<script" not in html
    shown = escapeHtml(clean(text).strip())
    assert shown in html.replace("<code>", "").replace("</code>", "")


# -- links -----------------------------------------------------------------------------------

labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
hosts = st.lists(labels, min_size=2, max_size=4).map(".".join)
paths = st.from_regex(
    r"(/[A-Za-z0-9._~%!$&'()*+,;=:@-]{0,12}){0,3}(\?[a-z0-9=&]{0,10})?", fullmatch=True
)


@settings(deadline=None)  # speed is not the property; a busy machine must not fail it
@given(hosts, paths)
def test_safe_link_accepts_a_clean_https_url(host, path):
    url = f"https://{host}{path}"
    assert safe_link(url) == url
    assert is_clean_https(url)


@settings(deadline=None)  # speed is not the property; a busy machine must not fail it
@given(hosts, paths, st.sampled_from(["javascript:", "data:", "file:", "http:", "HTTPS:", "ftp:"]))
def test_safe_link_refuses_every_other_scheme(host, path, scheme):
    assert safe_link(f"{scheme}//{host}{path}") is None
    assert safe_link(f"{scheme}{host}{path}") is None


@settings(deadline=None)  # speed is not the property; a busy machine must not fail it
@given(hosts, paths, st.sampled_from(' \t\n\r\x00\x1b\x7f\x85\x9b\u202e\u00a0\\"<>^`{}é\u200b'))
def test_safe_link_refuses_whitespace_controls_non_ascii_and_backslashes(host, path, char):
    assert safe_link(f"https://{host}{path}{char}") is None
    assert safe_link(f"https://{host}{char}{path}") is None
    assert safe_link(f"https://{char}{host}{path}") is None


@settings(deadline=None)  # speed is not the property; a busy machine must not fail it
@given(hosts, hosts, paths)
def test_safe_link_refuses_a_user_name_before_the_host(user, host, path):
    assert safe_link(f"https://{user}@{host}{path}") is None
    assert safe_link(f"https://{user}:secret@{host}{path}") is None


@settings(deadline=None)  # speed is not the property; a busy machine must not fail it
@given(labels, paths)
def test_safe_link_wants_a_dotted_host(host, path):
    assert safe_link(f"https://{host}{path}") is None


@settings(deadline=None)  # speed is not the property; a busy machine must not fail it
@given(texts)
def test_whatever_safe_link_accepts_is_clean(url):
    link = safe_link(url)
    if link is not None:
        assert link == url and url.startswith("https://") and url.isascii()
        assert not re.search(r"[\s\\\"<>\x00-\x1f\x7f]", url)
        parts = urlsplit(url)
        assert "@" not in parts.netloc and "." in (parts.hostname or "")


def test_safe_link_examples():
    assert safe_link("https://docs.python.org/3/tutorial/") == "https://docs.python.org/3/tutorial/"
    for url in (
        "javascript:alert(1)",
        "https://a.example\n",  # a final line break once got past a `$` anchor
        "https://good.example@evil.example/",
        "https://docs.python.org/\x1b]52;c;eA==\x07",
        "https://localhost/",
        "https://a.example:port/",
        "https://a..example/",
    ):
        assert safe_link(url) is None, url


@settings(max_examples=300, deadline=None)
@given(texts, st.one_of(texts, st.builds("https://{}/{}".format, hosts, texts)))
def test_markdown_link_makes_at_most_one_link_and_only_to_clean_https(title, url):
    html = COMMONMARK.render(f"- {markdown_link(title, url)}")
    assert "<img" not in html and "<script" not in html
    targets = re.findall(r'<a href="([^"]*)"', html)
    assert len(targets) == (1 if safe_link(url) else 0), html
    for target in targets:
        assert target.startswith("https://")


def test_markdown_link_encodes_brackets_that_would_end_the_link():
    assert markdown_link("Bias", "https://en.wikipedia.org/wiki/Bias_(statistics)") == (
        "[Bias](https://en.wikipedia.org/wiki/Bias_%28statistics%29)"
    )
    assert markdown_link("t", "https://a.example/)(javascript:alert(1)") == (
        "[t](https://a.example/%29%28javascript:alert%281%29)"
    )
    # Square brackets are not a clean URL (validation refuses them in a taxonomy): no link,
    # the text escaped so that it opens none either.
    assert markdown_link("t", "https://a.example/)[x](javascript:alert(1)") == (
        "t (https\\://a.example/)\\[x\\]\\(javascript:alert(1))"
    )


# -- JSON and CSV ----------------------------------------------------------------------------


@settings(deadline=None)  # speed is not the property; a busy machine must not fail it
@given(texts)
def test_json_text_keeps_the_data_and_prints_no_unsafe_character(text):
    written = json_text(json.dumps({"name": text}, ensure_ascii=False))
    assert UNSAFE.search(written) is None
    assert json.loads(written) == {"name": text}


FORMULA = re.compile(r"\s*[=+\-@\uff1d\uff0b\uff0d\uff20]")


@settings(deadline=None)  # speed is not the property; a busy machine must not fail it
@given(texts)
def test_a_csv_cell_is_clean_and_never_a_formula(text):
    cell = csv_cell(text)
    assert UNSAFE.search(cell) is None
    assert cell.startswith("'") or not FORMULA.match(cell)
    assert cell in (clean(text), "'" + clean(text))


@settings(deadline=None)  # speed is not the property; a busy machine must not fail it
@given(st.lists(texts, min_size=1, max_size=4))
def test_csv_headers_go_through_the_same_rule(header):
    rows = list(csv.reader(io.StringIO(csv_text(header, [header]).lstrip("\ufeff"))))
    assert len(rows) == 2 and rows[0] == rows[1]
    for cell in rows[0]:
        assert cell.startswith("'") or not FORMULA.match(cell)
