"""The instructor's sections of a cohort: roster, belief versus knowledge, item analysis,
as terminal tables (rich), Markdown and CSV. No view computes a figure; hidden figures
(``None`` under --min-group) are shown as ``hidden``. Names, files and questions come from
reports, rosters and taxonomies others wrote, so every one is drawn through
mlcareer.safe_text (CSV cells through csv_text, which cleans them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlcareer.render.csv import csv_text, roster_columns
from mlcareer.render.text import HIDDEN
from mlcareer.safe_text import clean, markdown_table, markdown_text

if TYPE_CHECKING:
    from rich.console import Console

    from mlcareer.belief import BeliefRow, BeliefVsKnowledge
    from mlcareer.item_analysis import ItemAnalysis, ItemStats
    from mlcareer.roster import RosterCheck, RosterLearner, SubmissionIssue

TOP_BELIEF_SKILLS = 10  # skills the terminal, Markdown and HTML show; JSON and CSV show all
NAMES_SHOWN = 3


def _num(value: float | int | None, fmt: str = "g") -> str:
    return HIDDEN if value is None else format(value, fmt)


def _pct(value: float | None) -> str:
    """A share published to one decimal, as a whole percent, half up as every figure of the
    cohort is (18.5 -> 19%; the float's own rounding gave 18%)."""
    from fractions import Fraction

    from mlcareer.report import half_up

    return HIDDEN if value is None else f"{half_up(Fraction(str(value)), 0):.0f}%"


def _names(names: list[str] | None) -> str:
    if names is None:
        return HIDDEN
    shown = ", ".join(names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return f"{shown}, +{more} more" if more > 0 else shown or "-"


def _who(issue: SubmissionIssue) -> str:
    if issue.name and issue.id:
        return f"{issue.name} ({issue.id})"
    return issue.name or issue.id or issue.file


def _on_roster(learner: RosterLearner) -> str:
    return f"{learner.name} ({learner.id})" if learner.name else learner.id


def roster_lines(check: RosterCheck) -> list[tuple[str, list[str]]]:
    """(heading, one line per learner) for each non-empty list of the roster check."""
    sections: list[tuple[str, list[str]]] = []
    if check.roster is not None:
        sections.append(
            (f"Not handed in: {len(check.missing)}", [_on_roster(m) for m in check.missing])
        )
        other_work = [m for m in check.learners if m.status == "other work only"]
        if other_work:
            sections.append(
                (
                    f"Handed in other work only (listed below): {len(other_work)}",
                    [_on_roster(m) for m in other_work],
                )
            )
        if check.not_on_roster:
            sections.append(
                (
                    f"Not on the roster: {len(check.not_on_roster)}",
                    [f"{_who(i)}: {i.detail} ({i.file})" for i in check.not_on_roster],
                )
            )
    for title, issues in (
        ("Late", check.late),
        ("Another role", check.other_role),
        ("Another taxonomy (left out of the figures)", check.other_taxonomy),
        ("Another assignment, or none", check.other_assignment),
        ("Handed in, left out of the figures", check.left_out),
    ):
        if issues:
            sections.append(
                (f"{title}: {len(issues)}", [f"{_who(i)}: {i.detail} ({i.file})" for i in issues])
            )
    return sections


def roster_headline(check: RosterCheck) -> str:
    if check.roster is None:
        return "Assignment check"
    return f"Roster: {check.submitted_count} of {check.on_roster_count} handed in ({check.roster})"


def belief_cells(row: BeliefRow, small_count: str) -> list[str]:
    """The row's cells; a count --min-group hid as small shows as ``small_count`` ('<K'),
    any other figure it hid as 'hidden' (the cohort's wording, render/cohort.py)."""

    def count(value: int | None) -> str:
        return small_count if value is None else str(value)

    if row.hidden:  # drawn from fewer than K learners: nothing of it shows
        return [HIDDEN] * 8 + [_names(row.overrated_learners)]
    return [
        count(row.claim_count),
        _pct(row.supported_pct),
        _pct(row.contradicted_pct),
        _pct(row.unverified_pct),
        _num(row.mean_claimed, ".2f"),
        _num(row.mean_adjusted, ".2f"),
        HIDDEN if row.overclaim is None else f"{row.overclaim:+.2f}",
        count(row.overrated_count),
        _names(row.overrated_learners),
    ]


BELIEF_HEADERS = [
    "Claims",
    "Supported",
    "Contradicted",
    "Unverified",
    "Claimed",
    "Scored",
    "Over",
    "Overrated",
    "Who",
]


TERMINAL_BELIEF_HEADERS = [
    "Claims",
    "Supp",
    "Contra",
    "Unver",
    "Claim",
    "Scored",
    "Over",
    "Overrated",
]


def most_overclaimed(belief: BeliefVsKnowledge) -> list[BeliefRow]:
    """The skills most over-rated first (hidden figures last), at most TOP_BELIEF_SKILLS."""
    ranked = sorted(
        (s for s in belief.skills if s.overclaim is None or s.overclaim > 0),
        key=lambda s: (s.overclaim is None, -(s.overclaim or 0)),
    )
    return ranked[:TOP_BELIEF_SKILLS]


def _choices(item: ItemStats) -> str:
    """Counts per choice in the taxonomy's order, the key starred: `3* 0 3 0`."""
    return " ".join(f"{c.chosen}{'*' if c.key else ''}" for c in item.choices)


def item_cells(item: ItemStats) -> list[str]:
    return [
        item.id,
        str(item.answered),
        # Three decimals, as computed: rounding again to two would round twice.
        f"{item.difficulty:.3f}",
        "-" if item.discrimination is None else f"{item.discrimination:+.3f}",
        _choices(item),
        ", ".join(item.flags),
    ]


ITEM_HEADERS = ["Check", "n", "p", "r", "Chosen (key *)", "Flags"]


def kr20_lines(items: ItemAnalysis) -> list[str]:
    lines = []
    for rel in items.reliability:
        if rel.kr20 is None:
            lines.append(f"{rel.category}: no KR-20 ({rel.note})")
        else:
            lines.append(
                f"{rel.category}: KR-20 {rel.kr20:.3f} over {len(rel.items)} checks and "
                f"{rel.learner_count} learners who answered all of them"
            )
    return lines


ITEM_LEGEND = (
    "n answered; p share right; r corrected point-biserial against the rest score; "
    "flags when p > 0.95, p < 0.20, n below {min}, or r < 0 with a distractor beating the key "
    "among strong learners"
)


# -- terminal -------------------------------------------------------------------------------


def draw_instructor_sections(
    console: Console,
    roster: RosterCheck | None,
    belief: BeliefVsKnowledge | None,
    items: ItemAnalysis | None,
    small_count: str,
) -> None:
    from rich.table import Table
    from rich.text import Text

    from mlcareer.render.terminal import print_items

    def heading(text: str, note: str = "") -> None:
        line = Text("\n" + clean(text), style="bold")
        if note:
            line.append(f"  {note}", style="dim")
        console.print(line)

    def grid() -> Table:
        return Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")

    if roster is not None:
        heading(roster_headline(roster))
        for title, lines in roster_lines(roster):
            console.print(Text(clean(title), style="bold"))
            print_items(console, (Text(clean(line)) for line in lines), indent=2)
    if belief is not None and belief.categories:
        heading(
            "Belief versus knowledge",
            "self-ratings of 1+ against the checks; Over = mean claimed - mean scored; "
            "the skills most over-rated first",
        )
        # Narrow enough for 80 columns: who was over-rated is in the other formats, and
        # the skills' order is said above rather than in a header that would fold.
        for title, rows in (
            ("Category", belief.categories),
            ("Skill", most_overclaimed(belief)),
        ):
            if not rows:
                continue
            table = grid()
            table.add_column(title, overflow="fold", min_width=12)
            for header in TERMINAL_BELIEF_HEADERS:
                table.add_column(header, justify="right", no_wrap=True)
            for row in rows:
                table.add_row(Text(clean(row.name)), *belief_cells(row, small_count)[:-1])
            console.print(table)
    if items is not None and items.items:
        heading("Item analysis", ITEM_LEGEND.format(min=items.min_answers))
        table = grid()
        for header in ITEM_HEADERS:
            justify = "left" if header in ("Check", "Flags", "Chosen (key *)") else "right"
            table.add_column(
                header,
                justify=justify,  # type: ignore[arg-type]
                overflow="fold",
                # A check id is copied into the taxonomy: never broken; a flag word whole.
                no_wrap=header in ("Check", "n", "p", "r"),
                min_width=len("few-answers") if header == "Flags" else None,
            )
        for item in items.items:
            style = "red" if "mis-keyed" in item.flags else ""
            table.add_row(*(Text(clean(cell), style=style) for cell in item_cells(item)))
        console.print(table)
        for line in kr20_lines(items):
            console.print(Text(clean(line), style="dim"))


# -- Markdown -------------------------------------------------------------------------------


def instructor_markdown(
    roster: RosterCheck | None,
    belief: BeliefVsKnowledge | None,
    items: ItemAnalysis | None,
    small_count: str,
) -> list[str]:
    out: list[str] = []
    if roster is not None:
        out += ["", f"## {markdown_text(roster_headline(roster))}", ""]
        for title, lines in roster_lines(roster):
            out += [f"**{markdown_text(title)}**", ""]
            out += [f"- {markdown_text(line)}" for line in lines] + [""]
    if belief is not None and belief.categories:
        out += [
            "",
            "## Belief versus knowledge",
            "",
            "Self-ratings of 1 or more against what the checks supported; *Over* = mean "
            "claimed minus mean scored level.",
            "",
        ]
        out += markdown_table(
            ["Category", *BELIEF_HEADERS],
            [[row.name, *belief_cells(row, small_count)] for row in belief.categories],
        )
        worst = most_overclaimed(belief)
        if worst:
            table = markdown_table(
                ["Skill (most over-rated)", *BELIEF_HEADERS],
                [[row.name, *belief_cells(row, small_count)] for row in worst],
            )
            out += ["", *table]
    if items is not None and items.items:
        out += ["", "## Item analysis", "", ITEM_LEGEND.format(min=items.min_answers) + ".", ""]
        out += markdown_table(ITEM_HEADERS, [item_cells(item) for item in items.items])
        out += ["", *(f"- {markdown_text(line)}" for line in kr20_lines(items))]
    return out


# -- CSV --------------------------------------------------------------------------------------


def items_csv(items: ItemAnalysis) -> str:
    width = max((len(item.choices) for item in items.items), default=0)
    header = [
        "check_id",
        "skill_id",
        "category",
        "level",
        "question",
        "answered",
        "correct",
        "difficulty",
        "discrimination",
        "key",
        *(f"chosen_{i}" for i in range(width)),
        "flags",
    ]
    rows = [
        [
            item.id,
            item.skill,
            item.category,
            item.level,
            item.question,
            item.answered,
            item.correct,
            item.difficulty,
            item.discrimination,
            next(c.index for c in item.choices if c.key),
            *(c.chosen for c in item.choices),
            *([None] * (width - len(item.choices))),
            " ".join(item.flags),
        ]
        for item in items.items
    ]
    return csv_text(header, rows)


def belief_csv(belief: BeliefVsKnowledge) -> str:
    header = [
        "kind",
        "id",
        "name",
        "claim_count",
        "supported_pct",
        "contradicted_pct",
        "unverified_pct",
        "mean_claimed",
        "mean_adjusted",
        "overclaim",
        "overrated_count",
        "overrated_learners",
    ]
    rows = [
        [
            kind,
            r.id,
            r.name,
            r.claim_count,
            r.supported_pct,
            r.contradicted_pct,
            r.unverified_pct,
            r.mean_claimed,
            r.mean_adjusted,
            r.overclaim,
            r.overrated_count,
            None if r.overrated_learners is None else "; ".join(r.overrated_learners),
        ]
        for kind, rows_of_kind in (("category", belief.categories), ("skill", belief.skills))
        for r in rows_of_kind
    ]
    return csv_text(header, rows)


def roster_csv(check: RosterCheck) -> str:
    """One row per learner on the roster (roster order, extra columns kept), then the
    reports from learners not on it: status and issues, ready for a gradebook."""
    issues: dict[str, list[str]] = {}
    for title, listed in (
        ("late", check.late),
        ("other role", check.other_role),
        ("other taxonomy", check.other_taxonomy),
        ("other assignment", check.other_assignment),
        ("left out", check.left_out),
    ):
        for issue in listed:
            issues.setdefault(issue.file, []).append(f"{title}: {issue.detail}")
    own = ["id", "name", "status", "file", "issues"]
    header = [*own[:2], *roster_columns(check.extra_columns, own), *own[2:]]
    rows: list[list[object]] = []
    for learner in check.learners:
        status = learner.status
        file = learner.file
        rows.append(
            [
                learner.id,
                learner.name,
                *(learner.extra.get(c, "") for c in check.extra_columns),
                status,
                file,
                "; ".join(issues.get(file or "", [])),
            ]
        )
    for issue in check.not_on_roster:
        rows.append(
            [
                issue.id,
                issue.name,
                *([""] * len(check.extra_columns)),
                "not on the roster",
                issue.file,
                "; ".join(issues.get(issue.file, [])),
            ]
        )
    return csv_text(header, rows)
