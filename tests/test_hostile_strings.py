"""Hostile strings through every command and every format, checked on the bytes written.

A taxonomy, an answers file, a report, a history row and a file name may all come from
someone else (DESIGN.md, Trust boundaries). This file puts one corpus of hostile strings
into each of them: ESC sequences (OSC 52 clipboard, OSC 8 links, CSI 2J, OSC 0 title), C1
controls, DEL, BEL, line breaks, bidi overrides and isolates, zero-width and confusable
characters, rich markup, HTML, Markdown links and images, spreadsheet formulas, and one
100 kB string. Then it runs every command in every format and asserts on the raw output:

- no ESC, C1, DEL, BEL or bidi character from the input reaches stdout or stderr (the
  runs are off a terminal and under NO_COLOR, so any ESC at all is a leak; one run on a
  real pseudo-terminal, in colour, checks the payloads' own bytes instead);
- the exit status is 0 or 2, never 1 (2: validation refused the input, in clean lines);
- rich markup is shown, not interpreted (``[/x]`` and ``[blink]`` appear as text);
- Markdown holds no raw HTML and no link that is not a clean https URL;
- no CSV cell, header included, starts with = + - or @.

Validation is being tightened in parallel: strings it refuses then give exit 2 with a
clean message, which these tests accept. The views themselves are also fed the corpus
directly (tests/test_safe_text.py tests the sanitiser on its own).
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.errors import MlcareerError

from .conftest import TINY

# -- the corpus ------------------------------------------------------------------------------

OSC52 = "\x1b]52;c;Y3VybCBldmlsfHNoCg==\x07"  # writes "curl evil|sh" to the clipboard
OSC52_ST = "\x1b]52;c;cm0gLXJmIH4K\x1b\\"  # the same, ended by ST instead of BEL
OSC8 = "\x1b]8;;file:///etc/passwd\x1b\\click me\x1b]8;;\x1b\\"  # a hidden link
CLEAR = "\x1b[2J\x1b[H"
TITLE = "\x1b]0;pwned-title\x07"
C1 = "\x9b2J\x9d0;c1-title\x9c\x85"  # CSI, OSC, ST and NEL as single C1 characters
DEL_BEL_BS = "a\x7fb\x07c\x08d"
LINE_BREAKS = "one\r\nmlcareer: forged line\rtwo\u2028three"
BIDI = "abc\u202edcba\u2066isolated\u2069 \u202atext\u202c"
ZERO_WIDTH = "zero\u200bwidth"
CONFUSABLE = "Pythоn аnd Jаvа"  # Cyrillic о and а
MARKUP = "[/x] [link=file:///etc/passwd]markup-link[/link] [blink]blink[/blink] [bold red]"
HTML = "<script>alert(1)</script><img src=x onerror=alert(2)>"
MARKDOWN = "[md](javascript:alert(3)) ![img](http://evil.example/p.png) <https://a.example>"
FORMULAS = ('=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3+cmd", "@SUM(1)")

CONTROLS = [OSC52, OSC52_ST, OSC8, CLEAR, TITLE, C1, DEL_BEL_BS, LINE_BREAKS, BIDI]
PRINTABLE = [MARKUP, HTML, MARKDOWN, CONFUSABLE, ZERO_WIDTH]

# The payloads as a terminal would act on them: none may reach any output, in colour or
# not. (Their visible forms, such as the text ``\x1b]52;``, may and should appear.)
PAYLOAD_BYTES = [
    b"\x1b]52;",
    b"\x1b]8;",  # no view draws a link of its own, so any OSC 8 came from the input
    b"\x1b]0;",
    b"\x1b[2J",
    b"\x1b[5m",  # blink: only [blink] markup, interpreted, would draw it
    b"\x07",
    b"\x7f",
    *(char.encode() for char in "\x85\x9b\x9c\x9d\u202a\u202c\u202e\u2066\u2069\u2028"),
]
# Characters that must never be written raw by a run without colour.
RAW_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028]")
HUGE = "Huge " + "x" * 100_000


def hostile(number: int, *, controls: bool) -> str:
    """One string with every class of the corpus, starting with a formula prefix."""
    parts = [FORMULAS[number % len(FORMULAS)], f"#{number}", *PRINTABLE]
    if controls:
        parts += CONTROLS
    return " ".join(parts)


def short_hostile(controls: bool) -> str:
    """A learner name within the answers file's 200 characters, with every class still."""
    name = '=HYPERLINK("x") [/x] [blink]b[/blink] <script>x</script> [m](javascript:x) Jаvа'
    if controls:
        name += OSC52 + OSC8 + CLEAR + "\x9b2J\x9d0;t\x9c" + "\x7f\x07\r\n" + BIDI[:12]
    assert len(name) <= 200
    return name


