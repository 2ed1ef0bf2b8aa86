"""HTML views of a report, a comparison, a schedule and a cohort: one self-contained file each.

A page makes no network request: the CSS is inline (allowed by its hash in the page's
Content-Security-Policy, which forbids everything else: scripts, fonts, images, frames,
connections), and the charts are inline SVG. Nothing needs JavaScript. Each chart has a
text alternative: a ``<title>`` per mark, an ``aria-label`` on the chart, and the table
that follows it.

The templates (Jinja2, autoescaping on) only lay out figures that the core computed: the
chart helpers here turn them into coordinates. Text from a taxonomy or a report file is
untrusted: every ``{{ }}`` passes through one sanitiser (control and bidi characters out),
then Jinja2 escapes it, and only clean https URLs become links.

Charts are drawn by hand. Considered and set aside: pygal (its charts expect a script for
tooltips and reference external JS by default), matplotlib (a heavy import, text drawn as
paths, no per-mark titles) and leather (unmaintained, no accessibility hooks); what is
needed here is a few bar, line and dot charts, about a hundred lines of layout.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mlcareer.render.text import (
    HIDDEN,
    MIN_CHECKS_FOR_FIGURES,
    checks_in_words,
    date_of,
    hours,
    is_on_the_job,
    is_paid,
    level_change,
    percent,
    small_count,
    small_counts_note,
)
from mlcareer.safe_text import clean, safe_link
from mlcareer.wording import plural

if TYPE_CHECKING:
    from jinja2 import Environment

    from mlcareer.cohort import Cohort, SkillStats
    from mlcareer.compare import Comparison
    from mlcareer.report import Calibration, SkillResult
    from mlcareer.report import Report as ReportModel
    from mlcareer.schedule import Schedule

# Okabe & Ito's palette, which people with any common colour-vision deficiency can tell
# apart; the charts also never rely on colour alone (labels, shapes, patterns).
BLUE = "#0072B2"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
GREEN = "#009E73"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
STEP_COLOURS = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, YELLOW)
# Learners at levels 0-4: a single-hue ramp from light to dark (ColorBrewer Blues),
# readable in grey when printed.
LEVEL_COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
SKIPPED_COLOUR = "#d9d9d9"

# -- untrusted text and links ---------------------------------------------------------------


def _finalize(value: Any) -> Any:
    """Every ``{{ }}`` of every template goes through here before Jinja2 escapes it."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return clean(value, multiline=True)
    return value


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("mlcareer.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        percent=percent,
        # A no-break space, so "4 h" never splits across lines on a phone.
        hours=lambda value: hours(value).replace(" ", "\u00a0"),
        level_change=level_change,
        safe_link=safe_link,
        signed=lambda v, unit="": f"{v:+g}{unit}" if v else f"±0{unit}",
        points=lambda v: f"{v:+.1f} points" if v else "±0.0 points",
        num=lambda v: f"{v:g}",
        short=_short,
        plural=plural,
    )
    env.globals.update(paid=is_paid, experience=is_on_the_job, date=date_of)
    return env


