"""Views of one cohort model: a terminal table with a heatmap (rich), Markdown and CSV.

JSON is the model itself (mlcareer.render.json). No view computes a figure: hidden
figures (``None`` under --min-group) are shown as ``<K``. Every name, id and file name comes
from a student's report, so each one is drawn through mlcareer.safe_text: ``Text`` objects
of cleaned text on the terminal (never rich markup), escaped text in Markdown, cleaned and
formula-safe cells in CSV.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlcareer.cohort import (
    LEVEL_PARTS,
    AtRiskLearner,
    Cohort,
    LearnerRow,
    SetAside,
    SkillStats,
)
from mlcareer.render.csv import csv_text, roster_columns
from mlcareer.render.terminal import print_items, readiness_style, wider_than_the_console
from mlcareer.render.text import HIDDEN, small_count, small_counts_note
from mlcareer.safe_text import Markdown, clean, markdown_table, markdown_text
from mlcareer.wording import plural

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

TOP_PRIORITIES = 10  # the terminal and Markdown show this many; JSON and CSV show all
TOP_GAPS = 3  # gaps named per at-risk learner in the terminal and Markdown

# Heatmap backgrounds (xterm 256-colour numbers, which rich maps down to red/green/blue on
# 16-colour terminals), from a few learners at a level to nearly all of them: red below the
# required level, green at or above it, blue where the learners' roles need different levels.
_BELOW = (52, 88, 124, 160, 196)
_AT_OR_ABOVE = (22, 28, 34, 40, 46)
_NEUTRAL = (17, 18, 19, 20, 21)


# -- shared wording ------------------------------------------------------------------------


def _hidden(cohort: Cohort) -> str:
    """How a small count shows: '<K' (render.text.small_count)."""
    return small_count(cohort.min_group)


def min_group_legend(cohort: Cohort) -> str:
    k = cohort.min_group
    return (
        f"Shared with --min-group {k}: per-learner rows are hidden; {small_counts_note(k)}, "
        f"and a figure taken over fewer than {k} learners, or that would give such a count "
        f"away, as {HIDDEN}."
    )


def _num(value: float | int | None, cohort: Cohort, suffix: str = "") -> str:
    """A count of learners: '<K' when --min-group hid it as small."""
    if value is None:
        return _hidden(cohort)
    return f"{value:g}{suffix}"


def _one_decimal(value: float | None, cohort: Cohort) -> str:
    return HIDDEN if value is None else f"{value:.1f}"


def _pct(value: float | None, cohort: Cohort) -> str:
    return HIDDEN if value is None else f"{value:.1f}%"


def _count(value: int | None, cohort: Cohort, field: str, secondary: list[str]) -> str:
    """A count: '<K' when it is small, 'hidden' when it is hidden to protect another (P2-2)."""
    if value is None and field in secondary:
        return HIDDEN
    return _num(value, cohort)


def level_cells(skill: SkillStats, cohort: Cohort) -> list[str]:
    """A skill's learners at each level 0-4 and those who skipped it, as the tables show
    them ('<K' small, 'hidden' to protect a small one)."""
    return [
        _count(count, cohort, part, skill.secondary)
        for count, part in zip(skill.level_counts(), LEVEL_PARTS, strict=True)
    ]


def _over(value: float | None, group: int | None, cohort: Cohort, places: int) -> str:
    """A mean or median over ``group`` learners, with ``places`` decimals always (1.60, not
    1.6, beside 1.52): '-' when nobody is in the group (there is no value), the hidden
    marker only when --min-group hid it."""
    if value is None and group == 0:
        return "-"
    return HIDDEN if value is None else f"{value:.{places}f}"


def _over_one_decimal(
    value: float | None, group: int | None, cohort: Cohort, suffix: str = ""
) -> str:
    if value is None and group == 0:
        return "-"
    return HIDDEN if value is None else f"{value:.1f}{suffix}"


def _score(value: float | None) -> str:
    """A score in the matrix: '-' where the learner's role does not require the category."""
    return "-" if value is None else f"{value:.1f}"


def _required(skill: SkillStats) -> str:
    if skill.required is not None:
        return str(skill.required)
    if skill.required_min is None:
        return "-"
    return f"{skill.required_min}-{skill.required_max}"


def _who(row: LearnerRow) -> str:
    if row.name and row.id:
        return f"{row.name} ({row.id})"
    return row.name or row.id or row.file


