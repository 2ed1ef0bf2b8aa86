"""Taxonomy models, validation with file:line:col, and cross-checks."""

from __future__ import annotations

import collections
import functools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlcareer.errors import MlcareerError
from mlcareer.taxonomy import default_taxonomy_path, load_taxonomy


def problems(path) -> list[str]:
    with pytest.raises(MlcareerError) as info:
        load_taxonomy(path)
    return [str(p) for p in info.value.problems]


def position(path, line_no: int, needle: str, skip: str = "") -> str:
    """``file:line:col`` of ``needle`` on line ``line_no`` (1-based), worked out from the text.

    ``skip`` moves the column past a prefix of the needle (e.g. to the value after a key).
    """
    line = path.read_text().splitlines()[line_no - 1]
    return f"{path}:{line_no}:{line.index(needle) + len(skip) + 1}"


def edit(tiny_path, tmp_path, *replacements: tuple[str, str]):
    text = tiny_path.read_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "t.yaml"
    path.write_text(text)
    return path


def test_tiny_loads_with_lookups(tiny_path):
    tax = load_taxonomy(tiny_path)
    assert [s.id for s in tax.skills()] == ["python", "sql", "stats", "ml"]
    assert tax.current_id("py") == "python"
    assert tax.category_of("ml").id == "maths"
    # code: 2 applies to python; sql has its own entry.
    assert tax.required_levels(tax.role("junior")) == {"python": 2, "sql": 1, "stats": 1, "ml": 2}
    assert tax.required_levels(tax.role("analyst")) == {"python": 0, "sql": 3, "stats": 3, "ml": 0}
    assert len(tax.sha256) == 64


def test_every_schema_error_at_once_with_positions(tiny_path, tmp_path):
    path = edit(
        tiny_path,
        tmp_path,
        ("weight: 2.0", "weight: two"),
        ("kind: docs}", "kind: blog, extra: 1}"),
        ("sql: 3, stats: 3", "sql: 7, stats: 3"),
    )
    assert problems(path) == [
        f"{path}:9:13: `weight` must be a finite number, not 'two'",
        f"{path}:18:143: `kind` must be one of 'docs', 'book', 'course', 'video', 'project' "
        "or 'paper', not 'blog'",
        f"{path}:18:149: unknown key `extra`: remove it or correct its spelling "
        "(allowed here: title, url, kind, paid)",
        f"{path}:65:21: `sql` must be at most 4, not 7",
    ]


def test_strict_types(tiny_path, tmp_path):
    path = edit(tiny_path, tmp_path, ('version: "1"', "version: 1"), ("hours: 5,", "hours: yes,"))
    found = problems(path)
    # line 5 is `version: 1`; the value starts at column 10.
    assert f"{path}:5:10: `version` must be text, not 1: put it in quotes" in found
    assert any("`hours` must be a finite number, not true (a yes/no value)" in p for p in found)


def test_missing_level_descriptor(tiny_path, tmp_path):
    path = edit(tiny_path, tmp_path, ("4: designs libraries}", "5: designs libraries}"))
    # line 16: eight spaces and "levels: " put the mapping at column 17.
    assert problems(path) == [f"{path}:16:17: `levels`: only levels 1 to 4 are described, not 5"]


def test_duplicate_skill_id_unknown_prereq_and_cycle(tiny_path, tmp_path):
    path = edit(
        tiny_path,
        tmp_path,
        ("      - id: sql", "      - id: python"),
        ("prerequisites: [python, stats]", "prerequisites: [python, stats, nope]"),
    )
    # line 25 is `      - id: python` (the renamed sql), the id at column 13; line 50 holds
    # the prerequisites, `nope` the third item; the role still names the vanished `sql`.
    assert problems(path) == [
        f"{path}:25:13: duplicate skill id `python`: ids must be unique",
        f"{position(path, 50, 'nope')}: prerequisite `nope` is not a skill of this taxonomy: "
        "check the spelling or add the skill",
        f"{position(path, 61, 'sql')}: role `junior` requires `sql`, which is neither a skill "
        "nor a category of this taxonomy: check the spelling",
        f"{position(path, 65, 'sql')}: role `analyst` requires `sql`, which is neither a skill "
        "nor a category of this taxonomy: check the spelling",
    ]


