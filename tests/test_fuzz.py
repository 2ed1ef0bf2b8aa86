"""Property tests: whatever the input, the loaders and the scoring either succeed or raise
the project's own error type, never anything else."""

from __future__ import annotations

import contextlib
import functools
import json
import math

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlcareer.answers import answers_from_document
from mlcareer.errors import MlcareerError
from mlcareer.report import Report
from mlcareer.scoring import report_for
from mlcareer.taxonomy import load_taxonomy, taxonomy_from_document
from mlcareer.yamlfile import Document, parse_yaml

from .conftest import TINY

TINY_TAX = load_taxonomy(TINY)
TINY_DATA = parse_yaml(TINY.read_text(), "tiny.yaml").data

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
json_like = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.text(max_size=10), children, max_size=5),
    ),
    max_leaves=30,
)
yaml_bits = st.sampled_from(
    [
        "a",
        ":",
        " ",
        "\n",
        "-",
        "[",
        "]",
        "{",
        "}",
        "&x",
        "*x",
        "!!str",
        "!!int",
        "!!float",
        "!!bool",
        "!!null",
        "!!timestamp",
        "2026-11-26",
        "!!python/object",
        "#",
        "'",
        '"',
        "---",
        "?",
        ",",
        "|",
        ">",
        "\t",
        "1",
        "yes",
        "~",
        "<<",
        "%YAML 1.1",
        "\\",
        "é",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(yaml_bits, max_size=40).map("".join))
def test_parse_yaml_never_raises_anything_else(text):
    with contextlib.suppress(MlcareerError):
        parse_yaml(text, "f.yaml")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parse_yaml_on_arbitrary_text(text):
    with contextlib.suppress(MlcareerError):
        parse_yaml(text, "f.yaml")


class TextDatesLoader(yaml.CSafeLoader):
    """PyYAML's fast safe loader, keeping a date as the text it was written as.

    That is what parse_yaml does: it still runs the timestamp constructor, so a date that
    PyYAML refuses (2026-02-30) is refused, and then keeps the original text.
    """


def _timestamp_as_text(loader, node):
    loader.construct_yaml_timestamp(node)
    return loader.construct_scalar(node)


TextDatesLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def same_data(ours, theirs) -> bool:
    """Equal and of the same types all the way down (1, 1.0 and True are not the same
    value here), with NaN equal to NaN and keys compared in order."""
    if type(ours) is not type(theirs):
        return False
    if isinstance(ours, dict):
        return len(ours) == len(theirs) and all(
            same_data(k1, k2) and same_data(v1, v2)
            for (k1, v1), (k2, v2) in zip(ours.items(), theirs.items(), strict=True)
        )
    if isinstance(ours, list):
        return len(ours) == len(theirs) and all(map(same_data, ours, theirs))
    if isinstance(ours, float) and math.isnan(ours):
        return math.isnan(theirs)
    return ours == theirs


# Plain scalars of every type YAML 1.1 resolves, including ones that look typed but are not
# (1e3 is a string in YAML 1.1), and explicit tags on values that fit them.
SCALARS = [
    "x", "hello world", "'it''s'", '"a\\tb"', '""', "1", "-2", "+3", "012", "0x1F", "0o17",
    "0b101", "1_000", "190:20:30", "1.5", "1e3", "6.8523015e+5", ".inf", "-.Inf", ".nan", "true",
    "no", "Yes", "off", "~", "null", "2026-11-26", "2026-11-26T10:00:00Z",
    "2026-11-26 10:00:00.5 +01:00", "!!int 7", "!!int '7'", "!!float 1", "!!float .nan",
    "!!bool yes", "!!null", "!!null x", "!!null ''", "!!str", "!!str 1", "!!str ~",
    "!!timestamp 2026-11-26", "! 1", "! x",
]  # fmt: skip
# Scalars that PyYAML refuses or the tool does: a tag on nothing or on a value it cannot hold,
# a date that does not exist, a merge key.
BAD_SCALARS = [
    "!!int", "!!int ''", "!!int +", "!!int 0x", "!!int 1.5", "!!float", "!!float .",
    "!!float x", "!!bool", "!!bool 1", "!!timestamp", "!!timestamp x", "2026-02-30", "<<",
]  # fmt: skip
# Keys: 1, 1.0 and true are one key to Python; "a" and "a" are one to anybody.
KEYS = [*"bcdefghijklmnopqrstuv", "x y", "!!str 1", "~", "2026-11-26", "-1", "0.5"]
CLASHING_KEYS = ["a", "1", "!!int 1", "true", "1.0", "? [k]"]
ANCHORS = ["x", "y"]


# About one time in twelve, so that a larger document is still often valid; False is what
# hypothesis shrinks towards.
RARELY = st.sampled_from([False] * 11 + [True])
MAX_YAML_DEPTH = 3


@functools.cache
def yaml_nodes(depth: int = 0) -> st.SearchStrategy:
    """A node to write out: ("scalar", anchor, text), ("alias", None, pick) whose pick
    chooses among the anchors written before it, or ("seq" | "map", anchor, tag, items).
    Built once per depth: building strategies inside a draw is what makes generation slow."""
    # Mostly a list or mapping at the top, mostly scalars deep down.
    kinds = ["scalar"] * depth + (["seq", "map"] if depth < MAX_YAML_DEPTH else [])
    kind = st.sampled_from(kinds)
    anchor = st.sampled_from(ANCHORS)
    scalar = st.sampled_from(SCALARS)
    bad_scalar = st.sampled_from(BAD_SCALARS)
    wrong_tag = st.sampled_from(["!!str ", "!!int "])
    pick = st.integers(0, 3)
    key = st.sampled_from(CLASHING_KEYS) | st.sampled_from(KEYS) | st.sampled_from(KEYS)
    if depth < MAX_YAML_DEPTH:
        items = st.lists(yaml_nodes(depth + 1), max_size=5)
        pairs = st.lists(st.tuples(key, yaml_nodes(depth + 1)), max_size=5)

    @st.composite
    def node(draw):
        anchored = draw(anchor) if draw(RARELY) or draw(RARELY) else None
        chosen = "alias" if draw(RARELY) else draw(kind)
        if chosen == "scalar":
            return ("scalar", anchored, draw(bad_scalar if draw(RARELY) else scalar))
        if chosen == "alias":
            return ("alias", None, draw(pick))
        tag = draw(wrong_tag) if draw(RARELY) and draw(RARELY) else ""
        if not tag and draw(RARELY):
            tag = "!!seq " if chosen == "seq" else "!!map "
        return (chosen, anchored, tag, draw(items if chosen == "seq" else pairs))

    return node()


class YamlWriter:
    """Writes a node tree as YAML text, each collection in block or flow style as drawn."""

    def __init__(self, flow_styles):
        self.flow_styles = iter(flow_styles)
        self.anchors_finished: list[str] = []

    def props(self, node) -> str:
        """The anchor (and for a collection the tag) written before a node."""
        anchor = f"&{node[1]} " if node[1] else ""
        return anchor + (node[2] if node[0] in ("seq", "map") else "")

    def finished(self, node, text: str) -> str:
        """An alias written later may name this node's anchor."""
        if node[1]:
            self.anchors_finished.append(node[1])
        return text

    def flow(self, node) -> str:
        if node[0] == "alias":  # an anchor of a finished node, or one never written: an error
            named = self.anchors_finished
            if named:
                return "*" + named[node[2] % len(named)]
            return "*undefined" if node[2] == 0 else "x"
        props = self.props(node)
        if node[0] == "scalar":
            return self.finished(node, props + node[2])
        if node[0] == "seq":
            items = ", ".join(self.flow(child) for child in node[3])
            return self.finished(node, f"{props}[{items}]")
        pairs = ", ".join(f"{key}: {self.flow(value)}" for key, value in node[3])
        return self.finished(node, f"{props}{{{pairs}}}")

    def block(self, node, indent: int) -> str:
        """The text after a "key:" or "-", or at the start of the document."""
        if node[0] in ("scalar", "alias") or not node[3] or next(self.flow_styles, False):
            return " " + self.flow(node) + "\n"
        pad = " " * indent
        head = f" {self.props(node)}".rstrip() + "\n"
        if node[0] == "seq":
            lines = [f"{pad}-{self.block(child, indent + 2)}" for child in node[3]]
        else:  # an explicit key ("? [k]") takes its value on the next line, after ":"
            lines = [
                f"{pad}{key}\n{pad}:{self.block(value, indent + 2)}"
                if key.startswith("?")
                else f"{pad}{key}:{self.block(value, indent + 2)}"
                for key, value in node[3]
            ]
        return self.finished(node, head + "".join(lines))


@st.composite
def yaml_documents(draw):
    """YAML text of nested maps and lists in block and flow style, with explicit tags,
    anchors and aliases, and duplicate keys."""
    writer = YamlWriter(draw(st.lists(st.booleans(), max_size=40)))
    text = writer.block(draw(yaml_nodes()), 0)
    return text[1:]  # the document starts at column 1


@settings(max_examples=400, deadline=None)
@given(st.one_of(yaml_documents(), st.lists(yaml_bits, max_size=40).map("".join)))
def test_parse_yaml_reads_what_pyyaml_reads(text):
    """Whatever parse_yaml accepts, PyYAML's own safe loader reads to the same data."""
    try:
        ours = parse_yaml(text, "f.yaml").data
    except MlcareerError:
        return
    theirs = yaml.load(text, Loader=TextDatesLoader)
    assert same_data(ours, theirs), (ours, theirs)


def test_the_differential_oracle_keeps_dates_as_text_and_types_apart():
    assert yaml.load("[2026-11-26, 1, 1.0, true]", Loader=TextDatesLoader) == [
        "2026-11-26",
        1,
        1.0,
        True,
    ]
    assert not same_data([1], [True]) and not same_data({"a": 1}, {"a": 1.0})
    assert same_data([float("nan")], [float("nan")])
    with pytest.raises(ValueError):
        yaml.load("2026-02-30", Loader=TextDatesLoader)


def mutate(data, path, value):
    """A copy of ``data`` with the value at ``path`` replaced."""
    copy = json.loads(json.dumps(data))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


def paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, (*prefix, index))