def _gap_list(row: AtRiskLearner, limit: int | None = TOP_GAPS) -> str:
    shown = row.gaps if limit is None else row.gaps[:limit]
    parts = [f"{g.name} {'skipped' if g.level is None else g.level}/{g.required}" for g in shown]
    if limit is not None and len(row.gaps) > limit:
        parts.append(f"+{len(row.gaps) - limit} more")
    return ", ".join(parts) or "-"


def headline(cohort: Cohort) -> str:
    """One sentence: how many learners, from how many reports, and what was set aside."""
    parts = [
        plural(cohort.learner_count, "learner"),
        f"{plural(cohort.reports_read, 'report')} read",
    ]
    if cohort.superseded:
        parts.append(f"{plural(cohort.superseded, 'older report')} set aside")
    if cohort.invalid_skipped:
        parts.append(f"{cohort.invalid_skipped} invalid skipped")
    if cohort.edited_count != 0:
        parts.append(f"{_num(cohort.edited_count, cohort)} edited left out")
    if cohort.unchecked_count != 0:
        what = "used unchecked" if cohort.trust_reports else "unchecked left out"
        parts.append(f"{_num(cohort.unchecked_count, cohort)} {what}")
    return " · ".join(parts)


def taxonomy_line(cohort: Cohort) -> str:
    used = [t for t in cohort.taxonomies if t.learner_count]
    return "; ".join(f"{t.id} {t.version} ({t.title})" for t in used)


def roles_line(cohort: Cohort) -> str:
    return ", ".join(
        f"{r.name} ({HIDDEN if r.secondary else _num(r.learner_count, cohort)})"
        for r in cohort.roles
    )


def notes(cohort: Cohort) -> list[str]:
    """What a reader must know to read the figures right."""
    out = []
    if len([t for t in cohort.taxonomies if t.learner_count]) > 1:
        out.append(
            "Reports from several taxonomies, compared by skill id; readiness and category "
            "scores are as each report computed them against its own taxonomy."
        )
    for item in cohort.dropped_skills:
        out.append(
            f"Skill {item.name} (`{item.id}`) left out: not in {', '.join(item.missing_from)}."
        )
    for item in cohort.dropped_categories:
        out.append(
            f"Category {item.name} (`{item.id}`) left out: not in {', '.join(item.missing_from)}."
        )
    if cohort.min_group > 1:
        out.append(min_group_legend(cohort))
    if cohort.min_group > cohort.learner_count:
        learners = plural(cohort.learner_count, "learner")
        out.append(
            f"--min-group {cohort.min_group} is more than the {learners} here, so every figure "
            "drawn from them is hidden: share the figures of a larger group, or none."
        )
    return out


# -- terminal --------------------------------------------------------------------------------


def _text(text: str, style: str = "") -> Text:
    """Text from a report as rich draws it: cleaned, and never read as markup."""
    from rich.text import Text

    return Text(clean(text), style=style)


def _heat(count: int | None, assessed: int | None, below_required: bool | None) -> str:
    if not count or not assessed:
        return ""
    palette = _NEUTRAL if below_required is None else _BELOW if below_required else _AT_OR_ABOVE
    step = min(len(palette) - 1, int(count / assessed * len(palette)))
    text = "black" if palette is _AT_OR_ABOVE and step >= 3 else "white"
    return f"bold {text} on color({palette[step]})"


def _grid() -> Table:
    from rich.table import Table

    return Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")


def _heading(console: Console, text: str, note: str = "") -> None:
    from rich.text import Text

    line = Text("\n" + text, style="bold")
    if note:
        line.append(f"  {note}", style="dim")
    console.print(line)


def _packed(entries: list[str], between: str, width: int) -> list[str]:
    """``entries`` joined by ``between`` into lines of at most ``width`` characters, an entry
    never split across two lines (one longer than ``width`` gets a line of its own)."""
    lines: list[str] = []
    for entry in entries:
        if lines and len(lines[-1]) + len(between) + len(entry) <= width:
            lines[-1] += between + entry
        else:
            lines.append(entry)
    return lines


