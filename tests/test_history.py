"""The history store: round trips, migrations, concurrent writers, damaged files."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from mlcareer.answers import Answers
from mlcareer.errors import MlcareerError
from mlcareer.history import (
    HISTORY_FILE,
    SCHEMA_VERSION,
    History,
    history_path,
    load_report,
)
from mlcareer.report_file import read_report_file
from mlcareer.scoring import report_for
from mlcareer.taxonomy import load_taxonomy

from .conftest import TINY


@pytest.fixture(scope="module")
def tiny():
    return load_taxonomy(TINY)


def make_report(tax, ratings, *, role="junior", created_at="2026-09-21T14:13:20Z", learner=True):
    answers = Answers(
        role=tax.role(role),
        ratings=ratings,
        learner_name="Ada Lovelace" if learner else None,
        learner_id="ada" if learner else None,
    )
    return report_for(tax, answers, created_at=created_at, tool_version="0.1.0")


def user_version(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


def test_history_lives_in_mlcareer_home(isolated_home):
    assert history_path() == isolated_home / HISTORY_FILE


def test_round_trip_keeps_the_whole_report(tiny, isolated_home):
    # junior: python 2, sql 1, stats 1, ml 2; importances 2, 1, 1, 1 -> 8 weighted levels.
    # python 1, sql 0, stats 1, ml 0 -> 2 + 0 + 1 + 0 = 3 of 8 = 37.5 %;
    # plan: python 1->2 15 h, sql 0->1 4 h, ml 0->1 5 h, ml 1->2 30 h = 54 h.
    first = make_report(tiny, {"python": 1, "sql": 0, "stats": 1, "ml": 0})
    second = make_report(
        tiny, {"python": 2, "sql": 1, "stats": 1, "ml": 1}, created_at="2026-10-05T08:00:00Z"
    )
    with History.open() as history:
        assert history.save(first) == 1
        assert history.save(second) == 2
    assert (isolated_home / HISTORY_FILE).is_file()

    with History.open(create=False) as history:
        entries = history.entries()
        assert [e.as_dict() for e in entries] == [
            {
                "id": 1,
                "created_at": "2026-09-21T14:13:20Z",
                "taxonomy_id": "tiny",
                "taxonomy_version": "1",
                "role_id": "junior",
                "role_name": "Junior",
                "learner_id": "ada",
                "learner_name": "Ada Lovelace",
                "readiness": 37.5,
                "plan_hours": 54.0,
            },
            {
                "id": 2,
                "created_at": "2026-10-05T08:00:00Z",
                "taxonomy_id": "tiny",
                "taxonomy_version": "1",
                "role_id": "junior",
                "role_name": "Junior",
                "learner_id": "ada",
                "learner_name": "Ada Lovelace",
                # python 4 + sql 1 + stats 1 + ml 1 = 7 of 8
                "readiness": 87.5,
                "plan_hours": 30.0,
            },
        ]
        assert history.report(1) == first
        assert history.report(2) == second
        assert history.report(1).model_dump_json() == first.model_dump_json()


def test_filters_and_last(tiny):
    with History.open() as history:
        history.save(make_report(tiny, {"python": 1}))
        history.save(make_report(tiny, {"sql": 3, "stats": 3}, role="analyst"))
        history.save(make_report(tiny, {"python": 2}))
        assert [e.id for e in history.entries(role_id="junior")] == [1, 3]
        assert [e.id for e in history.entries(role_id="analyst")] == [2]
        assert [e.id for e in history.entries(last=2)] == [2, 3]
        assert [e.id for e in history.entries(up_to=2)] == [1, 2]
        assert history.entries(taxonomy_id="other") == []


def test_resolving_references(tiny):
    with History.open() as history:
        for level in (0, 1, 2):
            history.save(make_report(tiny, {"python": level}))
        assert history.resolve("latest") == 3
        assert history.resolve("previous") == 2
        assert history.resolve("1") == 1
        assert history.resolve("#2") == 2
        with pytest.raises(MlcareerError, match=r"no assessment #7 in the history \(ids 1 to 3\)"):
            history.resolve("7")


def test_empty_and_single_history_references(tiny):
    with History.open(create=False) as history:
        assert history.entries() == []
        with pytest.raises(MlcareerError, match="the history is empty"):
            history.resolve("latest")
    with History.open() as history:
        history.save(make_report(tiny, {}))
        with pytest.raises(MlcareerError, match="holds one assessment, so there is no `previous`"):
            history.resolve("previous")


def test_reading_does_not_create_the_database(isolated_home):
    with History.open(create=False) as history:
        assert history.entries() == []
    assert not (isolated_home / HISTORY_FILE).exists()


def test_a_new_database_runs_every_migration(tmp_path):
    path = tmp_path / "h.sqlite3"
    History.open(path).close()
    assert user_version(path) == SCHEMA_VERSION == 2
    with sqlite3.connect(path) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(assessments)")]
        indexes = {row[1] for row in conn.execute("PRAGMA index_list(assessments)")}
    assert columns == [
        "id", "created_at", "taxonomy_id", "role_id", "readiness", "report",
        "taxonomy_version", "role_name", "learner_id", "learner_name", "plan_hours",
        "report_schema",
    ]  # fmt: skip
    assert {"assessments_by_role", "assessments_by_learner"} <= indexes


# The first released schema, written out as it was, so the upgrade is tested against
# the real thing and not against whatever the code now calls version 1.
V1_SCHEMA = """
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    taxonomy_id TEXT NOT NULL,
    role_id TEXT NOT NULL,
    readiness REAL NOT NULL,
    report TEXT NOT NULL
);
PRAGMA user_version = 1;
"""


def test_migration_from_schema_version_1(tiny, tmp_path):
    path = tmp_path / "old.sqlite3"
    old = make_report(tiny, {"python": 1, "sql": 0, "stats": 1, "ml": 0})
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.execute(
        "INSERT INTO assessments (created_at, taxonomy_id, role_id, readiness, report) "
        "VALUES (?, ?, ?, ?, ?)",
        (old.created_at, "tiny", "junior", old.readiness, old.model_dump_json()),
    )
    # A row whose JSON was damaged: the upgrade keeps it (with defaults) and goes on.
    conn.execute(
        "INSERT INTO assessments (created_at, taxonomy_id, role_id, readiness, report) "
        "VALUES ('2026-01-01T00:00:00Z', 'tiny', 'junior', 10.0, '{not json')"
    )
    conn.commit()
    conn.close()
    assert user_version(path) == 1

    with History.open(path) as history:
        entries = history.entries()
        assert history.report(1) == old
        new_id = history.save(make_report(tiny, {"python": 2}, learner=False))
    assert user_version(path) == 2
    first, damaged = entries
    # Backfilled from the stored JSON: role name, learner, taxonomy version, plan hours.
    assert (first.role_name, first.learner_id, first.learner_name) == (
        "Junior",
        "ada",
        "Ada Lovelace",
    )
    assert (first.taxonomy_version, first.plan_hours, first.readiness) == ("1", 54.0, 37.5)
    assert (damaged.role_name, damaged.learner_id, damaged.plan_hours) == ("", None, 0.0)
    assert new_id == 3


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 9")
    with pytest.raises(MlcareerError) as caught:
        History.open(path)
    message = caught.value.render()
    assert message.startswith(f"{path}: the history database has schema version 9")
    assert "upgrade mlcareer" in message


def test_another_programs_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(MlcareerError, match="not an mlcareer history"):
        History.open(path)
    with sqlite3.connect(path) as conn:  # and it is left alone
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]


def test_a_file_that_is_not_sqlite_names_the_file_and_the_fix(tmp_path):
    path = tmp_path / HISTORY_FILE
    path.write_bytes(b"this is a text file, not a database\n" * 50)
    with pytest.raises(MlcareerError) as caught:
        History.open(path)
    assert caught.value.exit_code == 2
    assert caught.value.render() == (
        f"{path}: the history database is damaged or is not a SQLite file (file is not a "
        "database): move it away (e.g. rename it to history.sqlite3.broken) and mlcareer starts "
        "a new history"
    )
    # Reading is refused the same way, and the file is not touched.
    with pytest.raises(MlcareerError, match="damaged or is not a SQLite file"):
        History.open(path, create=False)
    assert path.read_bytes() == b"this is a text file, not a database\n" * 50


def test_a_database_damaged_inside_is_a_clear_error(tiny, tmp_path):
    path = tmp_path / HISTORY_FILE
    with History.open(path) as history:
        for _ in range(40):  # several pages of reports
            history.save(make_report(tiny, {"python": 1}))
    raw = bytearray(path.read_bytes())
    page = 4096
    assert len(raw) > 6 * page
    raw[page : len(raw) - page] = b"\xff" * (len(raw) - 2 * page)  # keep the header page only
    path.write_bytes(bytes(raw))
    with (
        pytest.raises(MlcareerError, match="damaged or is not a SQLite file") as caught,
        History.open(path, create=False) as history,
    ):
        history.entries()
    assert str(path) in caught.value.render()


def test_one_save_is_one_immediate_transaction(tiny, tmp_path):
    path = tmp_path / HISTORY_FILE
    statements: list[str] = []
    with History.open(path) as history:
        history._conn.set_trace_callback(statements.append)
        history.save(make_report(tiny, {"python": 1}))
    assert [s.split(" (")[0] for s in statements] == [
        "BEGIN IMMEDIATE",
        "INSERT INTO assessments",
        "COMMIT",
    ]


def test_a_failed_upgrade_leaves_the_old_database_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_SCHEMA)

    def broken_upgrade(conn):
        conn.execute("ALTER TABLE assessments ADD COLUMN half_done TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("mlcareer.history.MIGRATIONS", [lambda conn: None, broken_upgrade])
    with pytest.raises(MlcareerError, match=r"disk I/O error"):
        History.open(path)
    assert user_version(path) == 1
    with sqlite3.connect(path) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(assessments)")]
    assert "half_done" not in columns


def test_a_writer_waits_for_another_writer(tiny, tmp_path):
    path = tmp_path / HISTORY_FILE
    History.open(path).close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another mlcareer is in the middle of a write
    saved: list[int] = []

    def save() -> None:
        with History.open(path) as history:
            saved.append(history.save(make_report(tiny, {"python": 2})))

    thread = threading.Thread(target=save)
    thread.start()
    time.sleep(0.3)
    assert thread.is_alive() and saved == []  # waiting, not failing
    blocker.execute("COMMIT")
    blocker.close()
    thread.join(timeout=10)
    assert saved == [1]


def test_a_lock_held_too_long_is_a_clear_error(tiny, tmp_path, monkeypatch):
    monkeypatch.setattr("mlcareer.history.BUSY_TIMEOUT_SECONDS", 0.2)
    path = tmp_path / HISTORY_FILE
    History.open(path).close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with History.open(path) as history, pytest.raises(MlcareerError) as caught:
            history.save(make_report(tiny, {"python": 2}))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert "stayed locked for 0.2 s by another mlcareer: wait for it to finish" in (
        caught.value.render()
    )


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from mlcareer.history import History
    from mlcareer.report import Report

    path, report_file, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    report = Report.model_validate_json(report_file.read_text())
    for _ in range(count):
        with History.open(path) as history:  # a fresh connection per save, like the CLI
            history.save(report)
    """
)