def test_cycle_is_named(tiny_path, tmp_path):
    path = edit(
        tiny_path,
        tmp_path,
        ("      - id: stats\n", "      - id: stats\n        prerequisites: [ml]\n"),
    )
    # Through levels: stats 1 needs ml 1 (bare id = level 1), and ml 1 needs stats 1. The
    # cycle starts at the skill first in the file (stats) and is reported at the entry by
    # which it needs the next: `ml` in stats' prerequisites, line 39 after the insertion.
    assert problems(path) == [
        f"{position(path, 39, 'ml]')}: prerequisites form a cycle: stats 1 -> ml 1 -> stats 1 "
        "(each needs the next): break it"
    ]


def test_role_requiring_nothing_and_unknown_reference(tiny_path, tmp_path):
    path = edit(tiny_path, tmp_path, ("{sql: 3, stats: 3}", "{sql: 0, statz: 3}"))
    assert problems(path) == [
        f"{position(path, 65, '{')}: role `analyst` requires nothing (every level is 0): give "
        "at least one skill or category a level from 1 to 4",
        f"{position(path, 65, 'statz')}: role `analyst` requires `statz`, which is neither a "
        "skill nor a category of this taxonomy (did you mean `stats`?): check the spelling",
    ]


def test_check_answer_out_of_range(tiny_path, tmp_path):
    path = edit(
        tiny_path, tmp_path, ("answer: 1, explanation: A list", "answer: 4, explanation: A list")
    )
    assert problems(path) == [
        f"{position(path, 23, 'answer: 4', skip='answer: ')}: `answer` is 4 but there are only "
        "4 choices: give an index from 0 to 3"
    ]


def test_unsupported_schema_version(tiny_path, tmp_path):
    path = edit(tiny_path, tmp_path, ("schema_version: 1", "schema_version: 2"))
    assert problems(path) == [
        f"{path}:2:17: schema_version 2 is not supported by this mlcareer, which reads version "
        "1: upgrade mlcareer or convert the file"
    ]


def test_default_taxonomy_is_found_and_valid():
    assert default_taxonomy_path().is_file()
    tax = load_taxonomy()
    assert tax.id == "ml-engineer"


def test_env_var_selects_the_taxonomy(tiny_path, monkeypatch):
    monkeypatch.setenv("MLCAREER_TAXONOMY", str(tiny_path))
    assert load_taxonomy().id == "tiny"


def count_parses(monkeypatch) -> collections.Counter:
    """Count YAML parses per file label: a taxonomy read from the cache is never parsed."""
    import mlcareer.yamlfile

    calls: collections.Counter = collections.Counter()
    parse = mlcareer.yamlfile.parse_yaml

    def counting(text, label):
        calls[label] += 1
        return parse(text, label)

    monkeypatch.setattr(mlcareer.yamlfile, "parse_yaml", counting)
    return calls


def test_a_second_load_is_read_from_the_cache(tiny_path, tmp_path, monkeypatch):
    parses = count_parses(monkeypatch)
    first = load_taxonomy(tiny_path, cache_dir=tmp_path)
    second = load_taxonomy(tiny_path, cache_dir=tmp_path)
    assert parses[str(tiny_path)] == 1  # the second load parsed nothing
    assert second == first
    assert (second.sha256, second.source) == (first.sha256, str(tiny_path))


def test_scripted_runs_read_the_taxonomy_from_the_cache(tiny_path, tmp_path, monkeypatch):
    from mlcareer.cli import app

    parses = count_parses(monkeypatch)
    answers = tmp_path / "answers.yaml"
    answers.write_text("role: analyst\nratings: {sql: 3, stats: 1}\n")
    run = ["assess", "-t", str(tiny_path), "-a", str(answers), "-f", "json", "--no-save"]
    first, second = CliRunner().invoke(app, run), CliRunner().invoke(app, run)
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert second.stdout == first.stdout
    # The answers file is parsed on each run, the taxonomy only on the first.
    assert (parses[str(answers)], parses[str(tiny_path)]) == (2, 1)


def cached_entry(cache):
    """The one cache file, and the taxonomy data it holds."""
    (entry,) = cache.iterdir()
    envelope = json.loads(entry.read_text())
    return entry, envelope, json.loads(envelope["data"])