TINY_PATHS = [p for p in paths(json.loads(json.dumps(TINY_DATA))) if p]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TINY_PATHS), json_like)
def test_taxonomy_with_any_value_anywhere(path, value):
    data = mutate(TINY_DATA, path, value)
    with contextlib.suppress(MlcareerError):
        taxonomy_from_document(Document("t.yaml", data, json.dumps(data)))


answers_docs = st.fixed_dictionaries(
    {},
    optional={
        "role": st.one_of(st.sampled_from(["junior", "analyst"]), json_like),
        "learner": json_like,
        "ratings": st.one_of(
            st.dictionaries(
                st.sampled_from(["python", "py", "sql", "stats", "ml", "x"]),
                st.one_of(st.integers(-2, 6), st.none(), json_like),
            ),
            json_like,
        ),
        "checks": st.one_of(
            st.dictionaries(st.sampled_from(["python-1", "python-2", "q"]), st.integers(-1, 5)),
            json_like,
        ),
        "confidence": st.one_of(
            st.dictionaries(
                st.sampled_from(["python-1", "q"]), st.sampled_from(["low", "high", "x"])
            ),
            json_like,
        ),
        "seed": json_like,
    },
)


@settings(max_examples=400, deadline=None)
@given(answers_docs)
def test_answers_and_scoring_with_any_document(data):
    try:
        answers = answers_from_document(Document("a.yaml", data), TINY_TAX)
    except MlcareerError:
        return
    report = report_for(TINY_TAX, answers, created_at="2026-01-01T00:00:00Z", tool_version="0")
    assert 0 <= report.readiness <= 100
    # every report the tool writes reads back as a valid report
    assert Report.model_validate_json(report.model_dump_json()) == report


