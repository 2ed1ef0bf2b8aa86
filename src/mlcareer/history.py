"""The history of assessments: a SQLite database in the application folder.

Every completed assessment is stored whole (the report's JSON, so that any past
report can be rendered again in any format) next to a few columns that listings
and filters read without parsing JSON.

The schema is versioned with ``PRAGMA user_version`` and upgraded by the
migrations in ``MIGRATIONS``, oldest first; a new database runs all of them, so
every migration is exercised on every install. Two mlcareer processes may write
at once: each write is one ``BEGIN IMMEDIATE`` transaction (it takes the write
lock up front, so a second writer waits in SQLite's busy handler instead of
failing half-way), and migrations re-read the version under that lock. The
rollback journal is kept rather than WAL because WAL needs shared memory, which
network and synced folders (where app folders often live) do not all provide.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlcareer.errors import MlcareerError, Problem

if TYPE_CHECKING:
    from mlcareer.report import Report

HISTORY_FILE = "history.sqlite3"
BUSY_TIMEOUT_SECONDS = 15.0


def _create_v1(conn: sqlite3.Connection) -> None:
    # The first schema: what the first listing showed, plus the whole report.
    conn.execute(
        """
        CREATE TABLE assessments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            taxonomy_id TEXT NOT NULL,
            role_id TEXT NOT NULL,
            readiness REAL NOT NULL,
            report TEXT NOT NULL
        )
        """
    )


def _add_v2_columns(conn: sqlite3.Connection) -> None:
    # Version 2: learner, role name, taxonomy version, plan hours and report schema as
    # columns (for listings, filters and the readiness timeline), with indexes.
    for column in (
        "taxonomy_version TEXT NOT NULL DEFAULT ''",
        "role_name TEXT NOT NULL DEFAULT ''",
        "learner_id TEXT",
        "learner_name TEXT",
        "plan_hours REAL NOT NULL DEFAULT 0",
        "report_schema INTEGER NOT NULL DEFAULT 1",
    ):
        conn.execute(f"ALTER TABLE assessments ADD COLUMN {column}")
    rows = conn.execute("SELECT id, report FROM assessments").fetchall()
    for row_id, text in rows:
        try:
            data = json.loads(text)
            values = _columns_v2(data)
        except (ValueError, TypeError, AttributeError):
            continue  # an unreadable report keeps the defaults; `show` will say what is wrong
        conn.execute(
            "UPDATE assessments SET taxonomy_version = ?, role_name = ?, learner_id = ?, "
            "learner_name = ?, plan_hours = ?, report_schema = ? WHERE id = ?",
            (*values, row_id),
        )
    conn.execute("CREATE INDEX assessments_by_role ON assessments (taxonomy_id, role_id, id)")
    conn.execute("CREATE INDEX assessments_by_learner ON assessments (learner_id, id)")


def _columns_v2(data: dict[str, Any]) -> tuple[str, str, str | None, str | None, float, int]:
    learner = data.get("learner") or {}
    return (
        str(data["taxonomy"]["version"]),
        str(data["role"]["name"]),
        learner.get("id"),
        learner.get("name"),
        float(data["plan"]["total_hours"]),
        int(data["schema_version"]),
    )


# MIGRATIONS[n - 1] takes a database from version n - 1 to version n.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_create_v1, _add_v2_columns]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class HistoryEntry:
    """One saved assessment as listed by `mlcareer history` (no JSON parsed)."""

    id: int
    created_at: str
    taxonomy_id: str
    taxonomy_version: str
    role_id: str
    role_name: str
    learner_id: str | None
    learner_name: str | None
    readiness: float
    plan_hours: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_ENTRY_COLUMNS = (
    "id, created_at, taxonomy_id, taxonomy_version, role_id, role_name, learner_id, "
    "learner_name, readiness, plan_hours"
)


def history_path() -> Path:
    """Where the history database lives: in the application folder."""
    from mlcareer.appdir import app_dir

    return app_dir(create=False) / HISTORY_FILE


def _problem_for(exc: sqlite3.Error, path: Path) -> Problem:
    """A sentence for a SQLite failure: what happened to the file and what to do."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in text:
        message = (
            f"the history database stayed locked for {BUSY_TIMEOUT_SECONDS:g} s by another "
            "mlcareer: wait for it to finish and try again"
        )
    elif name == "SQLITE_CANTOPEN" or "unable to open" in text:
        message = (
            "cannot open the history database: check that the folder exists and is writable, "
            "or set MLCAREER_HOME to another folder"
        )
    elif name == "SQLITE_READONLY" or "readonly" in text:
        message = "the history database is read-only: make it and its folder writable"
    elif name == "SQLITE_FULL" or "full" in text:
        message = "the disk is full, so the history cannot be written: free some space"
    elif name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or not isinstance(
        exc, sqlite3.OperationalError
    ):
        message = (
            f"the history database is damaged or is not a SQLite file ({text}): move it "
            f"away (e.g. rename it to {path.name}.broken) and mlcareer starts a new history"
        )
    else:
        message = (
            f"cannot use the history database ({text}): move it away (e.g. rename it to "
            f"{path.name}.broken) and mlcareer starts a new history"
        )
    return Problem(message, str(path))