def test_an_edited_cache_file_is_ignored(tiny_path, tmp_path, monkeypatch):
    parses = count_parses(monkeypatch)
    first = load_taxonomy(tiny_path, cache_dir=tmp_path)
    entry, envelope, data = cached_entry(tmp_path)
    # A valid edit (SQL's weight 0.5 -> 0.75) that the checksum no longer matches.
    assert data["categories"][0]["skills"][1]["weight"] == 0.5
    data["categories"][0]["skills"][1]["weight"] = 0.75
    entry.write_text(json.dumps({**envelope, "data": json.dumps(data)}))
    again = load_taxonomy(tiny_path, cache_dir=tmp_path)
    assert again == first  # the source's 0.5, not the edited 0.75
    assert parses[str(tiny_path)] == 2
    # The source's copy was written back, so the next load is a hit again.
    assert load_taxonomy(tiny_path, cache_dir=tmp_path) == first
    assert parses[str(tiny_path)] == 2


@pytest.mark.parametrize(
    ("requires", "valid"),
    [
        ({"sql": 3, "nosuch": 3}, False),  # passes the model; only the cross-check refuses it
        ({"sql": 3, "stats": 7}, False),  # a level the model refuses
        ({"sql": 2, "stats": 3}, True),  # control: the forged checksum itself is right
    ],
)
def test_a_forged_cache_file_is_validated_like_the_source(
    tiny_path, tmp_path, monkeypatch, requires, valid
):
    """Even a cache file whose checksum matches cannot skip validation or cross-checks."""
    from mlcareer.taxonomy import _cache_checksum

    parses = count_parses(monkeypatch)
    first = load_taxonomy(tiny_path, cache_dir=tmp_path)
    entry, _envelope, data = cached_entry(tmp_path)
    assert data["roles"][1]["requires"] == {"sql": 3, "stats": 3}
    data["roles"][1]["requires"] = requires
    forged = json.dumps(data)
    entry.write_text(
        json.dumps({"checksum": _cache_checksum(first.sha256, forged), "data": forged})
    )
    loaded = load_taxonomy(tiny_path, cache_dir=tmp_path)
    if valid:  # a checksum is no secret: a consistent forgery of valid data is read
        assert (loaded.roles[1].requires, parses[str(tiny_path)]) == (requires, 1)
    else:  # the forgery fails validation, so the source is parsed again
        assert (loaded, parses[str(tiny_path)]) == (first, 2)


def test_a_forged_cache_file_that_is_not_a_mapping_is_ignored(tiny_path, tmp_path, monkeypatch):
    from mlcareer.taxonomy import _cache_checksum

    parses = count_parses(monkeypatch)
    first = load_taxonomy(tiny_path, cache_dir=tmp_path)
    (entry,) = tmp_path.iterdir()
    entry.write_text(json.dumps({"checksum": _cache_checksum(first.sha256, "[]"), "data": "[]"}))
    assert load_taxonomy(tiny_path, cache_dir=tmp_path) == first
    assert parses[str(tiny_path)] == 2


def test_a_cache_folder_that_cannot_be_made_only_costs_speed(tiny_path, tmp_path):
    in_the_way = tmp_path / "cache"
    in_the_way.write_text("a file where the cache folder should be\n")
    assert load_taxonomy(tiny_path, cache_dir=in_the_way).id == "tiny"
    assert in_the_way.read_text() == "a file where the cache folder should be\n"


def test_cache_is_used_and_never_trusted_blindly(tiny_path, tmp_path):
    cache = tmp_path / "cache"
    first = load_taxonomy(tiny_path, cache_dir=cache)
    (entry,) = cache.iterdir()
    assert entry.name.startswith(f"taxonomy-{first.sha256}-")
    assert load_taxonomy(tiny_path, cache_dir=cache) == first
    entry.write_text("{not json")  # a damaged cache is ignored and rewritten
    assert load_taxonomy(tiny_path, cache_dir=cache) == first
    assert entry.read_text().startswith("{")
    # an edited file has another hash, so it is parsed and validated again
    edited = tmp_path / "t.yaml"
    edited.write_text(tiny_path.read_text().replace("sql: 3, stats: 3", "sql: 9, stats: 3"))
    with pytest.raises(MlcareerError):
        load_taxonomy(edited, cache_dir=cache)