# The model reads the current version only: report_file.py upgrades version 1 documents.
@pytest.mark.parametrize("version", [0, 1, 3, "2", None])
def test_report_with_another_schema_version_is_refused_by_the_model(version):
    from pydantic import ValidationError

    answers = answers_from_document(Document("a.yaml", {"role": "junior"}), TINY_TAX)
    data = json.loads(
        report_for(TINY_TAX, answers, created_at="x", tool_version="0").model_dump_json()
    )
    data["schema_version"] = version
    with pytest.raises(ValidationError):
        Report.model_validate(data)


REPORT_DATA = json.loads(
    report_for(
        TINY_TAX,
        answers_from_document(
            Document(
                "a.yaml", {"role": "junior", "ratings": {"python": 1}, "checks": {"python-1": 1}}
            ),
            TINY_TAX,
        ),
        created_at="2026-01-01T00:00:00Z",
        tool_version="0",
    ).model_dump_json()
)
REPORT_PATHS = [p for p in paths(REPORT_DATA) if p]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(REPORT_PATHS), json_like)
def test_report_loaders_with_any_value_anywhere(tmp_path_factory, path, value):
    """The one reader of report files (`show`, `compare`, `plan`, `cohort`, the history)
    either accepts a report or refuses it with the project's error."""
    from mlcareer.report_file import read_report_file

    text = json.dumps(mutate(REPORT_DATA, path, value))
    file = tmp_path_factory.mktemp("reports") / "r.json"
    file.write_text(text)
    with contextlib.suppress(MlcareerError):
        read_report_file(file)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_report_loaders_with_any_text(tmp_path_factory, text):
    from mlcareer.report_file import read_report_file

    file = tmp_path_factory.mktemp("reports") / "r.json"
    file.write_text(text)
    with contextlib.suppress(MlcareerError):
        read_report_file(file)