def _learner_matrix(cohort: Cohort, *, keyed: bool) -> Table:
    """Learners x categories: headed by category ids, or ``keyed`` C1, C2, ... (the narrow
    form, with the key printed under it)."""
    from rich.text import Text

    matrix = _grid()
    matrix.add_column("Learner", overflow="fold", min_width=8)
    matrix.add_column("Ready", justify="right", no_wrap=True)
    for number, category in enumerate(cohort.categories, start=1):
        header = Text(f"C{number}") if keyed else _text(category.id)
        matrix.add_column(header, justify="right", overflow="fold", min_width=4)
    for row in cohort.learners or []:
        scores = [row.categories.get(c.id) for c in cohort.categories]
        matrix.add_row(
            _text(_who(row)),
            Text(f"{row.readiness:.1f}", style=readiness_style(row.readiness)),
            *(Text(_score(score), style=readiness_style(score)) for score in scores),
        )
    matrix.add_row(
        Text("mean", style="bold"),
        _one_decimal(cohort.readiness_mean, cohort),
        *(_over_one_decimal(c.mean, c.learner_count, cohort) for c in cohort.categories),
    )
    return matrix


def render_cohort_table(cohort: Cohort, console: Console) -> None:
    from rich.text import Text

    console.print()
    console.print(Text(f"mlcareer cohort · {headline(cohort)}", style="bold"))
    console.print(_text(f"Taxonomy: {taxonomy_line(cohort)}", style="dim"))
    console.print(_text(f"Roles: {roles_line(cohort)}", style="dim"))
    if cohort.readiness_mean is not None:
        line = Text("Readiness: mean ")
        line.append(f"{cohort.readiness_mean:.1f}%", style=readiness_style(cohort.readiness_mean))
        line.append(f", median {_pct(cohort.readiness_median, cohort)}")
        console.print(line)

    if console.no_color or console.color_system is None:
        # The colours are what the legend explains: without them, it says what to compare.
        legend = "learners per level, against the required level (Need)"
    else:
        legend = "learners per level: red below the required level, green at or above it"
        if any(s.required is None and s.required_min is not None for s in cohort.skills):
            legend += ", blue where roles need different levels"
    _heading(console, "Skills", legend)
    skills = _grid()
    skills.add_column("Skill", overflow="fold", min_width=10)
    for header in ("Need", "Mean", "Med", "Meets"):
        skills.add_column(header, justify="right", no_wrap=True)
    for level in range(5):
        skills.add_column(str(level), justify="center", no_wrap=True, min_width=3)
    skills.add_column("skip", justify="right", no_wrap=True)
    for skill in cohort.skills:
        # A zero is left blank, so the counts stand out.
        shown = [
            "" if count == 0 else cell
            for count, cell in zip(skill.level_counts(), level_cells(skill, cohort), strict=True)
        ]
        cells = [
            Text(
                shown[level],
                style=_heat(
                    skill.levels[str(level)],
                    skill.assessed,
                    None if skill.required is None else level < skill.required,
                ),
            )
            for level in range(5)
        ]
        skills.add_row(
            _text(skill.name),
            _required(skill),
            _over(skill.mean, skill.assessed, cohort, 2),
            _over(skill.median, skill.assessed, cohort, 1),
            _pct(skill.meeting_pct, cohort) if skill.required_max is not None else "-",
            *cells,
            shown[5],
        )
    console.print(skills)

    _heading(console, "Teaching priorities", "largest cohort gap first")
    if cohort.priorities:
        priorities = _grid()
        priorities.add_column("#", justify="right", no_wrap=True)
        priorities.add_column("Skill", overflow="fold")
        priorities.add_column("Mean gap", justify="right", no_wrap=True)
        priorities.add_column("With a gap", justify="right", no_wrap=True)
        priorities.add_column("Meets", justify="right", no_wrap=True)
        for item in cohort.priorities[:TOP_PRIORITIES]:
            priorities.add_row(
                str(item.rank),
                _text(item.name),
                f"{item.mean_gap:.2f}",
                _count(item.learners_with_gap, cohort, "learners_with_gap", item.secondary),
                _pct(item.meeting_pct, cohort),
            )
        console.print(priorities)
        if len(cohort.priorities) > TOP_PRIORITIES:
            more = len(cohort.priorities) - TOP_PRIORITIES
            console.print(
                Text(
                    f"and {more} more (--format csv --csv-table priorities lists all)", style="dim"
                )
            )
    elif cohort.learner_count >= cohort.min_group:
        console.print(
            Text("No cohort gap: every learner meets every required level.", style="green")
        )
    else:
        console.print(Text(f"Hidden: fewer than {cohort.min_group} learners.", style="dim"))

    title = f"At risk: readiness below {cohort.at_risk_below:g}%"
    if cohort.at_risk is None:
        count = _num(cohort.at_risk_count, cohort)
        _heading(console, f"{title}: {count}", "names hidden by --min-group")
    elif not cohort.at_risk:
        _heading(console, f"{title}: none")
    else:
        _heading(console, f"{title}: {len(cohort.at_risk)}", "largest gaps as level/required")
        at_risk = _grid()
        at_risk.add_column("Learner", overflow="fold")
        at_risk.add_column("Readiness", justify="right", no_wrap=True)
        at_risk.add_column("Largest gaps", overflow="fold")
        for row in cohort.at_risk:
            at_risk.add_row(
                _text(_who(row)), Text(f"{row.readiness:.1f}%", style="red"), _text(_gap_list(row))
            )
        console.print(at_risk)

    if cohort.learners is not None:
        _heading(console, "Learners x categories", "score %; - where the role needs none of it")
        matrix = _learner_matrix(cohort, keyed=False)
        if wider_than_the_console(console, matrix):
            # Headed by category ids, it would fold them mid-word ("progra/mming"): numbered
            # columns with a key below fit 9 categories in 80 columns.
            console.print(_learner_matrix(cohort, keyed=True))
            entries = [f"C{n} {c.name}" for n, c in enumerate(cohort.categories, start=1)]
            for line in _packed(entries, " · ", console.width):
                console.print(_text(line, style="dim"))
        else:
            console.print(matrix)
    else:
        _heading(console, "Categories", "mean score of the learners whose role requires it")
        means = _grid()
        means.add_column("Category", overflow="fold")
        means.add_column("Learners", justify="right", no_wrap=True)
        means.add_column("Mean", justify="right", no_wrap=True)
        for category in cohort.categories:
            means.add_row(
                _text(category.name),
                _num(category.learner_count, cohort),
                _over_one_decimal(category.mean, category.learner_count, cohort, "%"),
            )
        console.print(means)

    render_evidence_table(cohort, console)
    from mlcareer.render.instructor import draw_instructor_sections

    draw_instructor_sections(console, cohort.roster, cohort.belief, cohort.items, _hidden(cohort))

    extra = notes(cohort)
    if extra:
        console.print()
    for note in extra:
        console.print(_text(note, style="dim"))