# -- level-aware prerequisites and step needs (issue 13) ---------------------------------


def test_unknown_prerequisite_suggests_the_closest_id(tiny_path, tmp_path):
    path = edit(
        tiny_path,
        tmp_path,
        ("prerequisites: [python, stats]", "prerequisites: [python, {statz: 2}]"),
    )
    # line 50 holds ml's prerequisites; the second item is the mapping `{statz: 2}`.
    assert problems(path) == [
        f"{position(path, 50, '{statz')}: prerequisite `statz` is not a skill of this taxonomy "
        "(did you mean `stats`?): check the spelling or add the skill"
    ]


def test_unknown_and_former_ids_in_needs(tiny_path, tmp_path):
    path = edit(
        tiny_path,
        tmp_path,
        ("Fit models., hours: 30}", "Fit models., hours: 30, needs: {pythn: 2, py: 1}}"),
    )
    # line 54 is ml's step to level 2; each finding points at its key inside `needs`.
    assert problems(path) == [
        f"{position(path, 54, 'pythn')}: the step to level 2 of `ml` needs `pythn`, which is "
        "not a skill of this taxonomy (did you mean `python`?): check the spelling or add the "
        "skill",
        f"{position(path, 54, 'py: 1')}: `py` is a former skill id: write `python` instead",
    ]


def test_levels_out_of_range_and_malformed_prerequisites(tiny_path, tmp_path):
    path = edit(
        tiny_path,
        tmp_path,
        ("prerequisites: [python, stats]", "prerequisites: [{python: 5}, {stats: 1, sql: 2}, 3]"),
        ("Fit models., hours: 30}", "Fit models., hours: 30, needs: {python: 0}}"),
    )
    assert problems(path) == [
        f"{position(path, 50, '{python')}: item 1 of `prerequisites`: the level of `python` must "
        "be a whole number from 1 to 4, not 5",
        f"{position(path, 50, '{stats')}: item 2 of `prerequisites`: write a skill id (`python`) "
        "or one skill id with the level it must reach (`{statistics: 2}`)",
        f"{position(path, 50, '3]')}: item 3 of `prerequisites`: write a skill id (`python`) "
        "or one skill id with the level it must reach (`{statistics: 2}`)",
        f"{position(path, 54, 'python: 0', skip='python: ')}: `python` must be at least 1, not 0",
    ]


def test_skill_needing_itself(tiny_path, tmp_path):
    path = edit(
        tiny_path,
        tmp_path,
        ("prerequisites: [python, stats]", "prerequisites: [python, stats, {ml: 2}]"),
        ("Fit models., hours: 30}", "Fit models., hours: 30, needs: {ml: 1}}"),
    )
    assert problems(path) == [
        f"{position(path, 50, '{ml')}: skill `ml` lists itself as a prerequisite: remove it",
        f"{position(path, 54, 'ml: 1')}: the step to level 2 of `ml` needs `ml` itself: remove "
        "it (a skill's steps already come in level order)",
    ]


def test_cycle_through_levels_is_named_skill_by_skill(tiny_path, tmp_path):
    path = edit(
        tiny_path,
        tmp_path,
        ("Write scripts., hours: 15}", "Write scripts., hours: 15, needs: {ml: 3}}"),
        ("prerequisites: [python, stats]", "prerequisites: [{python: 2}, stats]"),
    )
    # python 2 needs ml 3 (`needs`); ml 3 comes after ml 2 and ml 1, and ml 1 needs python 2
    # (prerequisite). ml's levels 3 -> 2 -> 1 are shown once, as ml 3. The cycle starts at
    # python, the skill first in the file, at the entry by which it needs ml: line 19's `ml`.
    assert problems(path) == [
        f"{position(path, 19, 'ml: 3')}: prerequisites and needs form a cycle: "
        "python 2 -> ml 3 -> python 2 (each needs the next): break it"
    ]