def test_concurrent_saves_from_two_processes(tiny, tmp_path):
    # Both writers start on a database that does not exist yet, so they also race to
    # create and upgrade it.
    path = tmp_path / HISTORY_FILE
    count = 30
    files = []
    for name, ratings in (("a", {"python": 1}), ("b", {"sql": 2})):
        report_file = tmp_path / f"{name}.json"
        report_file.write_text(make_report(tiny, ratings).model_dump_json())
        files.append(report_file)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(f), str(count)],
                         stderr=subprocess.PIPE, text=True)
        for f in files
    ]  # fmt: skip
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    assert user_version(path) == SCHEMA_VERSION
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with History.open(path) as history:
        entries = history.entries()
        assert [e.id for e in entries] == list(range(1, 2 * count + 1))
        python_first = make_report(tiny, {"python": 1})
        # python 1 -> 2 of 8 weighted levels = 25 %; sql 2 (needs 1) -> 1 of 8 = 12.5 %.
        assert sorted(e.readiness for e in entries) == [12.5] * count + [25.0] * count
        assert sum(history.report(e.id) == python_first for e in entries) == count


def test_concurrent_saves_from_threads(tiny, tmp_path):
    path = tmp_path / HISTORY_FILE
    report = make_report(tiny, {"stats": 1})
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(20):
                with History.open(path) as history:
                    history.save(report)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with History.open(path) as history:
        assert [e.id for e in history.entries()] == list(range(1, 81))