# -- Markdown --------------------------------------------------------------------------------


def render_cohort_markdown(cohort: Cohort) -> str:
    out = [
        "# Cohort report",
        "",
        f"{headline(cohort)}. Taxonomy {markdown_text(taxonomy_line(cohort))}. "
        f"Roles: {markdown_text(roles_line(cohort))}.",
        "",
    ]
    if cohort.readiness_mean is not None:
        out += [
            f"Readiness: mean {_pct(cohort.readiness_mean, cohort)}, median "
            f"{_pct(cohort.readiness_median, cohort)}.",
            "",
        ]
    out += ["## Skills", "", "Learners at each level 0-4; *skip* = not assessed.", ""]
    out += markdown_table(
        ["Skill", "Need", "Mean", "Median", "Meets", "0", "1", "2", "3", "4", "skip"],
        [
            [
                s.name,
                _required(s),
                _over(s.mean, s.assessed, cohort, 2),
                _over(s.median, s.assessed, cohort, 1),
                _pct(s.meeting_pct, cohort) if s.required_max is not None else "-",
                *level_cells(s, cohort),
            ]
            for s in cohort.skills
        ],
    )
    out += ["", "## Teaching priorities", ""]
    if cohort.priorities:
        out += markdown_table(
            ["#", "Skill", "Mean gap", "Learners with a gap", "Meets"],
            [
                [
                    p.rank,
                    p.name,
                    f"{p.mean_gap:.2f}",
                    _count(p.learners_with_gap, cohort, "learners_with_gap", p.secondary),
                    _pct(p.meeting_pct, cohort),
                ]
                for p in cohort.priorities[:TOP_PRIORITIES]
            ],
        )
        if len(cohort.priorities) > TOP_PRIORITIES:
            more = len(cohort.priorities) - TOP_PRIORITIES
            out += ["", f"And {plural(more, 'more skill')} with a gap."]
    elif cohort.learner_count >= cohort.min_group:
        out.append("No cohort gap: every learner meets every required level.")
    else:
        out.append(f"Hidden: fewer than {cohort.min_group} learners.")
    out += ["", f"## At risk: readiness below {cohort.at_risk_below:g}%", ""]
    if cohort.at_risk is None:
        count = _num(cohort.at_risk_count, cohort)
        out.append(f"{count} learners (names hidden).")
    elif not cohort.at_risk:
        out.append("None.")
    else:
        out += markdown_table(
            ["Learner", "Readiness", "Largest gaps (level/required)"],
            [[_who(r), f"{r.readiness:.1f}%", _gap_list(r)] for r in cohort.at_risk],
        )
    out += ["", "## Categories", ""]
    if cohort.learners is not None:
        out += markdown_table(
            ["Learner", "Readiness", *(c.name for c in cohort.categories)],
            [
                [
                    _who(r),
                    f"{r.readiness:.1f}",
                    *(_score(r.categories.get(c.id)) for c in cohort.categories),
                ]
                for r in cohort.learners
            ]
            + [
                [
                    Markdown("**mean**"),
                    _one_decimal(cohort.readiness_mean, cohort),
                    *(
                        _over_one_decimal(c.mean, c.learner_count, cohort)
                        for c in cohort.categories
                    ),
                ]
            ],
        )
        out += ["", "Scores in percent; - where the learner's role does not require the category."]
    else:
        out += markdown_table(
            ["Category", "Learners", "Mean score"],
            [
                [
                    c.name,
                    _num(c.learner_count, cohort),
                    _over_one_decimal(c.mean, c.learner_count, cohort, "%"),
                ]
                for c in cohort.categories
            ],
        )
    out += evidence_markdown(cohort)
    from mlcareer.render.instructor import instructor_markdown

    out += instructor_markdown(cohort.roster, cohort.belief, cohort.items, _hidden(cohort))
    extra = notes(cohort)
    if extra:
        out += ["", "## Notes", ""] + [f"- {markdown_text(note)}" for note in extra]
    return "\n".join(out) + "\n"


