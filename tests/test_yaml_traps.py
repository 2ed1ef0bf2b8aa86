"""YAML 1.1's traps and the taxonomy's identity: `template` round-trips for every valid
taxonomy (ids YAML reads as booleans, nulls or numbers included), the sha256 does not
depend on line endings, the value guard counts values rather than nesting, and errors name
level keys and mapping keys as such."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlcareer.answers import read_answers
from mlcareer.answers_template import answers_template
from mlcareer.cli import app
from mlcareer.errors import MlcareerError
from mlcareer.taxonomy import load_taxonomy, taxonomy_from_document
from mlcareer.yamlfile import MAX_VALUES, mapping_document, parse_yaml

from .conftest import TINY

runner = CliRunner()

# Ids the id pattern allows that YAML 1.1 reads as something else when left plain.
TRAPS = ["no", "on", "off", "yes", "y", "n", "null", "true", "false", "0x10", "010", "1e3",
         "0", "12", "2026-01-01", "1-2", "0o7", "nan", "inf"]  # fmt: skip
IDS = st.one_of(
    st.sampled_from(TRAPS),
    st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,12}\Z"),
)
# Description text may run over lines; a line that looks like YAML must stay in the comment.
TEXT = st.one_of(
    st.text(string.ascii_letters + " .:-#'\"\n\t{}[]&*!|>%@`", min_size=1, max_size=60),
    st.just("safe\nrole: forged\nlearner: {id: teacher}"),
).filter(lambda t: t.strip())


@st.composite
def taxonomies(draw):
    ids = draw(st.lists(IDS, min_size=3, max_size=9, unique=True))
    role_id = draw(IDS)
    category_ids = [f"cat-{i}" for i in range(2)]
    skills = [
        {
            "id": sid,
            "name": f"Skill {sid}",
            "description": draw(TEXT),
            "levels": {str(n): draw(TEXT) for n in (1, 2, 3, 4)},
        }
        for sid in ids
    ]
    half = len(skills) // 2
    data = {
        "schema_version": 1,
        "id": draw(IDS),
        "title": "A title: with # and 'quotes'",
        "version": "1",
        "categories": [
            {"id": category_ids[0], "name": "First: #1", "skills": skills[:half]},
            {"id": category_ids[1], "name": "Second", "skills": skills[half:]},
        ],
        "roles": [{"id": role_id, "name": "Role", "requires": {ids[0]: 2}}],
    }
    return taxonomy_from_document(mapping_document(json.dumps(data), "t.json", what="taxonomy"))


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(taxonomy=taxonomies(), rating=st.integers(0, 4))
def test_template_round_trips_for_every_valid_taxonomy(tmp_path, taxonomy, rating):
    text = answers_template(taxonomy)
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    untouched = read_answers(path, taxonomy)
    role = taxonomy.roles[0]
    assert untouched.role.id == role.id
    assert untouched.ratings == {s.id: None for s in taxonomy.skills()}
    assert (untouched.learner_name, untouched.learner_id) == (None, None)
    # Filled in: every rating line gets a level, and each lands on its own skill.
    head, ratings = text.split("\nratings:\n")
    filled = (
        head
        + "\nratings:\n"
        + "".join(
            f"{line} {rating}\n"
            if line.startswith("  ") and not line.startswith("  #")
            else line + "\n"
            for line in ratings.splitlines()
        )
    )  # every line below `ratings:` that is not a comment names one skill
    path.write_text(filled, encoding="utf-8")
    assert read_answers(path, taxonomy).ratings == {s.id: rating for s in taxonomy.skills()}


def test_template_quotes_only_the_ids_yaml_would_misread():
    data = json.loads(json.dumps(_tiny_data()))
    data["categories"][0]["skills"][0].update(id="no", aliases=[])  # was python
    data["categories"][0]["skills"][1]["id"] = "0x10"  # was sql
    data["categories"][1]["skills"][1]["prerequisites"] = ["no", "stats"]
    data["roles"] = [{"id": "on", "name": "On", "requires": {"no": 2, "code": 1}}]
    tax = taxonomy_from_document(mapping_document(json.dumps(data), "t.json", what="taxonomy"))
    text = answers_template(tax, "on")
    assert 'role: "on"\n' in text
    assert '  "no":\n' in text and '  "0x10":\n' in text
    assert "  stats:\n" in text and "  ml:\n" in text


def _tiny_data():
    return parse_yaml(TINY.read_text(), "tiny").data


# -- the sha256 of a taxonomy -----------------------------------------------------------


def test_a_crlf_copy_is_the_same_taxonomy(tmp_path):
    lf = load_taxonomy(TINY)
    crlf_path = tmp_path / "crlf.yaml"
    crlf_path.write_bytes(TINY.read_bytes().replace(b"\n", b"\r\n"))
    cr_path = tmp_path / "cr.yaml"
    cr_path.write_bytes(TINY.read_bytes().replace(b"\n", b"\r"))
    assert crlf_path.read_bytes() != TINY.read_bytes()
    assert load_taxonomy(crlf_path).sha256 == lf.sha256 == load_taxonomy(cr_path).sha256
    # and any change of content is still another taxonomy
    edited = tmp_path / "edited.yaml"
    edited.write_text(TINY.read_text().replace("Writing Python.", "Writing Python!"))
    assert load_taxonomy(edited).sha256 != lf.sha256


def test_the_sha256_is_of_the_lf_text(tmp_path):
    import hashlib

    expected = hashlib.sha256(TINY.read_bytes()).hexdigest()  # tiny.yaml is stored with LF
    assert b"\r" not in TINY.read_bytes()
    assert load_taxonomy(TINY).sha256 == expected


def test_reports_from_crlf_and_lf_copies_make_one_cohort(tmp_path):
    crlf = tmp_path / "crlf.yaml"
    crlf.write_bytes(TINY.read_bytes().replace(b"\n", b"\r\n"))
    answers = tmp_path / "a.yaml"
    folder = tmp_path / "reports"
    folder.mkdir()
    for learner, taxonomy in (("s1", TINY), ("s2", crlf)):
        answers.write_text(f"role: junior\nlearner: {{id: {learner}}}\nratings: {{python: 2}}\n")
        out = str(folder / f"{learner}.json")
        result = runner.invoke(
            app, ["assess", "-t", str(taxonomy), "-a", str(answers), "--no-save", "-o", out]
        )
        assert result.exit_code == 0, result.stderr
    # Checked against either copy, both reports are of the one taxonomy (one sha256).
    for taxonomy in (TINY, crlf):
        result = runner.invoke(app, ["cohort", str(folder), "-t", str(taxonomy), "-f", "json"])
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        assert (len(data["taxonomies"]), data["learner_count"], data["edited"]) == (1, 2, [])


# -- the value guard --------------------------------------------------------------------


def test_an_honest_taxonomy_of_540_skills_and_3_mb_loads(tmp_path):
    """The default taxonomy's first 45 skills twelve times over, ids made unique, with a
    comment above each skill as a course file has: 540 skills, over 3 MB, no aliases."""
    import yaml

    from mlcareer.taxonomy import default_taxonomy_path

    data = yaml.safe_load(default_taxonomy_path().read_text(encoding="utf-8"))
    kept = {s["id"] for c in data["categories"] for s in c["skills"]}
    kept = set(
        sorted(kept, key=[s["id"] for c in data["categories"] for s in c["skills"]].index)[:45]
    )
    blocks = []
    for copy in range(12):
        for category in data["categories"]:
            skills = [
                {
                    **skill,
                    "id": f"{skill['id']}-{copy}",
                    "aliases": [f"{a}-{copy}" for a in skill.get("aliases", [])],
                    "prerequisites": [],
                    "learning": [
                        {k: v for k, v in step.items() if k != "needs"}
                        for step in skill.get("learning", [])
                    ],
                    "checks": [{**c, "id": f"{c['id']}-{copy}"} for c in skill.get("checks", [])],
                }
                for skill in category["skills"]
                if skill["id"] in kept
            ]
            if skills:
                blocks.append({**category, "id": f"{category['id']}-{copy}", "skills": skills})
    head = {k: v for k, v in data.items() if k not in ("categories", "roles")}
    roles = [{"id": "all", "name": "All", "requires": {blocks[0]["id"]: 1}}]
    note = "# Notes for the teaching team: " + "what to stress in class, and why. " * 12 + "\n"
    parts = [yaml.safe_dump(head, allow_unicode=True, sort_keys=False), "categories:\n"]
    for block in blocks:
        text = yaml.safe_dump([block], allow_unicode=True, sort_keys=False, indent=2)
        parts.append(note * 10 * len(block["skills"]) + text)
    parts.append(yaml.safe_dump({"roles": roles}, sort_keys=False))
    path = tmp_path / "big.yaml"
    path.write_text("".join(parts), encoding="utf-8")
    assert 3 * 1024 * 1024 < path.stat().st_size < 8 * 1024 * 1024
    taxonomy = load_taxonomy(path)
    assert sum(1 for _ in taxonomy.skills()) == 540  # 45 x 12


def test_nesting_does_not_count_values_again():
    # 60 levels of lists around one value: 61 values, however deep (it counted 1 + 2 + ... + 61)
    doc = parse_yaml("[" * 60 + "1" + "]" * 60, "f")
    assert doc.data is not None


def test_plain_data_over_the_cap_is_refused_for_what_it_is():
    text = "[" + ",".join(["1"] * (MAX_VALUES + 1)) + "]"
    with pytest.raises(MlcareerError) as caught:
        parse_yaml(text, "f.yaml")
    assert str(caught.value).endswith(
        f"the document holds more than {MAX_VALUES:,} values, far more than any real file "
        "needs: check that this is the right file"
    )


# -- naming level keys and mapping keys --------------------------------------------------


def test_a_long_level_descriptor_is_named_by_its_level(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(TINY.read_text().replace("{1: reads it,", '{1: "' + "x" * 2001 + '",'))
    with pytest.raises(MlcareerError) as caught:
        load_taxonomy(path)
    assert str(caught.value) == f"{path}:16:21: level 1 of `levels` is too long (at most 2000)"


def test_a_key_yaml_reads_as_a_boolean_is_named_as_a_key(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("role: junior\nratings: {no: 2, 0x10: 1}\n")
    with pytest.raises(MlcareerError) as caught:
        read_answers(path, load_taxonomy(TINY))
    assert caught.value.render() == (
        f"{path}:2:11: a key of `ratings` must be text, not false (a yes/no value): put it in "
        f"quotes\n{path}:2:18: a key of `ratings` must be text, not 16: put it in quotes"
    )


# -- one parser everywhere ---------------------------------------------------------------


def test_without_libyaml_no_file_is_read_differently(monkeypatch, tmp_path):
    """PyYAML's pure-Python parser fails on `{question: What is a list?}`, which libyaml
    reads as text; rather than disagree with other installs, mlcareer says what to do."""
    import yaml

    text = "a: {question: What is a list?, answer: 1}\n"
    assert parse_yaml(text, "f.yaml").data == {"a": {"question": "What is a list?", "answer": 1}}
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    with pytest.raises(yaml.YAMLError):
        yaml.load(text, Loader=yaml.SafeLoader)  # the disagreement itself
    path = tmp_path / "t.yaml"
    path.write_text(text)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"mlcareer: {path}: this PyYAML was built without libyaml, the YAML parser mlcareer "
        "reads every file with (so that a file reads the same everywhere): reinstall PyYAML "
        "from a wheel, e.g. pip install --force-reinstall --only-binary pyyaml pyyaml\n"
    )