# -- report files ----------------------------------------------------------------------


def test_reading_a_report_file(tiny, tmp_path):
    report = make_report(tiny, {"python": 1, "sql": 0, "stats": 1, "ml": 0})
    path = tmp_path / "report.json"
    path.write_text(report.model_dump_json(indent=2))
    assert read_report_file(path) == report
    with History.open(create=False) as history:
        loaded = load_report(str(path), history)
    assert (loaded.report, loaded.label, loaded.history_id) == (report, str(path), None)


def test_a_report_of_another_schema_version_is_refused(tiny, tmp_path):
    data = json.loads(make_report(tiny, {}).model_dump_json())
    data["schema_version"] = 3
    path = tmp_path / "new.json"
    path.write_text(json.dumps(data, indent=2))
    with pytest.raises(MlcareerError) as caught:
        read_report_file(path)
    assert caught.value.exit_code == 2
    assert caught.value.render() == (
        f"{path}:2:21: report schema_version 3 is not supported by this mlcareer, which reads "
        "versions 1 to 2: upgrade mlcareer, or write the report again with `mlcareer assess "
        "--format json`"
    )


def test_a_file_that_is_not_a_report_is_refused(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("role: junior\nratings: {python: 1}\n")
    with pytest.raises(MlcareerError, match=r"is an answers file, not a report: make the report"):
        read_report_file(answers)
    data = json.loads(make_report(load_taxonomy(TINY), {}).model_dump_json())
    data["readiness"] = "high"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    with pytest.raises(MlcareerError) as caught:
        read_report_file(broken)
    assert "`readiness` must be a finite number, not 'high'" in caught.value.render()


def test_an_unknown_reference_is_neither_id_nor_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with History.open(create=False) as history, pytest.raises(MlcareerError) as caught:
        load_report("missing.json", history)
    assert caught.value.render().startswith(
        "missing.json: no such report file, and not a history id"
    )