def _short(text: str, limit: int = 32) -> str:
    """A chart label that fits its column; the full text is in the mark's title and table."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _page(template: str, **context: Any) -> str:
    from markupsafe import Markup

    env = _environment()
    css = env.loader.get_source(env, "style.css")[0]  # type: ignore[union-attr]
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    return env.get_template(template).render(css=Markup(css), csp=csp, **context)


# -- chart layout: coordinates only, from figures the core computed ---------------------------


@dataclass(frozen=True)
class Mark:
    """One rectangle or point of a chart, with its text alternative."""

    x: float
    y: float
    width: float = 0.0
    height: float = 0.0
    title: str = ""
    fill: str = BLUE
    label: str = ""
    css: str = ""


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    title: str
    marks: list[Mark]
    labels: list[Mark]  # text drawn at (x, y); ``label`` is the text
    lines: list[tuple[float, float, float, float]]  # axis, grid and reference lines
    kind: str


LABEL_W = 250.0
ROW_H = 24.0
BAR_H = 14.0
PLOT_W = 420.0
TEXT_W = 150.0


def _row_y(index: int, top: float = 8.0) -> float:
    return top + index * ROW_H


def category_chart(report: ReportModel) -> Chart:
    """Each required category: the share of its required levels met, against the 100 % that
    the role requires (the grey track); categories the role does not require are left out."""
    scored = [c for c in report.categories if c.score is not None]
    marks, labels, lines = [], [], []
    for i, cat in enumerate(scored):
        y = _row_y(i)
        assert cat.score is not None
        score = f"{percent(cat.score)} · {cat.levels_met}/{plural(cat.levels_required, 'level')}"
        labels.append(Mark(LABEL_W - 8, y + BAR_H - 3, label=_short(cat.name), css="end"))
        marks.append(Mark(LABEL_W, y, PLOT_W, BAR_H, fill="#e5e5e5", css="track"))
        marks.append(
            Mark(
                LABEL_W,
                y,
                PLOT_W * cat.score / 100,
                BAR_H,
                title=f"{cat.name}: {score}",
                fill=BLUE,
                css="point",
            )
        )
        labels.append(Mark(LABEL_W + PLOT_W + 6, y + BAR_H - 3, label=score))
    height = _row_y(len(scored)) + 4
    lines.append((LABEL_W + PLOT_W, 2, LABEL_W + PLOT_W, height - 2))
    return Chart(
        LABEL_W + PLOT_W + TEXT_W,
        height,
        f"Category scores of {plural(len(scored), 'category')} against the role's requirement "
        "(100%)",
        marks,
        labels,
        lines,
        "categories",
    )


def gap_chart(gaps: list[SkillResult]) -> Chart:
    """Each skill with a gap, highest priority first: the level reached (solid) and the
    levels still to climb up to the required one (hatched), on the 0-4 scale."""
    step = PLOT_W / 4
    marks, labels = [], []
    for i, skill in enumerate(gaps):
        y = _row_y(i, top=24)
        you = "skipped" if skill.rating is None else f"level {skill.level}"
        title = (
            f"{skill.name}: {you}, needs {skill.required}, gap {skill.gap}, "
            f"priority {skill.priority:g}"
        )
        labels.append(Mark(LABEL_W - 8, y + BAR_H - 3, label=_short(skill.name), css="end"))
        if skill.level:
            marks.append(Mark(LABEL_W, y, step * skill.level, BAR_H, fill=BLUE, css="have"))
        marks.append(
            Mark(
                LABEL_W + step * skill.level,
                y,
                step * skill.gap,
                BAR_H,
                title=title,
                fill="url(#gap-hatch)",
                css="point",
            )
        )
        labels.append(
            Mark(LABEL_W + PLOT_W + 6, y + BAR_H - 3, label=f"priority {skill.priority:g}")
        )
    height = _row_y(len(gaps), top=24) + 4
    lines = [(LABEL_W + step * n, 18, LABEL_W + step * n, height - 2) for n in range(5)]
    labels += [Mark(LABEL_W + step * n, 12, label=str(n), css="middle") for n in range(5)]
    return Chart(
        LABEL_W + PLOT_W + TEXT_W,
        height,
        f"{plural(len(gaps), 'skill')} with a gap, highest priority first: level reached and "
        "levels to go",
        marks,
        labels,
        lines,
        "gaps",
    )


def calibration_chart(cal: Calibration) -> Chart:
    """How sure the learner felt against how often they were right (both from the model),
    and one dot per check answered: filled when right, a cross when missed."""
    left, width = 170.0, 360.0
    marks, labels, lines = [], [], []
    bars = [("How often you were right", cal.accuracy, GREEN)]
    if cal.mean_confidence is not None:
        bars.insert(0, ("How sure you felt", cal.mean_confidence, ORANGE))
    for i, (name, share, colour) in enumerate(bars):
        y = 8 + i * ROW_H
        value = f"{round(share * 100)}%"
        labels.append(Mark(left - 8, y + BAR_H - 3, label=name, css="end"))
        marks.append(Mark(left, y, width, BAR_H, fill="#e5e5e5", css="track"))
        marks.append(Mark(left, y, width * share, BAR_H, title=f"{name}: {value}", fill=colour))
        labels.append(Mark(left + width + 6, y + BAR_H - 3, label=value))
    # The dots: one row per confidence word, in the order the checks were answered.
    groups = ["low", "medium", "high", None]
    top = 8 + len(bars) * ROW_H + 10
    row = 0
    for group in groups:
        answers = [a for a in cal.answers if a.confidence == group]
        if not answers:
            continue
        y = top + row * ROW_H
        name = "no confidence given" if group is None else f"{group} confidence"
        labels.append(Mark(left - 8, y + 4, label=name, css="end"))
        for j, answer in enumerate(answers):
            word = "right" if answer.correct else "missed"
            marks.append(
                Mark(
                    left + 8 + j * 18,
                    y,
                    title=f"{answer.question} ({name}): {word}",
                    fill=GREEN if answer.correct else VERMILLION,
                    css="check right" if answer.correct else "check missed",
                )
            )
        row += 1
    height = top + row * ROW_H
    return Chart(
        left + width + 60,
        height,
        "Confidence against accuracy in the knowledge checks",
        marks,
        labels,
        lines,
        "calibration",
    )


def readiness_chart(points: list[tuple[str, str, float]]) -> Chart:
    """Readiness (0-100 %) of each assessment in time order, evenly spaced."""
    left, top, plot_w, plot_h = 40.0, 12.0, 560.0, 180.0
    step = plot_w / max(1, len(points) - 1)
    marks, labels = [], []
    for i, (ref, day, value) in enumerate(points):
        x = left + (i * step if len(points) > 1 else plot_w / 2)
        y = top + plot_h * (1 - value / 100)
        marks.append(Mark(x, y, title=f"{ref} ({day}): {percent(value)}", css="point"))
        labels.append(Mark(x, y - 8, label=percent(value), css="middle"))
        labels.append(Mark(x, top + plot_h + 16, label=ref, css="middle"))
    lines = [
        (left, top + plot_h * (1 - v / 100), left + plot_w, top + plot_h * (1 - v / 100))
        for v in (0, 50, 100)
    ]
    labels += [
        Mark(left - 6, top + plot_h * (1 - v / 100) + 4, label=f"{v}%", css="end")
        for v in (0, 50, 100)
    ]
    return Chart(
        left + plot_w + 30,
        top + plot_h + 24,
        f"Readiness over {plural(len(points), 'assessment')}",
        marks,
        labels,
        lines,
        "readiness",
    )


def timeline_chart(schedule: Schedule) -> Chart:
    """The schedule as a timeline: one row per plan step, one column per week; each part of a
    step is a bar in its week, as wide as its share of the weekly budget."""
    rows: dict[int, int] = {}
    names: dict[int, str] = {}
    short: dict[int, str] = {}
    for week in schedule.weeks:
        for item in week.items:
            if item.order not in rows:
                rows[item.order] = len(rows)
                change = level_change(item.from_level, item.to_level)
                names[item.order] = f"{item.skill_name} {change}"
                short[item.order] = f"{_short(item.skill_name, 28)} {change}"
    weeks = len(schedule.weeks)
    col = max(8.0, min(40.0, PLOT_W * 1.5 / max(1, weeks)))
    budget = schedule.hours_per_week
    marks, labels, lines = [], [], []
    top = 24.0
    for order, index in rows.items():
        y = _row_y(index, top)
        labels.append(Mark(LABEL_W - 8, y + BAR_H - 3, label=short[order], css="end"))
    for week in schedule.weeks:
        used = 0.0
        x0 = LABEL_W + (week.number - 1) * col
        for item in week.items:
            part = f", part {item.part} of {item.parts}" if item.parts > 1 else ""
            marks.append(
                Mark(
                    x0 + col * used / budget,
                    _row_y(rows[item.order], top),
                    max(1.5, col * item.hours / budget),
                    BAR_H,
                    title=(
                        f"Week {week.number} ({week.start}): step {item.order}, "
                        f"{names[item.order]}, {hours(item.hours)}{part}"
                    ),
                    fill=STEP_COLOURS[(item.order - 1) % len(STEP_COLOURS)],
                    css="point",
                )
            )
            used += item.hours
    height = _row_y(len(rows), top) + 4
    every = max(1, round(40 / col))
    for n in range(0, weeks + 1):
        x = LABEL_W + n * col
        lines.append((x, 18 if n % every == 0 else height - 6, x, height - 2))
        if n < weeks and n % every == 0:
            labels.append(Mark(x + col / 2, 12, label=f"W{n + 1}", css="middle"))
    return Chart(
        LABEL_W + weeks * col + 10,
        height,
        f"{plural(len(rows), 'plan step')} over {plural(weeks, 'week')} at {hours(budget)} a week",
        marks,
        labels,
        lines,
        "timeline",
    )


def _tick_title(skill: SkillStats, start: int) -> str:
    if skill.required is not None:
        return f"{skill.name}: required level {start}; the tick marks where it starts"
    return (
        f"{skill.name}: required level {start}-{skill.required_max} (the learners' roles "
        f"differ); the tick marks where level {start} starts"
    )


def _hidden_bar_title(skill: SkillStats, counts: list[int | None], min_group: int) -> str:
    """What a bar left undrawn hides: the counts --min-group hid as small, named as the
    table names them ('level 1 <3', 'skipped <3'); the table has the counts shown."""
    from mlcareer.cohort import LEVEL_PARTS

    small = small_count(min_group)
    # A count hidden only to protect a small one (SkillStats.secondary) is 'hidden', as in
    # the table.
    hidden = [
        f"{'skipped' if n == 5 else f'level {n}'} {HIDDEN if part in skill.secondary else small}"
        for n, (count, part) in enumerate(zip(counts, LEVEL_PARTS, strict=True))
        if count is None
    ]
    return (
        f"{skill.name}: bar not drawn, as it would show small counts: {', '.join(hidden)} "
        f"({small_counts_note(min_group)})"
    )


@dataclass(frozen=True)
class LevelRow:
    """One skill of the levels chart: its name (HTML text, so it wraps and keeps its size on
    a phone) and a bar whose marks have x and width in percent of the bar's width."""

    name: str
    title: str  # the bar's text alternative: every count drawn, and the required level
    marks: list[Mark]
    tick: Mark | None