def test_skills_may_need_each_other_at_different_levels(tiny_path, tmp_path):
    # python 3 needs ml 1, and ml needs python 2: a cycle between the skills, but not between
    # their levels (python 1 -> 2 -> ml 1 -> python 3), so it is valid, and plans follow it.
    path = edit(
        tiny_path,
        tmp_path,
        ("Write a package., hours: 40}", "Write a package., hours: 40, needs: {ml: 1}}"),
        ("prerequisites: [python, stats]", "prerequisites: [{python: 2}, stats]"),
    )
    tax = load_taxonomy(path)
    assert tax.skill("ml").prerequisites == [("python", 2), ("stats", 1)]
    assert tax.skill("python").step_to(3).needs == {"ml": 1}
    from mlcareer.scoring import score_assessment

    # Analyst-like role asking python 3 only, learner at 0 everywhere: python 1, python 2,
    # then ml 1 (added; it needs python 2 and stats 1, so stats 1 is added before it), then
    # python 3. Ranks: all added steps borrow python's priority 100 x 3 / (60/3) = 15.
    # Free at the start: python 1 and stats 1 (15, level 1): python 1 (file order), stats 1;
    # then python 2 (the only one free), ml 1, python 3.
    role = tax.roles[0].model_copy(update={"requires": {"python": 3}})
    plan = score_assessment(tax, role, {s.id: 0 for s in tax.skills()}).plan
    assert [(s.skill, s.to_level, s.required_by_role, s.needed_by) for s in plan.steps] == [
        ("python", 1, True, [4]),  # ml 1 needs python 2: python 1 and python 2
        ("stats", 1, False, [4]),
        ("python", 2, True, [4]),
        ("ml", 1, False, [5]),
        ("python", 3, True, []),
    ]


def test_seniority_is_checked_against_the_listed_values(tiny_path, tmp_path):
    path = edit(
        tiny_path, tmp_path, ("    name: Analyst\n", "    name: Analyst\n    seniority: lead\n")
    )
    assert problems(path) == [
        f"{position(path, 64, 'lead')}: `seniority` must be one of 'entry', 'junior', 'mid', "
        "'senior', 'staff' or 'principal', not 'lead'"
    ]
    path.write_text(path.read_text().replace("seniority: lead", "seniority: senior"))
    assert load_taxonomy(path).role("analyst").seniority == "senior"
    assert load_taxonomy(tiny_path).role("analyst").seniority is None


def test_levelled_taxonomy_round_trips_through_the_cache(tiny_path, tmp_path):
    path = edit(
        tiny_path,
        tmp_path,
        ("prerequisites: [python, stats]", "prerequisites: [python, {stats: 2}]"),
        ("Fit models., hours: 30}", "Fit models., hours: 30, needs: {sql: 2}, experience: true}"),
        ("kind: docs}", "kind: docs, paid: true}"),
    )
    cache = tmp_path / "cache"
    first = load_taxonomy(path, cache_dir=cache)
    again = load_taxonomy(path, cache_dir=cache)  # read back from the JSON copy
    assert again == first
    assert again.skill("ml").prerequisites == [("python", 1), ("stats", 2)]
    assert again.skill("ml").step_to(2).experience is True
    assert again.skill("python").step_to(1).resources[0].paid is True


def test_a_cache_edited_into_a_cycle_is_not_trusted(tiny_path, tmp_path):
    import json

    cache = tmp_path / "cache"
    first = load_taxonomy(tiny_path, cache_dir=cache)
    from mlcareer.taxonomy import _cache_checksum

    (entry,) = cache.iterdir()
    envelope = json.loads(entry.read_text())
    data = json.loads(envelope["data"])
    data["categories"][0]["skills"][0]["prerequisites"] = ["ml"]  # python <-> ml
    # A consistent forgery: the checksum matches, so only the cross-checks can refuse it.
    forged = json.dumps(data)
    checksum = _cache_checksum(first.sha256, forged)
    entry.write_text(json.dumps({"checksum": checksum, "data": forged}))
    assert load_taxonomy(tiny_path, cache_dir=cache) == first  # parsed again from the file


