"""Answers files: loading, checking against the taxonomy, every offender at once."""

from __future__ import annotations

import io
import sys

import pytest

from mlcareer.answers import read_answers
from mlcareer.errors import MlcareerError
from mlcareer.taxonomy import load_taxonomy


@pytest.fixture
def tiny(tiny_path):
    return load_taxonomy(tiny_path)


def write(tmp_path, text: str):
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    return path


def test_ratings_aliases_and_skips(tiny, tmp_path):
    path = write(
        tmp_path,
        "role: junior\nlearner: {name: Ada, id: ada}\nratings: {py: 2, sql: null, stats: 0}\n",
    )
    answers = read_answers(path, tiny)
    assert answers.role.id == "junior"
    assert answers.ratings == {"python": 2, "sql": None, "stats": 0}
    assert (answers.learner_name, answers.learner_id) == ("Ada", "ada")


def test_json_from_stdin(tiny, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(b'{"role": "analyst", "ratings": {"sql": 3}}'))
    monkeypatch.setattr(sys, "stdin", stdin)
    answers = read_answers("-", tiny)
    assert answers.role.id == "analyst" and answers.ratings == {"sql": 3}


def test_role_option_overrides_the_file(tiny, tmp_path):
    path = write(tmp_path, "role: junior\nratings: {}\n")
    assert read_answers(path, tiny, "analyst").role.id == "analyst"


def test_every_offender_in_one_message(tiny, tmp_path):
    path = write(
        tmp_path,
        "role: juniorr\n"
        "ratings:\n"
        "  python: yes\n"
        "  sqll: 2\n"
        "  stats: 3.5\n"
        '  ml: "three"\n'
        "  py: 9\n"
        "checks: {python-1: 7, nope: 1}\n",
    )
    with pytest.raises(MlcareerError) as info:
        read_answers(path, tiny)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:1:7: unknown role `juniorr` (did you mean `junior`?): choose one of junior, "
        "analyst",
        f"{path}:3:11: the rating of `python` must be a whole level from 0 to 4, or empty to "
        "skip, not true (a yes/no value)",
        f"{path}:4:3: unknown skill `sqll` (did you mean `sql`?): `mlcareer skills` lists the ids",
        f"{path}:5:10: the rating of `stats` must be a whole level from 0 to 4, or empty to skip, "
        "not 3.5",
        f"{path}:6:7: the rating of `ml` must be a whole level from 0 to 4, or empty to skip, "
        "not 'three'",
        f"{path}:7:3: `py` rates `python` a second time (one of them is a former id): keep one",
        f"{path}:7:7: the rating of `py` must be a whole level from 0 to 4, or empty to skip, "
        "not 9",
        f"{path}:8:20: check `python-1` has 4 choices, so the answer must be 0 to 3, not 7",
        f"{path}:8:23: unknown knowledge check `nope`: check the id",
    ]


def test_negative_level_and_alias_twice(tiny, tmp_path):
    path = write(tmp_path, "role: junior\nratings: {python: 1, py: 2, sql: -1}\n")
    with pytest.raises(MlcareerError) as info:
        read_answers(path, tiny)
    assert [p.message for p in info.value.problems] == [
        "`py` rates `python` a second time (one of them is a former id): keep one",
        "the rating of `sql` must be a whole level from 0 to 4, or empty to skip, not -1",
    ]


def test_no_role_anywhere(tiny, tmp_path):
    path = write(tmp_path, "ratings: {python: 1}\n")
    with pytest.raises(MlcareerError) as info:
        read_answers(path, tiny)
    assert info.value.problems[0].message == (
        "no role given: add `role:` to the file or pass --role (roles: junior, analyst)"
    )


def test_unknown_top_level_key(tiny, tmp_path):
    path = write(tmp_path, "role: junior\nrating: {python: 1}\n")
    with pytest.raises(MlcareerError) as info:
        read_answers(path, tiny)
    assert str(info.value.problems[0]) == (
        f"{path}:2:1: unknown key `rating`: remove it or correct its spelling (allowed here: "
        "role, learner, ratings, checks, confidence, seed, indicators)"
    )