# -- the reports' evidence: edited, unchecked, warnings ----------------------------------------


def _set_aside_who(entry: SetAside) -> str:
    if entry.learner_name and entry.learner_id:
        return f"{entry.learner_name} ({entry.learner_id})"
    return entry.learner_name or entry.learner_id or "no learner named"


def evidence_sections(cohort: Cohort) -> list[tuple[str, list[tuple[str, str]]]]:
    """The sections on what the reports' evidence did not support, as (title, [(file, text)]):
    reports left out as edited, reports that could not be checked, and warnings. Entries are
    untrusted text (file names, learner names): each view escapes them its way."""
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    hidden = " (names hidden by --min-group)"
    if cohort.edited_count != 0:
        title = f"Edited by hand, left out: {_num(cohort.edited_count, cohort)}"
        rows = [
            (entry.file, f"{_set_aside_who(entry)}: {entry.reason}")
            for entry in cohort.edited or []
        ]
        sections.append((title + (hidden if cohort.edited is None else ""), rows))
    if cohort.unchecked_count != 0:
        what = "used as they state (--trust-reports)" if cohort.trust_reports else "left out"
        title = f"Not checked, {what}: {_num(cohort.unchecked_count, cohort)}"
        rows = [
            (entry.file, f"{_set_aside_who(entry)}: {entry.reason}")
            for entry in cohort.unchecked or []
        ]
        sections.append((title + (hidden if cohort.unchecked is None else ""), rows))
    if cohort.warnings:
        sections.append(
            (f"Warnings: {len(cohort.warnings)}", [("", w.message) for w in cohort.warnings])
        )
    return sections


def render_evidence_table(cohort: Cohort, console: Console) -> None:
    from rich.text import Text

    def entry(file: str | None, text: str) -> Text:
        line = Text()
        if file:
            line.append(clean(file), style="bold")
            line.append(": ")
        line.append(clean(text))
        return line

    for title, rows in evidence_sections(cohort):
        _heading(console, title)
        print_items(console, (entry(file, text) for file, text in rows))