def test_needs_key_that_is_not_an_id_and_a_yes_no_level(tiny_path, tmp_path):
    path = edit(
        tiny_path,
        tmp_path,
        ("Fit models., hours: 30}", "Fit models., hours: 30, needs: {Python: 2}}"),
    )
    assert problems(path) == [
        f"{position(path, 54, 'Python')}: the step to level 2 of `ml` needs `Python`, which is "
        "not a skill of this taxonomy (did you mean `python`?): check the spelling or add the "
        "skill"
    ]
    path = edit(
        tiny_path, tmp_path, ("prerequisites: [python, stats]", "prerequisites: [{stats: yes}]")
    )
    assert problems(path) == [
        f"{position(path, 50, '{stats')}: item 1 of `prerequisites`: the level of `stats` must "
        "be a whole number from 1 to 4, not true (a yes/no value)"
    ]


# -- every problem in one run -----------------------------------------------------------

EVERY_PROBLEM = Path(__file__).parent / "data" / "every-problem.yaml"


def test_one_run_reports_every_kind_of_problem():
    """Schema errors, unknown references (with did-you-mean), a prerequisite cycle, a
    duplicate, an unknown and a cyclic `extends`, a role requiring nothing: all at once,
    the three roles that require the same unknown id as one line, and a summary."""
    path = EVERY_PROBLEM
    with pytest.raises(MlcareerError) as info:
        load_taxonomy(path)
    lines = info.value.render().splitlines()
    p = functools.partial(position, path)
    assert lines == [
        # python's levels have keys 0 and 5: both named in one message; python is left out
        # of the cross-checks, but still known: `pyton` is suggested to be `python`.
        f"{p(14, '{')}: `levels`: only levels 1 to 4 are described, not 0 and 5",
        f"{p(18, 'pyton')}: prerequisite `pyton` is not a skill of this taxonomy (did you mean "
        "`python`?): check the spelling or add the skill",
        f"{p(21, 'hourz')}: unknown key `hourz`: remove it or correct its spelling (allowed "
        "here: to_level, step, hours, needs, experience, resources)",
        # stats 1 needs ml 1 (prerequisite), ml 1 needs stats 1: found although the file
        # has schema errors.
        f"{p(25, 'ml')}: prerequisites form a cycle: stats 1 -> ml 1 -> stats 1 (each needs "
        "the next): break it",
        f"{p(33, 'ml')}: duplicate skill id `ml`: ids must be unique",
        f"{p(38, 'data-security')}: 3 roles require `data-security`, which is neither a skill "
        "nor a category of this taxonomy: check the spelling",
        "  at lines 38, 39, 40",
        f"{p(41, 'extends: e', skip='extends: ')}: role `d` extends `e`, which is not a role "
        "of this taxonomy: check the spelling",
        f"{p(41, '9')}: `sql` must be at most 4, not 9",
        f"{p(42, 'g}')}: roles extend each other in a cycle: f -> g -> f: break it",
        f"{p(44, '{sql')}: role `h` requires nothing (every level is 0): give at least one "
        "skill or category a level from 1 to 4",
        # 3 schema errors; pyton, data-security x3, e: 5 references; 2 cycles; 1 duplicate;
        # role h: 1 other. 12 in all, shown in 10 messages.
        f"{path}: 12 problems in 10 messages: 3 schema errors, 5 unknown references, 2 cycles, "
        "1 duplicate, 1 other problem",
    ]


def test_many_identical_schema_errors_are_one_line(tmp_path):
    # Five skills each with level keys 0 and 5: one message, the lines listed, wrapped.
    skills = "".join(
        f"      - {{id: s{i}, name: S, description: d, levels: {{0: z, 1: a, 2: b, 3: c, 4: d, "
        "5: e}}\n"
        for i in range(5)
    )
    path = tmp_path / "t.yaml"
    path.write_text(
        'schema_version: 1\nid: t\ntitle: T\nversion: "1"\ncategories:\n  - id: c\n    name: C\n'
        f"    skills:\n{skills}roles:\n  - {{id: r, name: R, requires: {{c: 2}}}}\n"
    )
    with pytest.raises(MlcareerError) as info:
        load_taxonomy(path)
    # skills are on lines 9-13; `levels` of the first starts at column 51.
    assert info.value.render().splitlines() == [
        f"{path}:9:51: `levels`: only levels 1 to 4 are described, not 0 and 5 (5 times)",
        "  at lines 9, 10, 11, 12, 13",
        f"{path}: 5 problems in 1 message: 5 schema errors",
    ]
