"""Rosters: reading the CSV, and who is missing, unknown, late or off-assignment."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest

from mlcareer.assignment import Assignment, due_from_option
from mlcareer.errors import MlcareerError
from mlcareer.roster import Submission, check_submissions, roster_from_text, roster_sort_key

SHA = "a" * 64


def roster(text: str):
    return roster_from_text(text, "roster.csv")


def problems(text: str) -> list[str]:
    with pytest.raises(MlcareerError) as caught:
        roster(text)
    return [str(p) for p in caught.value.problems]


def test_reads_ids_names_and_keeps_extra_columns_with_bom_crlf_and_semicolons():
    r = roster("\ufeffID;Name;Group\r\ns101;Ada Lovelace;A\r\n\r\ns102;Ben Okafor;B\r\n;;\r\n")
    assert [(e.id, e.name, e.line, e.extra) for e in r.entries] == [
        ("s101", "Ada Lovelace", 2, {"group": "A"}),
        ("s102", "Ben Okafor", 4, {"group": "B"}),
    ]
    assert r.extra_columns == ["group"]


def test_duplicate_ids_are_named_with_both_lines_ignoring_case():
    assert problems("id,name\ns101,Ada\ns102,Ben\nS101,Ada again\n") == [
        "roster.csv:4: id `S101` is on line 2 already: each learner once"
    ]


def test_empty_roster_missing_columns_and_blank_ids():
    assert problems("") == [
        "roster.csv: the roster is empty: write a header `id,name` and one row per learner"
    ]
    assert problems("id,name\n") == [
        "roster.csv: the roster lists no learner: add one row per learner under the header"
    ]
    assert problems("student,name\ns1,Ada\n") == [
        "roster.csv:1: the header has no `id` column (it has `student`, `name`): the first row "
        "must name the columns, with `id` and `name` among them"
    ]
    assert problems("id,name\n,Ada\ns2,Ben,extra\n") == [
        "roster.csv:2: has no id: give every learner their id",
        "roster.csv:3: has 3 cells but the header names 2 columns: quote cells that hold the "
        "delimiter",
    ]


def sub(learner_id, created="2026-11-30T10:00:00Z", role="graduate", sha=SHA, assignment=None):
    return Submission(
        learner_id=learner_id,
        name=f"Name {learner_id}",
        file=f"{learner_id}.json",
        created_at=created,
        role=role,
        taxonomy_id="course",
        taxonomy_sha256=sha,
        assignment_id=assignment,
    )


def assignment(due: str | None = "2026-12-01T23:59:59+01:00") -> Assignment:
    return Assignment.model_validate(
        {
            "id": "week1",
            "title": "Week 1",
            "taxonomy": {"path": "course.yaml", "id": "course", "version": "1", "sha256": SHA},
            "roles": ["graduate"],
            "quiz": {"max": 12},
            "due": due,
            "submit": {"to": "Moodle"},
        }
    )


def test_missing_unknown_late_other_role_taxonomy_and_assignment():
    r = roster("id,name,group\ns101,Ada,A\ns102,Ben,B\ns103,Chloe,A\ns104,Dee,B\ns105,Eve,A\n")
    check = check_submissions(
        [
            sub("S101", assignment="week1"),  # on the roster (case ignored), on time
            # Due 2026-12-01T23:59:59+01:00 is 22:59:59Z: one second later is late.
            sub("s103", created="2026-12-01T23:00:00Z", role="intern", assignment="week1"),
            sub("s999", sha="b" * 64, assignment="week2"),
            sub(None, assignment="week1"),
            sub("s104", assignment="week2"),  # on the roster, but only other work
            sub("s105"),  # made with --taxonomy: counts, and is listed
        ],
        r,
        assignment(),
    )
    assert check is not None
    # Handed in for week1: s101, s103 (late, but this assignment's) and s105.
    assert (check.on_roster_count, check.submitted_count) == (5, 3)
    assert [(m.id, m.name, m.extra) for m in check.missing] == [("s102", "Ben", {"group": "B"})]
    assert [(m.id, m.status) for m in check.learners] == [
        ("s101", "handed in"),
        ("s102", "missing"),
        ("s103", "handed in"),
        ("s104", "other work only"),
        ("s105", "handed in"),
    ]
    assert [(i.id, i.detail) for i in check.not_on_roster] == [
        ("s999", "id `s999` is not on the roster"),
        (None, "the report has no learner id"),
    ]
    assert [(i.id, i.detail) for i in check.late] == [
        (
            "s103",
            "made 2026-12-01T23:00:00Z, 1 min after the due date 2026-12-01T23:59:59+01:00",
        )
    ]
    assert [i.id for i in check.other_role] == ["s103"]
    assert [i.id for i in check.other_taxonomy] == ["s999"]
    assert [(i.id, i.detail) for i in check.other_assignment] == [
        ("s999", "made for assignment `week2`, not `week1`"),
        ("s104", "made for assignment `week2`, not `week1`"),
        (
            "s105",
            "made without an assignment (`mlcareer assess --assignment` records `week1` in the "
            "report)",
        ),
    ]


def test_no_roster_no_assignment_gives_nothing_and_no_due_date_nothing_late():
    assert check_submissions([sub("s1")], None, None) is None
    check = check_submissions([sub("s1", created="2030-01-01T00:00:00Z")], None, assignment(None))
    assert check is not None and check.late == [] and check.missing == []


def test_learner_rows_follow_the_roster_then_the_others_by_name():
    r = roster("id,name\ns3,Zoe\ns1,Yann\n")
    key = roster_sort_key(r)
    rows = [("s1", "Yann", "a"), ("x", "Bob", "b"), ("S3", "Zoe", "c"), (None, "Al", "d")]
    assert [row[0] for row in sorted(rows, key=lambda row: key(*row))] == ["S3", "s1", None, "x"]


def test_due_option_end_of_day_in_the_local_zone():
    plus_two = timezone(timedelta(hours=2))
    assert due_from_option("2026-12-01", plus_two) == "2026-12-01T23:59:59+02:00"
    assert due_from_option("2026-12-01T17:00", timezone.utc) == "2026-12-01T17:00:00Z"
    assert due_from_option("2026-12-01T17:00-05:00") == "2026-12-01T17:00:00-05:00"


def test_an_id_no_report_could_hold_is_refused_at_its_line():
    # The same rule as a learner id in answers and reports: ASCII letters, digits, . _ -.
    assert problems("id,name\n../../etc,X\ns101,Ada\n\u0455101,Cy\n") == [
        "roster.csv:2: id: a learner id uses only ASCII letters, digits and . _ - (starting "
        "with a letter or digit), like the student number s123, not '../../etc'",
        "roster.csv:4: id: a learner id uses only ASCII letters, digits and . _ - (starting "
        "with a letter or digit), like the student number s123, not '\u0455101'",
    ]


def test_a_quote_never_closed_is_an_error_where_its_row_starts():
    # Read loosely, the rest of the file became one id: `s101,Ada\ns102,Ben\n`.
    assert problems('id,name\n"s101,Ada\ns102,Ben\n') == [
        "roster.csv:2: the row starting here is not valid CSV (unexpected end of data): "
        "check its quotes"
    ]


def test_a_duplicate_after_a_multiline_name_is_placed_at_the_lines_rows_start_on():
    # Rows start on lines 2 and 5 (the first one's name spans lines 2-4).
    assert problems('id,name\ns101,"A\nB\nC"\ns101,D\n') == [
        "roster.csv:5: id `s101` is on line 2 already: each learner once"
    ]


def test_a_name_longer_than_a_report_takes_is_refused_at_its_line():
    assert problems("id,name\ns101," + "x" * 201 + "\n") == [
        "roster.csv:2: the name has 201 characters; a learner name has at most 200: shorten it"
    ]


def test_a_header_without_id_lists_a_few_of_its_columns():
    header = ",".join(f"c{n}" for n in range(20))
    assert problems(header + "\nx\n") == [
        "roster.csv:1: the header has no `id` column (it has `c0`, `c1`, `c2`, `c3`, `c4`, "
        "`c5`, `c6`, `c7` and 12 more): the first row must name the columns, with `id` and "
        "`name` among them"
    ]


def test_a_cell_past_the_csv_limit_says_so():
    assert problems("id,name\ns101," + "x" * 200_000 + "\n") == [
        "roster.csv:2: a cell of the row starting here is longer than 131,072 characters, "
        "which no roster needs: check that this is the right file"
    ]


def test_reports_made_without_an_assignment_are_news_only_where_others_used_it():
    r = roster("id,name\ns101,Ada\ns102,Ben\n")
    # Nobody was given the assignment file: their reports are this course's work.
    nobody = check_submissions([sub("s101"), sub("s102")], r, assignment())
    assert nobody is not None and nobody.other_assignment == []
    assert nobody.submitted_count == 2
    # Ben used it and Ada did not: Ada's report counts, and is listed.
    some = check_submissions([sub("s101"), sub("s102", assignment="week1")], r, assignment())
    assert some is not None and [i.id for i in some.other_assignment] == ["s101"]
    assert some.submitted_count == 2