def evidence_markdown(cohort: Cohort) -> list[str]:
    out: list[str] = []
    for title, rows in evidence_sections(cohort):
        out += ["", f"## {title}", ""]
        for file, text in rows:
            prefix = f"**{markdown_text(file)}**: " if file else ""
            out.append(f"- {prefix}{markdown_text(text)}")
    return out


# -- CSV ---------------------------------------------------------------------------------------


def render_cohort_csv(cohort: Cohort, table: str = "skills") -> str:
    """One table as CSV: UTF-8 with a byte-order mark and CRLF rows, so a spreadsheet opens
    it as it is, accents included."""
    rank = {p.skill: p.rank for p in cohort.priorities}
    if table == "skills":
        header = [
            "skill_id",
            "skill",
            "category",
            "required_min",
            "required_max",
            "required_by",
            "meeting",
            "meeting_pct",
            "mean",
            "median",
            "assessed",
            "not_assessed",
            "level_0",
            "level_1",
            "level_2",
            "level_3",
            "level_4",
            "learners_with_gap",
            "mean_gap",
            "priority_rank",
        ]
        rows = [
            [
                s.id,
                s.name,
                s.category,
                s.required_min,
                s.required_max,
                s.required_by,
                s.meeting,
                s.meeting_pct,
                s.mean,
                s.median,
                s.assessed,
                s.not_assessed,
                *(s.levels[str(level)] for level in range(5)),
                s.learners_with_gap,
                s.mean_gap,
                rank.get(s.id),
            ]
            for s in cohort.skills
        ]
    elif table == "priorities":
        header = ["rank", "skill_id", "skill", "mean_gap", "learners_with_gap", "meeting_pct"]
        rows = [
            [p.rank, p.skill, p.name, p.mean_gap, p.learners_with_gap, p.meeting_pct]
            for p in cohort.priorities
        ]
    elif table == "learners":
        # `mlcareer cohort` refuses this table with --min-group before reading a report.
        assert cohort.learners is not None
        header = [
            "learner_id",
            "name",
            "file",
            "role",
            "created_at",
            "readiness",
            "at_risk",
            *(c.id for c in cohort.categories),
        ]
        rows = [
            [
                r.id,
                r.name,
                r.file,
                r.role,
                r.created_at,
                r.readiness,
                r.at_risk,
                *(r.categories.get(c.id) for c in cohort.categories),
            ]
            for r in cohort.learners
        ]
    elif table == "at-risk":
        assert cohort.at_risk is not None  # as above
        header = ["learner_id", "name", "file", "role", "readiness", "gaps"]
        rows = [
            [r.id, r.name, r.file, r.role, r.readiness, _gap_list(r, limit=None)]
            for r in cohort.at_risk
        ]
    elif table in ("items", "belief", "roster", "learner-skills"):
        return _instructor_csv(cohort, table)
    else:  # pragma: no cover - the CLI offers only cli.cohort.CsvTable
        raise ValueError(table)
    return csv_text(header, rows)


def _instructor_csv(cohort: Cohort, table: str) -> str:
    from mlcareer.belief import BeliefVsKnowledge
    from mlcareer.item_analysis import ItemAnalysis
    from mlcareer.render import instructor

    if table == "items":
        empty = ItemAnalysis(min_answers=0, items=[], reliability=[])
        return instructor.items_csv(cohort.items or empty)
    if table == "belief":
        return instructor.belief_csv(cohort.belief or BeliefVsKnowledge(skills=[], categories=[]))
    if table == "roster":
        assert cohort.roster is not None  # the CLI asks for --roster or --assignment
        return instructor.roster_csv(cohort.roster)
    # learner-skills: one row per learner, one column per skill (the level scored; empty
    # when skipped), with the roster's extra columns, for forming study groups.
    assert cohort.learners is not None  # refused under --min-group
    extra: list[str] = cohort.roster.extra_columns if cohort.roster else []
    by_id: dict[str, Any] = (
        {r.id.casefold(): r.extra for r in cohort.roster.learners} if cohort.roster else {}
    )
    own = ["learner_id", "name", "role", *(s.id for s in cohort.skills)]
    header = [*own[:3], *roster_columns(extra, own), *own[3:]]
    rows = [
        [
            r.id,
            r.name,
            r.role,
            *(by_id.get((r.id or "").casefold(), {}).get(c, "") for c in extra),
            *(r.skills.get(s.id) for s in cohort.skills),
        ]
        for r in cohort.learners
    ]
    return csv_text(header, rows)