@dataclass(frozen=True)
class LevelChart:
    title: str
    rows: list[LevelRow]
    hidden: bool  # some bar is left undrawn (--min-group), so the page needs its hatch


def _required_words(skill: SkillStats) -> str:
    if skill.required_min is None:
        return "not required"
    if skill.required is not None:
        return f"required level {skill.required}"
    return f"required level {skill.required_min}-{skill.required_max}"


def level_distribution_chart(cohort: Cohort) -> LevelChart:
    """Per skill, the learners at each level 0-4 and those who skipped it, as one stacked
    bar of the whole cohort; a black tick where the required level starts (the lowest one
    where the learners' roles need different levels), with its own title.

    Each skill is a row of its own, its name beside the bar on a wide screen and above it
    on a narrow one, so neither the names shrink nor the chart scrolls on a phone."""
    rows = []
    for skill in cohort.skills:
        counts = skill.level_counts()
        if any(c is None for c in counts):
            title = _hidden_bar_title(skill, counts, cohort.min_group)
            bar = Mark(0, 0, 100, title=title, fill="url(#hidden-hatch)", css="hidden")
            rows.append(LevelRow(skill.name, title, [bar], None))
            continue
        total = sum(c for c in counts if c is not None)
        start = skill.required_min  # the required level, or where a range of them starts
        marks: list[Mark] = []
        drawn: list[str] = []
        tick = None
        x = 0.0
        for n, count in enumerate(counts):
            assert count is not None
            if n == start and n > 0:
                tick = Mark(x, 0, title=_tick_title(skill, n), css="tick")
            if not count:
                continue
            drawn.append(
                f"{plural(count, 'learner')} {'skipped it' if n == 5 else f'at level {n}'}"
            )
            width = 100 * count / total
            marks.append(
                Mark(
                    x,
                    0,
                    width,
                    title=f"{skill.name}: {drawn[-1]}",
                    fill=SKIPPED_COLOUR if n == 5 else LEVEL_COLOURS[n],
                    css="point",
                )
            )
            x += width
        title = f"{skill.name}: {', '.join(drawn) or 'no learner'}; {_required_words(skill)}"
        rows.append(LevelRow(skill.name, title, marks, tick))
    return LevelChart(
        f"Learners at each level for {plural(len(cohort.skills), 'skill')}",
        rows,
        any(m.css == "hidden" for row in rows for m in row.marks),
    )


