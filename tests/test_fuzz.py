"""Property tests: whatever the input, the loaders and the scoring either succeed or raise
the project's own error type, never anything else."""

from __future__ import annotations

import contextlib
import json

import pytest
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