class History:
    """The store: open it with ``History.open()``, use it in a ``with`` block."""

    def __init__(self, path: Path, conn: sqlite3.Connection | None) -> None:
        self.path = path
        self._conn = conn

    @classmethod
    def open(cls, path: Path | None = None, *, create: bool = True) -> History:
        """Open (and upgrade) the database; without ``create``, a missing file reads as empty."""
        path = path if path is not None else history_path()
        if not create and not path.exists():
            return cls(path, None)
        if create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise MlcareerError(
                    Problem(
                        f"cannot create the folder for the history ({exc.strerror}): set "
                        "MLCAREER_HOME to a writable folder",
                        str(path.parent),
                    )
                ) from None
        with contextlib.ExitStack() as cleanup, _translated_errors(path):
            # isolation_level=None: we issue BEGIN/COMMIT ourselves.
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            cleanup.callback(conn.close)
            # No function in the schema (a default, an index expression) may have side effects.
            conn.execute("PRAGMA trusted_schema = OFF")
            version = _user_version(conn)
            if 0 < version <= SCHEMA_VERSION:
                _check_schema(conn, path, version)
            _upgrade(conn, path)
            cleanup.pop_all()
        return cls(path, conn)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------
    def save(self, report: Report) -> int:
        """Store ``report`` in one transaction; return its id."""
        conn = self._require_connection()
        learner = report.learner
        row = (
            report.created_at,
            report.taxonomy.id,
            report.role.id,
            report.readiness,
            report.model_dump_json(),
            report.taxonomy.version,
            report.role.name,
            learner.id if learner else None,
            learner.name if learner else None,
            report.plan.total_hours,
            report.schema_version,
        )
        with _translated_errors(self.path), _immediate_transaction(conn):
            cursor = conn.execute(
                "INSERT INTO assessments (created_at, taxonomy_id, role_id, readiness, report, "
                "taxonomy_version, role_name, learner_id, learner_name, plan_hours, "
                "report_schema) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    # -- reading -------------------------------------------------------------------
    def entries(
        self,
        *,
        role_id: str | None = None,
        taxonomy_id: str | None = None,
        up_to: int | None = None,
        last: int | None = None,
    ) -> list[HistoryEntry]:
        """Saved assessments, oldest first, optionally filtered; ``last`` keeps the newest N."""
        if self._conn is None:
            return []
        where, args = [], []
        for clause, value in (
            ("role_id = ?", role_id),
            ("taxonomy_id = ?", taxonomy_id),
            ("id <= ?", up_to),
        ):
            if value is not None:
                where.append(clause)
                args.append(value)
        sql = f"SELECT {_ENTRY_COLUMNS} FROM assessments"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC"
        if last is not None:
            sql += " LIMIT ?"
            args.append(last)
        with _translated_errors(self.path):
            rows = self._conn.execute(sql, args).fetchall()
        return [_entry(row, self.path) for row in reversed(rows)]

    def resolve(self, ref: str) -> int:
        """The id that ``ref`` names: ``latest``, ``previous``, or a number (``3`` or ``#3``)."""
        ids = self._ids()
        if not ids:
            raise MlcareerError(
                f"the history is empty, so there is no `{ref}` assessment: run "
                "`mlcareer assess --answers FILE` first (it saves each assessment)"
            )
        if ref == "latest":
            return ids[-1]
        if ref == "previous":
            if len(ids) < 2:
                raise MlcareerError(
                    "the history holds one assessment, so there is no `previous` one: assess "
                    "again after some study, then compare"
                )
            return ids[-2]
        wanted = int(ref.lstrip("#"))
        if wanted not in ids:
            raise MlcareerError(
                f"there is no assessment #{wanted} in the history (ids {ids[0]} to {ids[-1]}): "
                "`mlcareer history` lists them"
            )
        return wanted

    def report(self, assessment_id: int) -> Report:
        """The full report saved as ``assessment_id``."""

        conn = self._require_connection()
        with _translated_errors(self.path):
            row = conn.execute(
                "SELECT report, report_schema FROM assessments WHERE id = ?", (assessment_id,)
            ).fetchone()
        if row is None:
            raise MlcareerError(
                f"there is no assessment #{assessment_id} in the history: `mlcareer history` "
                "lists them"
            )
        text, schema = row
        if not isinstance(text, str):
            raise MlcareerError(
                Problem(
                    f"the history database is damaged (assessment #{assessment_id} holds no "
                    f"report text): move it away (e.g. rename it to {self.path.name}.broken) "
                    "and mlcareer starts a new history",
                    str(self.path),
                )
            )
        from mlcareer.report_file import READABLE_VERSIONS, read_report_text

        # Rows saved by mlcareer 0.1 hold schema 1 reports: the one report reader upgrades
        # them. Numbers in the row's report are checked like a file's (finite, in range).
        if schema not in READABLE_VERSIONS:
            raise MlcareerError(
                Problem(
                    f"assessment #{assessment_id} was saved with report schema {schema}, but "
                    f"this mlcareer reads schemas {READABLE_VERSIONS[0]} to "
                    f"{READABLE_VERSIONS[-1]}: upgrade mlcareer",
                    str(self.path),
                )
            )
        return read_report_text(text, f"{self.path} (assessment #{assessment_id})")

    def _ids(self) -> list[int]:
        if self._conn is None:
            return []
        with _translated_errors(self.path):
            return [row[0] for row in self._conn.execute("SELECT id FROM assessments ORDER BY id")]

    def _require_connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise MlcareerError("the history is empty: run `mlcareer assess --answers FILE` first")
        return self._conn


@contextlib.contextmanager
def _translated_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise MlcareerError(_problem_for(exc, path)) from None


@contextlib.contextmanager
def _immediate_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction that holds the write lock from its first statement."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _entry(row: tuple[Any, ...], path: Path) -> HistoryEntry:
    """A listed row, refused when a column holds what mlcareer never writes there (the file
    was edited): text where a number belongs, a readiness outside 0-100, NaN."""
    import math

    entry = HistoryEntry(*row)
    texts = (entry.created_at, entry.taxonomy_id, entry.taxonomy_version, entry.role_id)
    optional = (entry.learner_id, entry.learner_name)
    numbers = (entry.readiness, entry.plan_hours)
    sane = (
        isinstance(entry.id, int)
        and all(isinstance(t, str) for t in (*texts, entry.role_name))
        and all(t is None or isinstance(t, str) for t in optional)
        and all(isinstance(n, (int, float)) and math.isfinite(n) for n in numbers)
        and 0 <= entry.readiness <= 100
        and entry.plan_hours >= 0
    )
    if not sane:
        raise MlcareerError(
            Problem(
                f"the history database is damaged (assessment #{entry.id} holds values "
                f"mlcareer never writes): move it away (e.g. rename it to {path.name}.broken) "
                "and mlcareer starts a new history",
                str(path),
            )
        )
    return entry


@functools.cache
def _expected_schema(version: int) -> dict[tuple[str, str], str]:
    """What the migrations up to ``version`` create: (type, name) -> its SQL, spaces folded."""
    conn = sqlite3.connect(":memory:")
    try:
        for migrate in MIGRATIONS[:version]:
            migrate(conn)
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    finally:
        conn.close()
    return {
        (kind, name): _folded(sql) for kind, name, sql in rows if not name.startswith("sqlite_")
    }


def _folded(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _check_schema(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Refuse a database holding objects the migrations did not create, before anything is
    read or written: a trigger runs its SQL on every save, a view can forge the listing."""
    expected = _expected_schema(version)
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    # Name what runs SQL first: a trigger or a view says more than the table it writes to.
    rows.sort(key=lambda row: (row[0] not in ("trigger", "view"), row[0], row[1]))
    for kind, name, sql in rows:
        if name.startswith("sqlite_"):
            continue  # SQLite's own (sqlite_sequence); no one else may use the prefix
        if expected.get((kind, name)) != _folded(sql):
            raise MlcareerError(
                Problem(
                    f"this history database holds objects mlcareer did not create ({kind} "
                    f"`{name}`): move it aside (e.g. rename it to {path.name}.broken) and "
                    "mlcareer starts a new history",
                    str(path),
                )
            )


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _upgrade(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the database to SCHEMA_VERSION, or refuse a file that is not ours."""
    if _user_version(conn) == SCHEMA_VERSION:
        return
    with _immediate_transaction(conn):
        # Read again under the write lock: another process may have upgraded meanwhile.
        version = _user_version(conn)
        if version > SCHEMA_VERSION:
            raise MlcareerError(
                Problem(
                    f"the history database has schema version {version}, written by a newer "
                    f"mlcareer (this one knows up to {SCHEMA_VERSION}): upgrade mlcareer",
                    str(path),
                )
            )
        if version == 0:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            if tables:
                raise MlcareerError(
                    Problem(
                        "this SQLite file is not an mlcareer history (it holds other tables): "
                        "move it away, or set MLCAREER_HOME to another folder",
                        str(path),
                    )
                )
        for migrate in MIGRATIONS[version:]:
            migrate(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# -- reports named on the command line ---------------------------------------------


@dataclass(frozen=True)
class LoadedReport:
    """A report with where it came from: a history id, or a file."""

    report: Report
    label: str  # "#3" for a saved assessment, the path for a file
    history_id: int | None = None


def is_history_ref(ref: str) -> bool:
    """``latest``, ``previous``, ``3`` and ``#3`` name saved assessments; anything else a file."""
    if ref in ("latest", "previous"):
        return True
    number = ref.lstrip("#")
    # isascii: str.isdigit() also accepts superscripts such as "²", which int() refuses.
    return number.isascii() and number.isdigit() and ref.count("#") <= 1


def load_report(ref: str, history: History) -> LoadedReport:
    """The report that ``ref`` names: a saved assessment, or a report file (``-`` is stdin).

    A number always names a saved assessment; write ``./3`` for a file called ``3``.
    """
    if is_history_ref(ref):
        assessment_id = history.resolve(ref)
        return LoadedReport(history.report(assessment_id), f"#{assessment_id}", assessment_id)
    if ref != "-" and not Path(ref).exists():
        raise MlcareerError(
            Problem(
                "no such report file, and not a history id: give `latest`, `previous`, an id "
                "from `mlcareer history`, or the path of a JSON report",
                ref,
            )
        )
    from mlcareer.report_file import read_report_file

    return LoadedReport(read_report_file(ref), "<stdin>" if ref == "-" else ref)