def heat_class(score: float | None) -> str:
    """The heatmap cell's colour class, in five bands of 20 points ('none' when missing)."""
    if score is None:
        return "heat-none"
    return f"heat-{min(4, int(score // 20))}"


# -- the pages -------------------------------------------------------------------------------


def render_report_html(report: ReportModel) -> str:
    """The report as one HTML page: the summary first, then categories, gaps, the
    knowledge checks, the plan and the fit to every role."""
    summary = report.summary
    skills = {s.id: s for s in report.skills}
    gaps_by_priority = [skills[i] for i in summary.gaps_by_priority]
    steps = {s.order: s for s in report.plan.steps}
    fits = {f.id: f for f in report.role_fit}
    cal = report.calibration
    learner = report.learner
    return _page(
        "report.html",
        report=report,
        who=(learner.name or learner.id) if learner else None,
        summary=summary,
        gaps_by_priority=gaps_by_priority,
        strengths=[skills[i] for i in summary.strengths],
        start=steps.get(summary.start_here) if summary.start_here is not None else None,
        next_role=fits.get(summary.next_role) if summary.next_role else None,
        checks_in_words=checks_in_words(cal) if cal else None,
        categories=category_chart(report),
        gaps=gap_chart(gaps_by_priority) if gaps_by_priority else None,
        calibration=calibration_chart(cal) if cal and cal.items >= MIN_CHECKS_FOR_FIGURES else None,
        min_checks=MIN_CHECKS_FOR_FIGURES,
        contradicted=_contradicted(report),
        skill_names={s.id: s.name for s in report.skills},
        level_colours=LEVEL_COLOURS,
    )


