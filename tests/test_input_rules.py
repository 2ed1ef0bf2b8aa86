"""What no honest file holds is refused when it is read (DESIGN.md, Trust boundaries):
control characters and bidi controls in text, unclean URLs, learner ids that are not plain
ASCII, and names over the length the answers file allows."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.errors import MlcareerError
from mlcareer.paused import load_progress, progress_of, save_progress
from mlcareer.taxonomy import load_taxonomy

from .conftest import TINY

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def tiny_with(tmp_path, old: str, new: str):
    """tests/data/tiny.yaml with one piece of text replaced, as JSON-safe YAML."""
    text = TINY.read_text()
    assert old in text
    path = tmp_path / "tax.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def refusal(path) -> str:
    with pytest.raises(MlcareerError) as caught:
        load_taxonomy(path)
    return caught.value.render()


# -- taxonomy text --------------------------------------------------------------------

# (what is replaced in tiny.yaml, its replacement (a YAML double-quoted string), the message)
HOSTILE_TEXT = [
    (
        "name: Code",
        r'name: "Code \e[2J\e[H"',
        ":8:11: `name` holds the control character U+001B, which no honest file holds: remove it",
    ),
    (
        "name: Python",
        r'name: "Python \e]8;;file:///etc/passwd\e\\click"',
        ":13:15: `name` holds the control character U+001B",
    ),
    (
        "title: Tiny test taxonomy",
        r'title: "Tiny\u009b2J"',
        ":4:8: `title` holds the control character U+009B",
    ),
    (
        "description: Writing Python.",
        r'description: "Writing \u202eevil"',
        ":14:22: `description` holds the bidirectional control U+202E, which can make text "
        "read differently than it is stored: remove it",
    ),
    (
        "name: Maths",
        r'name: "Maths\nroles: x"',
        ":36:11: `name` must be one line: it holds a line break",
    ),
    ("name: Junior", r'name: "Jun\tior"', ":59:11: `name` must be one line: it holds a tab"),
    (
        "step: Learn SELECT.",
        r'step: "Learn \u2028SELECT."',
        ":31:33: `step` holds the control character U+2028",
    ),
    (
        "explanation: A list is a mutable sequence.",
        r'explanation: "A list\x07"',
        "`explanation` holds the control character U+0007",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), HOSTILE_TEXT)
def test_control_and_bidi_characters_in_taxonomy_text_are_refused(tmp_path, old, new, message):
    path = tiny_with(tmp_path, old, new)
    assert message in refusal(path)


def test_descriptions_may_span_lines_and_tabs(tmp_path):
    path = tiny_with(tmp_path, "description: Writing Python.", r'description: "Writing\n\tPython."')
    assert load_taxonomy(path).skill("python").description == "Writing\n\tPython."


URLS = {
    # a clean address passes, with the parentheses RFC 3986 allows
    "https://en.wikipedia.org/wiki/Bias_(statistics)?q=1&r=%5B1%5D": None,
    "https://docs.python.org/)[Reset](javascript:alert(1)": "not one holding '['",
    "http://example.org/py": None,  # plain http: `validate` warns about it
    "https://docs.python.org/\x1b\\\x1b]52;c;cHduZWQ=\x07": "not one holding U+001B",
    "https://docs.python.org/\u202eevil": "not one holding U+202E",
    "https://a b.example/": "not one holding U+0020",
    'https://a.example/"onmouseover=': "not one holding '\"'",
    "https://a.example/<script>": "not one holding '<'",
    "https://good.example@evil.example/": "without a user name before the host",
    "https://localhost/": "with a host name like docs.python.org",
    "https://a.example:port/": "with a valid host and port",
    "javascript:alert(1)": "must be a web address starting with https://",
    "HTTPS://UPPER.EXAMPLE/": "must be a web address starting with https://",
    "file:///etc/passwd": "must be a web address starting with https://",
}


@pytest.mark.parametrize("url", sorted(URLS))
def test_resource_urls_must_be_clean(tmp_path, url):
    path = tiny_with(tmp_path, '"https://docs.python.org/3/tutorial/"', json.dumps(url))
    expected = URLS[url]
    if expected is None:
        load_taxonomy(path)
    else:
        message = refusal(path)
        assert ":18:98: `url` must be a web address starting with https://" in message
        assert expected in message
        assert "\x1b" not in message and "\u202e" not in message


# -- learner ids and names --------------------------------------------------------------

LEARNER_IDS = {
    "s123": True,
    "Ada.Lovelace_2-b": True,
    "x" * 64: True,
    "x" * 65: False,
    "s123\n": False,  # `$` in a pattern matches before a final newline; fullmatch does not
    "ada@uni.example": False,
    "a+b": False,
    "../x": False,
    ".hidden": False,
    "-rf": False,
    "ѕ1": False,  # Cyrillic dze, a look-alike of s
    "s1\u200b": False,  # zero-width space
    "ｓ1": False,  # fullwidth s: NFKC would turn it into s1
    "s 1": False,
}


@pytest.mark.parametrize("learner_id", sorted(LEARNER_IDS))
def test_learner_id_rule_in_answers_files(tmp_path, learner_id):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"role": "junior", "learner": {"id": learner_id}}))
    result = run("assess", "-t", str(TINY), "-a", str(answers), "--no-save", "-f", "json")
    if LEARNER_IDS[learner_id]:
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["learner"]["id"] == learner_id
    else:
        assert result.exit_code == 2
        assert result.stderr.startswith(f"mlcareer: {answers}:1:")
        assert "`id`: a learner id " in result.stderr
        assert "lowercase" not in result.stderr  # not the wording for skill ids (O1)


@pytest.mark.parametrize("learner_id", sorted(LEARNER_IDS))
def test_learner_id_rule_on_the_command_line(tmp_path, learner_id):
    answers = tmp_path / "a.yaml"
    answers.write_text("role: junior\n")
    result = run(
        "assess", "-t", str(TINY), "-a", str(answers), "--no-save", "-f", "json",
        "--learner-id", learner_id,
    )  # fmt: skip
    if LEARNER_IDS[learner_id]:
        assert result.exit_code == 0, result.stderr
    else:
        assert result.exit_code == 2
        assert result.stderr.startswith("mlcareer: --learner-id is not a usable id: a learner id")
        assert len(result.stderr.splitlines()) == 1


def test_a_trailing_newline_in_learner_id_is_refused_with_the_learner_id_wording(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("role: junior\n")
    result = run(
        "assess", "-t", str(TINY), "-a", str(answers), "--no-save", "--learner-id", "s123\n"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "mlcareer: --learner-id is not a usable id: a learner id uses only ASCII letters, digits "
        "and . _ - (starting with a letter or digit), like the student number s123, not "
        "'s123\\n'\n"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("N" * 201, "a learner name is at most 200 characters, not 201"),
        (
            "Eve \x1b]52;c;cm0gLXJmIH4K\x1b\\",
            "a learner name holds the control character U+001B, which no honest file holds: "
            "remove it",
        ),
        ("Eve\nmlcareer: forged", "a learner name must be one line: it holds a line break"),
        (
            "Eve \u202eevE",
            "a learner name holds the bidirectional control U+202E, which can make text read "
            "differently than it is stored: remove it",
        ),
    ],
)
def test_learner_name_on_the_command_line_follows_the_file_rules(tmp_path, name, message):
    answers = tmp_path / "a.yaml"
    answers.write_text("role: junior\n")
    result = run("assess", "-t", str(TINY), "-a", str(answers), "--no-save", "--learner", name)
    assert result.exit_code == 2
    assert result.stderr == f"mlcareer: --learner is not a usable name: {message}\n"


def test_a_learner_name_of_200_characters_is_kept(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("role: junior\n")
    result = run(
        "assess", "-t", str(TINY), "-a", str(answers), "--no-save", "-f", "json",
        "--learner", "N" * 200,
    )  # fmt: skip
    assert result.exit_code == 0
    assert json.loads(result.stdout)["learner"]["name"] == "N" * 200


def test_a_tampered_progress_file_cannot_carry_a_bad_learner_id(tmp_path):
    tiny = load_taxonomy(TINY)
    path = save_progress(progress_of(tiny, "junior", {"python": 1}, "Ada", "ada"))
    data = json.loads(path.read_text())
    assert load_progress().learner.id == "ada"
    data["learner"]["id"] = "bad id\nwith newline \x1b[31m"
    path.write_text(json.dumps(data))
    with pytest.raises(MlcareerError) as caught:
        load_progress()
    message = caught.value.render()
    assert message.startswith(f"{path}:")
    assert "the saved progress cannot be read (`id`: a learner id uses only ASCII" in message


def test_a_report_read_back_checks_its_learner_id(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("role: junior\nlearner: {id: s1}\n")
    made = run("assess", "-t", str(TINY), "-a", str(answers), "--no-save", "-f", "json")
    report = json.loads(made.stdout)
    report["learner"]["id"] = "s1\u200b"
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    result = run("show", str(path))
    assert result.exit_code == 2
    assert "a learner id uses only ASCII letters" in result.stderr