def hostile_urls(controls: bool) -> list[str]:
    """Resource URLs validation lets through (printable) or refuses (with controls), none of
    which may become a link that leaves its Markdown brackets or a non-https link."""
    urls = [
        "https://docs.python.org/)(javascript:alert(1)",
        "https://docs.python.org/3/tutorial/",  # the one clean link
        "http://evil.example/%3Cscript%3E",
    ]
    if controls:  # refused by validate: '[' opens link syntax, '<' HTML, ESC a sequence
        urls += [
            "https://docs.python.org/)[x](javascript:alert(1)",
            "http://evil.example/<script>",
            "https://docs.python.org/\x1b\\\x1b]52;c;cHduZWQ=\x07",
        ]
    return urls


def hostile_taxonomy(controls: bool) -> dict:
    """tests/data/tiny.yaml with a hostile string in every text field validation allows."""
    data = yaml.load(TINY.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    count = iter(range(1000))

    def text() -> str:
        return hostile(next(count), controls=controls)

    data["title"] = text()
    data["version"] = "1 [/x]" + ("\x1b]0;t\x07" if controls else "<b>")
    for category in data["categories"]:
        category["name"] = text()
        category["description"] = text()
        for skill in category["skills"]:
            skill["name"] = text()
            skill["description"] = text()
            skill["levels"] = {str(level): text() for level in skill["levels"]}
            for step in skill["learning"]:
                step["step"] = text()
                step["resources"] = [
                    {"title": text(), "url": url, "kind": "docs"} for url in hostile_urls(controls)
                ]
            for check in skill.get("checks", []):
                check["question"] = text()
                check["choices"] = [text() for _ in check["choices"]]
                check["explanation"] = text()
    for role in data["roles"]:
        role["name"] = text()
        role["description"] = text()
    return data


def hostile_report(report: dict, *, controls: bool, learner: str, learner_id: str) -> dict:
    """A report as a student could edit it: every name and text replaced."""
    report = json.loads(json.dumps(report))
    count = iter(range(500, 1000))

    def text() -> str:
        return hostile(next(count), controls=controls)

    report["learner"] = {"name": learner, "id": learner_id}
    report["role"]["name"] = text()
    report["taxonomy"]["title"] = HUGE + text()
    for item in report["skills"] + report["categories"] + report["role_fit"]:
        item["name"] = text()
    for step in report["plan"]["steps"]:
        step["skill_name"] = text()
        step["step"] = text()
        for resource in step["resources"]:
            resource["title"] = text()
    for answer in (report.get("calibration") or {}).get("answers", []):
        answer["question"] = text()
        answer["explanation"] = text()
    return report


# -- running the commands ----------------------------------------------------------------

runner = CliRunner()
BASE_ENV = {
    "SOURCE_DATE_EPOCH": "1790000000",
    "NO_COLOR": "1",
    "COLUMNS": "100",
    "MLCAREER_TAXONOMY": None,
    "MLCAREER_DEBUG": None,
}
# Names under which a report lands in a collected folder: ESC sequences, and bytes that are
# not UTF-8 (a zip made on another system).
HOSTILE_FILE = b"anon-\x1b]0;owned\x07\x1b[31m-caf\xe9.json"
BROKEN_FILE = b"x\x1b]52;c;cm0gLXJmIH4K\x07\x1b[2J\xff.json"


@dataclass
class Corpus:
    """Every input of one variant: ``controls`` adds the control and bidi characters to the
    printable corpus (markup, HTML, Markdown, formulas, confusables)."""

    controls: bool
    root: Path
    home: Path
    taxonomy: Path
    answers: Path
    reports: Path  # s1.json, s2.json (edited, a 100 kB title) and one under HOSTILE_FILE
    broken: Path  # the same plus a bad file under BROKEN_FILE
    edited_ids: Path  # reports whose category id is a formula (review C2)
    saved: list[int] = field(default_factory=list)
    refused: bool = False  # validation refused the taxonomy (its control characters)

    @property
    def report_one(self) -> Path:
        return self.reports / "s1.json"

    @property
    def report_two(self) -> Path:
        return self.reports / "s2.json"


def invoke(corpus: Corpus, args: list[str]):
    return runner.invoke(app, args, env={**BASE_ENV, "MLCAREER_HOME": str(corpus.home)})


def build_corpus(root: Path, controls: bool) -> Corpus:
    root.mkdir()
    corpus = Corpus(
        controls=controls,
        root=root,
        home=root / "home",
        taxonomy=root / "taxonomy.json",
        answers=root / "answers.json",
        reports=root / "reports",
        broken=root / "broken",
        edited_ids=root / "edited-ids",
    )
    corpus.taxonomy.write_text(json.dumps(hostile_taxonomy(controls), indent=1))
    learner = short_hostile(controls)
    answers = {
        "role": "junior",
        "learner": {"name": learner, "id": "s1"},
        "ratings": {"python": 2, "sql": None, "stats": 2, "ml": 1},
        "checks": {"python-1": 1, "python-2": 0},
        "confidence": {"python-1": "high", "python-2": "low"},
        "seed": 7,
    }
    corpus.answers.write_text(json.dumps(answers))
    lower = root / "answers-lower.json"
    lower.write_text(json.dumps({**answers, "ratings": {"python": 1, "stats": 0}}))
    # Three saved assessments (the history, show, compare and plan read them); the second
    # names its learner with --learner. (A 100 kB learner name is refused since names have a
    # limit of 200 characters: test_input_rules.py; the 100 kB string goes into s2.json.)
    first = invoke(corpus, ["assess", "-t", str(corpus.taxonomy), "-a", str(lower), "-f", "json"])
    invoke(corpus, ["assess", "-t", str(corpus.taxonomy), "-a", str(lower), "--learner",
                    learner, "-f", "json"])  # fmt: skip
    invoke(corpus, ["assess", "-t", str(corpus.taxonomy), "-a", str(corpus.answers), "-f", "json"])
    if first.exit_code != 0:
        # Validation refused the taxonomy (its control characters), so nothing was saved;
        # the reports, which anyone can edit, still carry them: made with the printable
        # taxonomy, then edited below.
        corpus.refused = True
        printable = root / "printable-taxonomy.json"
        printable.write_text(json.dumps(hostile_taxonomy(False), indent=1))
        plain = root / "answers-printable.json"
        plain_answers = {**json.loads(lower.read_text()), "learner": {"name": short_hostile(False)}}
        plain.write_text(json.dumps(plain_answers))
        first = invoke(corpus, ["assess", "-t", str(printable), "-a", str(plain), "-f", "json",
                                "--no-save"])  # fmt: skip
        assert first.exit_code == 0, first.stderr
    report = json.loads(first.stdout)
    for folder in (corpus.reports, corpus.broken, corpus.edited_ids):
        folder.mkdir()
        reports = {
            b"s1.json": report,
            b"s2.json": hostile_report(
                report, controls=controls, learner=short_hostile(False), learner_id="s2"
            ),
            HOSTILE_FILE: {**report, "learner": None},
        }
        for name, data in reports.items():
            if folder == corpus.edited_ids:  # the same layout in every file, as R5 demands
                data = json.loads(json.dumps(data).replace('"code"', '"=HYPERLINK(1)"'))
            with open(os.path.join(os.fsencode(folder), name), "w", encoding="utf-8") as handle:
                json.dump(data, handle)
    with open(os.path.join(os.fsencode(corpus.broken), BROKEN_FILE), "w") as handle:
        handle.write("{ not json")
    return corpus


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[bool, Corpus]:
    root = tmp_path_factory.mktemp("hostile")
    return {
        controls: build_corpus(root / f"c{int(controls)}", controls) for controls in (False, True)
    }


# -- the commands, in every format -----------------------------------------------------------

# The cases that show saved assessments: empty when the taxonomy was refused.
FROM_HISTORY = {"history", "show-saved", "compare-saved", "plan-saved"}

VIEW = ("table", "json", "markdown")
REPORT = ("table", "json", "markdown", "csv", "html")


@dataclass(frozen=True)
class Case:
    name: str
    args: object  # Corpus -> list[str]
    fmt: str | None = None  # None: the command has one output (validate, template, init)
    shows_input: bool = True  # stdout holds text from the corpus when the run succeeds


def _cases() -> list:
    cases = []

    def add(name, args, formats=(None,), report_view=False, shows_input=True):
        for fmt in formats:
            marks: list = []
            case = Case(name, args, fmt, shows_input)
            for controls in (False, True):
                label = f"{name}-{fmt or 'out'}-{'controls' if controls else 'printable'}"
                cases.append(pytest.param(controls, case, id=label, marks=marks))

    add("roles", lambda c: ["roles", "-t", str(c.taxonomy)], VIEW)
    add("skills", lambda c: ["skills", "-t", str(c.taxonomy)], VIEW)
    add("validate", lambda c: ["validate", str(c.taxonomy)])
    add("validate", lambda c: ["validate", str(c.taxonomy)], ("json", "github"), shows_input=False)
    add("template", lambda c: ["template", "-t", str(c.taxonomy)])
    add(
        "assess",
        lambda c: ["assess", "-t", str(c.taxonomy), "-a", str(c.answers), "--no-save"],
        REPORT,
        report_view=True,
    )
    add("history", lambda c: ["history"], VIEW)
    add("show-saved", lambda c: ["show", "latest"], REPORT, report_view=True)
    add("show-file", lambda c: ["show", str(c.report_two)], REPORT, report_view=True)
    add("compare-saved", lambda c: ["compare"], VIEW)
    add("compare-files", lambda c: ["compare", str(c.report_one), str(c.report_two)], VIEW)
    add("plan-saved", lambda c: ["plan", "latest", "-H", "5"], VIEW)
    add("plan-file", lambda c: ["plan", str(c.report_two), "-H", "5", "-w", "2"], VIEW)
    # Checked against the taxonomy: the edited report (s2) is left out and listed, with its
    # learner's name and file; trusted as stated, its names reach every table.
    checked = lambda c: ["cohort", str(c.reports), "-t", str(c.taxonomy)]  # noqa: E731
    trusted = lambda c: ["cohort", str(c.reports), "--trust-reports"]  # noqa: E731
    add("cohort", checked, (*VIEW, "csv"))
    add("cohort-trusted", trusted, (*VIEW, "csv"))
    for table in ("priorities", "learners", "at-risk"):
        add(f"cohort-{table}", lambda c, t=table: [*trusted(c), "--csv-table", t], ("csv",))
    add("cohort-broken", lambda c: [*checked(c)[:2], str(c.broken)], shows_input=False)
    add("cohort-skip", lambda c: ["cohort", str(c.broken), "--trust-reports", "--skip-invalid"],
        VIEW)  # fmt: skip
    add(
        "cohort-ids",  # review C2: a category id (a CSV header) that is a formula
        lambda c: ["cohort", str(c.edited_ids), "--trust-reports", "--csv-table", "learners"],
        ("csv",),
    )
    add(
        "init",
        lambda c: ["init", "--force", str(c.root / "course\x1b]0;pwned-title\x07.yaml")],
        shows_input=False,
    )
    return cases


FORMULA_START = re.compile(r"\s*[=+\-@\uff1d\uff0b\uff0d\uff20]")
NUMBER = re.compile(r"-?\d+(\.\d+)?(e-?\d+)?")


def assert_no_raw_controls(stream: bytes, what: str, csv_lines: bool = False) -> str:
    """``stream`` is UTF-8 with no control, C1, DEL or bidi character and no payload."""
    esc = stream.find(b"\x1b")
    assert esc < 0, f"ESC in {what}: {stream[max(0, esc - 80) :][:200]!r}"
    for payload in PAYLOAD_BYTES:
        assert payload not in stream, f"{payload!r} in {what}"
    text = stream.decode("utf-8")  # strict: a lone surrogate would not even get here
    found = RAW_UNSAFE.search(text)
    assert found is None, (
        f"{found.group()!r} in {what}: {text[max(0, found.start() - 80) :][:200]!r}"
    )
    carriage_returns = text.count("\r")
    # CSV rows end in CRLF; anywhere else a CR rewrites the line it is on.
    assert carriage_returns == (text.count("\r\n") if csv_lines else 0), what
    return text


def unescaped(text: str, token: str) -> list[int]:
    """Where ``token`` starts in Markdown ``text`` without a backslash escaping it (an even
    number of backslashes before it escape only each other)."""
    found = []
    for match in re.finditer(re.escape(token), text, flags=re.IGNORECASE):
        backslashes = len(text[: match.start()]) - len(text[: match.start()].rstrip("\\"))
        if backslashes % 2 == 0:
            found.append(match.start())
    return found


def assert_markdown_is_inert(text: str) -> None:
    for raw in ("<script", "<img", "<b>", "<https", "](javascript:", "](http:"):
        assert not unescaped(text, raw), (raw, text[unescaped(text, raw)[0] - 80 :][:200])
    # The only links are clean https ones (the taxonomy's one good resource URL).
    for target in re.findall(r"\]\(([^)]*)\)", text):
        assert target.startswith("https://") and " " not in target, target
    assert "\\[/x\\]" in text  # the markup shown as text, escaped


def assert_csv_is_inert(text: str) -> None:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows, text
    for row in rows:  # the header too
        for cell in row:
            if not NUMBER.fullmatch(cell):
                assert not FORMULA_START.match(cell), cell


@pytest.mark.parametrize(("controls", "case"), _cases())
def test_every_command_and_format_writes_hostile_text_inert(corpora, controls, case):
    corpus = corpora[controls]
    args = case.args(corpus)
    if case.fmt is not None:
        args += ["--format", case.fmt]
    result = invoke(corpus, args)
    if case.fmt == "html" and result.exit_code == 2 and b"html" in result.stderr_bytes:
        pytest.skip("--format html is not wired to this command yet")
    stdout = assert_no_raw_controls(result.stdout_bytes, "stdout", csv_lines=case.fmt == "csv")
    stderr = assert_no_raw_controls(result.stderr_bytes, "stderr")
    assert result.exit_code in (0, 2), (result.exit_code, stderr[-2000:])
    # Every line on stderr is one of ours: no line break in a file's text starts a new one.
    for line in stderr.splitlines():
        assert line.startswith("mlcareer: ") or not line, line
    if case.name == "cohort-broken":
        assert result.exit_code == 2, "a folder with a bad file is refused without --skip-invalid"
    elif not controls:
        # Markup, HTML, Markdown, formulas and look-alike letters are text anyone may write:
        # refusing them would hide the views from this test.
        assert result.exit_code == 0, stderr[-2000:]
    if result.exit_code == 2:
        # validate --format json/github says why on stdout, in the format asked for.
        assert stderr or (case.name == "validate" and stdout), "a refusal says why"
        return
    if corpus.refused and case.name in FROM_HISTORY:
        return  # nothing was saved from a refused taxonomy: the views have no input to show
    if not case.shows_input:
        return
    if case.fmt == "json":
        json.loads(stdout)
        assert "[/x]" in stdout
    elif case.fmt == "markdown":
        assert_markdown_is_inert(stdout)
    elif case.fmt == "csv":
        assert_csv_is_inert(stdout)
        assert "[/x]" in stdout
    elif case.fmt == "html":
        assert "<script>alert" not in stdout and "<img src=x" not in stdout
        assert "[/x]" in stdout
    else:  # the terminal views and the single outputs: markup drawn as text
        assert "[/x]" in stdout, stdout[:2000]
        if controls and case.fmt == "table":
            # the payload shown, visibly (cohorts show it in file names: learner names and
            # ids with control characters are refused when a report is read)
            assert ("\\x1b]" if case.name.startswith("cohort") else "\\x1b]52;") in stdout


# -- the same on a real terminal, in colour ---------------------------------------------------

TERMINAL_TIMEOUT = 30  # a guard against hangs, not a speed measurement


def run_on_terminal(args: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    """``mlcareer ARGS`` with stdout and stderr on a pseudo-terminal of 120 columns: rich
    sees a terminal and draws in colour, as a user would see it. Returns the exit status
    and every byte the terminal received."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "mlcareer", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + TERMINAL_TIMEOUT
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                pytest.fail(f"mlcareer {args[0]} still running after {TERMINAL_TIMEOUT} s")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(master, 1 << 16)
            except OSError:  # EIO: the child closed its end of the terminal
                break
            if not data:
                break
            chunks.append(data)
        return process.wait(timeout=TERMINAL_TIMEOUT), b"".join(chunks)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)


TERMINAL_CASES = {
    "roles": lambda c: ["roles", "-t", str(c.taxonomy)],
    "history": lambda c: ["history"],
    "compare": lambda c: ["compare", str(c.report_one), str(c.report_two)],
    "plan": lambda c: ["plan", "latest", "-H", "5"],
    "cohort-trusted": lambda c: ["cohort", str(c.reports), "--trust-reports"],
    "cohort-skip": lambda c: ["cohort", str(c.broken), "--trust-reports", "--skip-invalid"],
}


@pytest.mark.parametrize("name", TERMINAL_CASES)
def test_table_views_on_a_colour_terminal_carry_no_payload(corpora, name):
    corpus = corpora[True]
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env |= {"TERM": "xterm-256color", "MLCAREER_HOME": str(corpus.home)}
    status, output = run_on_terminal(TERMINAL_CASES[name](corpus), env)
    assert status in (0, 2), output[-2000:]
    for payload in PAYLOAD_BYTES:
        assert payload not in output, (payload, output[max(0, output.find(payload) - 80) :][:200])
    if status == 0 and not (corpus.refused and name in FROM_HISTORY):
        assert b"\x1b[" in output  # rich drew in colour: its own ESC codes are there
        assert b"[/x]" in output  # and the markup as text


# -- the views themselves, fed text no validation would let through ---------------------------

# Appended to every display field of a model built from the printable corpus: whatever
# validation refuses tomorrow, the views must still draw it inert.
TAINT = " " + " ".join(CONTROLS) + " [/x] [blink]b[/blink] <script>x</script> [l](javascript:x)"
DISPLAY_FIELDS = {
    "name",
    "title",
    "description",
    "step",
    "question",
    "explanation",
    "choices",
    "levels",
    "learner",
    "learner_name",
    "role_name",
    "skill_name",
    "file",
    "version",
    "url",
    "kind",
    "ref",
    "notes",
    "former_id",
    "merged_into",
}


def taint(node: object) -> None:
    """Append TAINT to every display text of a model tree, in place (bypassing the models'
    validation and frozenness, as a forged file would bypass the validation of tomorrow)."""
    from pydantic import BaseModel

    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name in DISPLAY_FIELDS and isinstance(value, str):
                object.__setattr__(node, name, value + TAINT)
            elif name in DISPLAY_FIELDS and isinstance(value, list) and value:
                if all(isinstance(item, str) for item in value):
                    object.__setattr__(node, name, [item + TAINT for item in value])
                else:
                    taint(value)
            elif name in DISPLAY_FIELDS and isinstance(value, dict):
                tainted = {k: v + TAINT if isinstance(v, str) else v for k, v in value.items()}
                object.__setattr__(node, name, tainted)
            else:
                taint(value)
    elif isinstance(node, list):
        for item in node:
            taint(item)


def draw_in_colour(draw) -> str:
    """What ``draw(console)`` sends to a colour terminal."""
    from rich.console import Console

    buffer = io.StringIO()
    draw(Console(file=buffer, force_terminal=True, color_system="truecolor", width=100))
    return buffer.getvalue()


def assert_drawn_inert(drawn: str) -> None:
    data = drawn.encode("utf-8")
    for payload in PAYLOAD_BYTES:
        assert payload not in data, (payload, drawn[max(0, drawn.find(payload.decode()) - 80) :])
    assert "[/x]" in drawn and "[blink]" in drawn  # markup drawn as text


def assert_text_view_inert(text: str, fmt: str) -> None:
    assert_no_raw_controls(text.encode("utf-8"), fmt, csv_lines=fmt == "csv")
    if fmt == "markdown":
        assert_markdown_is_inert(text)
    elif fmt == "csv":
        assert_csv_is_inert(text)
    elif fmt == "json":
        json.loads(text)


def model_from(corpus: Corpus, model: type, args: list[str]):
    result = invoke(corpus, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return model.model_validate_json(result.stdout)


def test_catalogue_views_draw_any_taxonomy_text_inert(corpora):
    from mlcareer.render import catalogue
    from mlcareer.taxonomy import load_taxonomy

    tax = load_taxonomy(corpora[False].taxonomy)
    taint(tax)
    for fmt, text in (
        ("markdown", catalogue.roles_markdown(tax)),
        ("markdown", catalogue.skills_markdown(tax)),
        ("json", catalogue.roles_json(tax)),
        ("json", catalogue.skills_json(tax)),
    ):
        assert_text_view_inert(text, fmt)
    assert_drawn_inert(draw_in_colour(lambda console: catalogue.print_roles(tax, console)))
    assert_drawn_inert(draw_in_colour(lambda console: catalogue.print_skills(tax, console)))


def test_cohort_views_draw_any_report_text_inert(corpora):
    from mlcareer.cohort import Cohort, DroppedItem
    from mlcareer.render import cohort as views
    from mlcareer.render.json import render_json

    corpus = corpora[False]
    cohort = model_from(corpus, Cohort, ["cohort", str(corpus.reports), "--trust-reports"])
    taint(cohort)
    # Ids reach the views too (the matrix's column headers, notes): a category id and the
    # keys of every learner's scores, renamed alike, and a dropped skill for the notes.
    old = cohort.categories[0].id
    new = "=" + old + TAINT
    object.__setattr__(cohort.categories[0], "id", new)
    for row in [*cohort.learners, *cohort.at_risk]:
        object.__setattr__(row, "id", (row.id or "") + TAINT)
        scores = {new if key == old else key: value for key, value in row.categories.items()}
        object.__setattr__(row, "categories", scores)
    dropped = DroppedItem(id="gone" + TAINT, name="Gone" + TAINT, missing_from=["t 2" + TAINT])
    object.__setattr__(cohort, "dropped_skills", [dropped])
    assert_text_view_inert(views.render_cohort_markdown(cohort), "markdown")
    for table in ("skills", "priorities", "learners", "at-risk"):
        text = views.render_cohort_csv(cohort, table)
        assert_text_view_inert(text, "csv")
        assert "\\x1b]52;" in text
    assert_text_view_inert(render_json(cohort), "json")
    assert_drawn_inert(draw_in_colour(lambda console: views.render_cohort_table(cohort, console)))


def test_compare_and_plan_views_draw_any_report_text_inert(corpora):
    from mlcareer.compare import Comparison, GoneSkill, NewSkill
    from mlcareer.render import compare, schedule
    from mlcareer.schedule import Schedule

    corpus = corpora[False]
    cmp = model_from(
        corpus, Comparison, ["compare", str(corpus.report_one), str(corpus.report_two)]
    )
    taint(cmp)
    gone = GoneSkill(id="old" + TAINT, name="Old" + TAINT, rating=1, gap=1, merged_into="x" + TAINT)
    new = NewSkill(id="new" + TAINT, name="New" + TAINT, rating=None, required=2, gap=2)
    object.__setattr__(cmp, "gone", [gone])
    object.__setattr__(cmp, "added", [new])
    object.__setattr__(cmp, "notes", ["a note" + TAINT])
    object.__setattr__(cmp.skills[0], "changed", True)
    object.__setattr__(cmp.skills[0], "former_id", "was" + TAINT)
    assert_text_view_inert(compare.comparison_markdown(cmp), "markdown")
    assert_drawn_inert(draw_in_colour(lambda console: compare.print_comparison(cmp, console)))

    plan = model_from(corpus, Schedule, ["plan", str(corpus.report_two), "-H", "5", "-w", "3"])
    taint(plan)
    assert plan.unscheduled  # the "After week N" lines are drawn too
    assert_text_view_inert(schedule.schedule_markdown(plan), "markdown")
    assert_drawn_inert(draw_in_colour(lambda console: schedule.print_schedule(plan, console)))


def test_history_views_draw_any_saved_text_inert():
    from mlcareer.history import HistoryEntry
    from mlcareer.render import history

    entry = HistoryEntry(
        id=1,
        created_at="2026-09-21T14:13:20Z" + TAINT,
        taxonomy_id="tiny" + TAINT,
        taxonomy_version="1" + TAINT,
        role_id="junior",
        role_name="Junior" + TAINT,
        learner_id="s1" + TAINT,
        learner_name="Ada" + TAINT,
        readiness=37.5,
        plan_hours=54.0,
    )
    assert_text_view_inert(history.history_markdown([entry]), "markdown")
    assert_text_view_inert(history.history_json([entry]), "json")
    drawn = draw_in_colour(lambda console: history.print_history([entry], console, "h" + TAINT))
    assert_drawn_inert(drawn)


def test_report_csv_and_json_carry_any_report_text_inert(corpora):
    from mlcareer.render.csv import report_skills_csv
    from mlcareer.render.json import render_json
    from mlcareer.report import Report

    corpus = corpora[False]
    report = model_from(corpus, Report, ["show", str(corpus.report_one)])
    taint(report)
    assert_text_view_inert(report_skills_csv(report), "csv")
    text = render_json(report)
    assert_text_view_inert(text, "json")
    # The JSON keeps the data exactly: the escapes read back as the same characters.
    assert json.loads(text)["skills"][0]["name"] == report.skills[0].name


# -- error messages ------------------------------------------------------------------------


def test_error_lines_are_one_clean_line_per_problem():
    from mlcareer.cli.application import error_lines
    from mlcareer.errors import MlcareerError, Problem

    error = MlcareerError(
        [
            Problem("unknown key `a\r\nmlcareer: forged`\x1b[2J", "f\x1b]0;t\x07.yaml", 3, 4),
            Problem("second\u2028line \x9b31m"),
        ]
    )
    assert error_lines(error) == [
        "f\\x1b]0;t\\x07.yaml:3:4: unknown key `a  mlcareer: forged`\\x1b[2J",
        "second\\u2028line \\x9b31m",
    ]


@pytest.mark.parametrize(
    ("where", "key", "shown"),
    [
        ("top", "extra\x1b]52;c;cm0gLXJmIH4K\x1b\\", "extra\\x1b]52;c;cm0gLXJmIH4K\\x1b\\"),
        (
            "requires",
            "nope\rmlcareer: taxonomy OK, all checks passed\x1b[K",
            "nope mlcareer: taxonomy OK, all checks passed\\x1b[K",
        ),
    ],
    ids=["escape-sequence", "carriage-return"],
)
def test_a_key_with_a_line_break_cannot_forge_a_line_of_ours(tmp_path, where, key, shown):
    """Review T10: a key holding CR and ESC, echoed in an error, used to print a second
    `mlcareer:` line of the attacker's choosing, and the ESC sequence raw."""
    data = yaml.load(TINY.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    (data if where == "top" else data["roles"][0]["requires"])[key] = 1
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(data))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    stderr = assert_no_raw_controls(result.stderr_bytes, "stderr")
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"mlcareer: {path}:"), lines
    assert shown in lines[0]


# -- the questionnaire -----------------------------------------------------------------------


def test_the_questionnaire_draws_taxonomy_text_inert(corpora, prompt_deadline, monkeypatch):
    """Every prompt of a run (welcome, role, ratings, a knowledge check, the review) drawn
    on an output that passes text through as it is, so only the cleaning stands between
    the taxonomy and the terminal."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    from mlcareer.questionnaire import Paused, assess_interactively

    corpus = corpora[False]  # the controls corpus's taxonomy is refused before any prompt
    with pytest.raises(MlcareerError, match="control character U\\+001B"):
        assess_interactively(corpora[True].taxonomy, quiz_max=4)
    monkeypatch.setenv("MLCAREER_HOME", str(corpus.root / "questionnaire-home"))
    down, enter = "\x1b[B", "\r"
    # name, role, Python 2 (then one check and its confidence), SQL 1, Statistics 1,
    # Machine learning 1; the input then ends in the review, which pauses the run.
    keys = enter + enter + down * 2 + enter + enter + enter + (down + enter) * 3
    screen = io.StringIO()
    with (
        create_pipe_input() as pipe,
        create_app_session(input=pipe, output=PlainTextOutput(screen)),
        pytest.raises(Paused),
    ):
        pipe.send_text(keys)
        pipe.close()
        assess_interactively(corpus.taxonomy, quiz_max=4)
    # PlainTextOutput writes no escape sequence of its own, only CRs to redraw a line.
    text = screen.getvalue().replace("\r", "")
    assert_no_raw_controls(text.encode("utf-8"), "the questionnaire")
    assert "Quick check" in text  # the check was drawn
    assert "[/x]" in text and "[blink]" in text  # and the taxonomy's text, inert


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_validate_for_machines_writes_a_forged_key_inert(tmp_path, fmt):
    data = yaml.load(TINY.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    key = "nope\rmlcareer: taxonomy OK\x1b]52;c;eA==\x07\x9b2J\u202e"
    data["roles"][0]["requires"][key] = 1
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(data))
    result = runner.invoke(app, ["validate", str(path), "--format", fmt])
    assert result.exit_code == 2
    stdout = assert_no_raw_controls(result.stdout_bytes, "stdout")
    assert_no_raw_controls(result.stderr_bytes, "stderr")
    if fmt == "json":  # the data exact: the escapes read back as the key's characters

        def texts(node):
            if isinstance(node, str):
                yield node
            elif isinstance(node, dict | list):
                for item in node.values() if isinstance(node, dict) else node:
                    yield from texts(item)

        assert any(key in text for text in texts(json.loads(stdout)))
    else:  # one annotation, on one line
        assert len(stdout.splitlines()) == 1 and stdout.startswith("::error file="), stdout