def _contradicted(report: ReportModel) -> list[tuple[Any, list[Any]]]:
    cal = report.calibration
    if cal is None:
        return []
    return [
        (skill, [a for a in cal.answers if a.skill == skill.skill and not a.correct])
        for skill in cal.skills
        if skill.evidence == "contradicted"
    ]


def render_compare_html(comparison: Comparison) -> str:
    """What moved between two reports, with readiness over time as a line chart."""
    if comparison.timeline:
        points = [(p.ref, p.created_at[:10], p.readiness) for p in comparison.timeline]
    else:
        points = [
            (ref.ref, ref.created_at[:10], ref.readiness)
            for ref in (comparison.before, comparison.after)
        ]
    names = {c.id: c.name for c in comparison.skills} | {n.id: n.name for n in comparison.added}
    return _page(
        "compare.html",
        cmp=comparison,
        figure=readiness_chart(points),
        points=points,
        moved=[c for c in comparison.skills if c.changed],
        closed=[names[i] for i in comparison.gaps_closed],
        opened=[names[i] for i in comparison.gaps_opened],
    )


def render_schedule_html(schedule: Schedule) -> str:
    """The plan laid into weeks, as a timeline and as a week-by-week list."""
    from mlcareer.render.schedule import _finish_sentence

    return _page(
        "schedule.html",
        schedule=schedule,
        finish=_finish_sentence(schedule),
        figure=timeline_chart(schedule) if schedule.weeks else None,
    )


def render_cohort_html(cohort: Cohort) -> str:
    """A cohort: learners x categories heatmap, levels per skill, priorities, at risk, and
    what the reports' evidence did not support (edited, unchecked, warnings)."""
    from mlcareer.render import cohort as words

    return _page(
        "cohort.html",
        cohort=cohort,
        **_instructor_helpers(cohort),
        headline=words.headline(cohort),
        taxonomy_line=words.taxonomy_line(cohort),
        roles_line=words.roles_line(cohort),
        notes=words.notes(cohort),
        evidence=words.evidence_sections(cohort),
        figure=level_distribution_chart(cohort) if cohort.skills else None,
        heat_class=heat_class,
        min_group_legend=words.min_group_legend(cohort),
        small_counts_note=small_counts_note(cohort.min_group),
        # The cohort's own wording: '<K' for a small count, 'hidden' for other figures.
        num=lambda value: words._num(value, cohort),
        pct=lambda value: words._pct(value, cohort),
        one_decimal=lambda value: words._one_decimal(value, cohort),
        # Means and medians over a group ('-' when the group is empty), and counts hidden to
        # protect another: the terminal's and Markdown's functions, so the views agree.
        over=lambda value, group, places: words._over(value, group, cohort, places),
        over_one_decimal=lambda value, group, suffix="": words._over_one_decimal(
            value, group, cohort, suffix
        ),
        count=lambda value, field, secondary: words._count(value, cohort, field, secondary),
        level_cells=lambda skill: words.level_cells(skill, cohort),
        required=words._required,
        who=words._who,
        gap_list=words._gap_list,
    )


def _instructor_helpers(cohort: Cohort) -> dict:
    """The roster, belief and item-analysis wording, shared with the text views."""
    from mlcareer.render import instructor

    return {
        "roster_headline": instructor.roster_headline,
        "roster_lines": instructor.roster_lines,
        "belief_headers": instructor.BELIEF_HEADERS,
        "belief_cells": lambda row: instructor.belief_cells(row, small_count(cohort.min_group)),
        "most_overclaimed": instructor.most_overclaimed,
        "item_headers": instructor.ITEM_HEADERS,
        "item_cells": instructor.item_cells,
        "item_legend": instructor.ITEM_LEGEND.format(
            min=cohort.items.min_answers if cohort.items else 0
        ),
        "kr20_lines": instructor.kr20_lines,
    }
