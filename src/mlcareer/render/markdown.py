"""Markdown rendering of a report: for a README, a gist or a learning platform.

The summary comes first, then the long sections, then a short recap, as on the terminal.
Every string from a taxonomy or a report goes through ``markdown_text`` (cleaned, Markdown
and HTML syntax made literal) or ``markdown_link`` (a link only for a clean https URL).
"""

from __future__ import annotations

from mlcareer.render.text import (
    CATEGORY_LEGEND,
    MIN_CHECKS_FOR_FIGURES,
    PLAN_LEGEND,
    PLAN_WEEKLY_HOURS,
    PRIORITY_LEGEND,
    READINESS_LEGEND,
    ROLE_FIT_LEGEND,
    added_step_note,
    calibration_statistics,
    checks_right_sentence,
    confidence_sentence,
    contradicted_notes,
    count,
    few_checks_line,
    first_step,
    gaps_by_priority,
    hours,
    is_on_the_job,
    is_paid,
    level_change,
    next_role,
    percent,
    plan_hours,
    plural,
    ratings_evidence_line,
    step_hours,
    strengths,
    summary_line,
)
from mlcareer.report import PlanStep, Report, ResourceOut
from mlcareer.safe_text import clean, markdown_link, markdown_table, markdown_text


def _step_head(step: PlanStep) -> str:
    on_the_job = ", on the job" if is_on_the_job(step) else ""
    return (
        f"**{markdown_text(step.skill_name)}** {level_change(step.from_level, step.to_level)}"
        f" ({step_hours(step)}{on_the_job})"
    )


def _step_text(step: PlanStep) -> str:
    if step.step is None:
        return "(the taxonomy has no learning step for this level)"
    return markdown_text(step.step)


def _resource(resource: ResourceOut) -> str:
    paid = ", paid" if is_paid(resource) else ""
    kind = markdown_text(resource.kind)
    return f"{markdown_link(resource.title, resource.url)} ({kind}{paid})"


def render_markdown(
    report: Report, *, details: bool = False, schedule_command: str | None = None
) -> str:
    """The report in Markdown; ``details`` and ``schedule_command`` as on the terminal."""
    out = _summary(report)
    if report.calibration:
        out += _checks(report, details=details)
    out += _long_sections(report)
    out += _recap(report, schedule_command)
    return "\n".join(out) + "\n"


def _summary(report: Report) -> list[str]:
    who = (
        f" for {markdown_text(report.learner.name)}"
        if report.learner and report.learner.name
        else ""
    )
    seniority = f" ({markdown_text(report.role.seniority)})" if report.role.seniority else ""
    out = [
        f"# {markdown_text(report.role.name)}{seniority}: readiness "
        f"{percent(report.readiness)}{who}",
        "",
        f"{summary_line(report)}.",
    ]
    checks = checks_right_sentence(report)
    if checks:
        out += ["", checks]
    out += ["", f"*{READINESS_LEGEND}*", ""]
    step = first_step(report)
    if step is not None:
        out.append(f"**Start here:** {_step_head(step)}: {_step_text(step)}")
        if step.resources:
            out += ["", f"First resource: {_resource(step.resources[0])}"]
        out.append("")
    elif report.readiness >= 100:
        out += ["**Every required level is met: well done.**", ""]
        fit = next_role(report)
        if fit is not None:
            out += [
                f"**Next role to aim for:** {markdown_text(fit.name)} "
                f"({markdown_text(fit.id)}) · {percent(fit.readiness)} ready · "
                f"{plural(fit.gaps, 'skill')} with a gap · {hours(fit.hours_to_close)} of study",
                "",
            ]
    met = strengths(report)
    if met:
        names = ", ".join(markdown_text(s.name) for s in met)
        out += [f"**You already meet** ({len(met)} of {report.summary.required}): {names}.", ""]
    out += [
        # No code span: an escape inside one would show, and a backtick would end it.
        f"Taxonomy {markdown_text(report.taxonomy.id)} {markdown_text(report.taxonomy.version)}"
        f" · mlcareer {markdown_text(report.tool.version)} · {markdown_text(report.created_at)}",
        "",
    ]
    return out


def _checks(report: Report, *, details: bool) -> list[str]:
    cal = report.calibration
    assert cal is not None
    out = ["## Knowledge checks", ""]
    if cal.items >= MIN_CHECKS_FOR_FIGURES:
        words = checks_right_sentence(report) or ""
        confidence = confidence_sentence(cal)
        out.append(f"{words} {confidence}" if confidence else words)
    else:
        out.append(markdown_text(few_checks_line(report)))
    out += ["", ratings_evidence_line(cal)]
    if details:
        out += ["", calibration_statistics(cal)]
    notes = contradicted_notes(report)
    if notes:
        out += ["", "Worth a second look:", ""]
        for note in notes:
            out.append(f"- {markdown_text(note.headline)}")
            for missed in note.missed:
                # A hard line break (two spaces) keeps each part on a line of its own.
                parts = [f"**Missed (level {missed.level}):** {markdown_text(missed.question)}"]
                for label, value in (
                    ("You answered", missed.chosen),
                    ("Right answer", missed.right),
                    ("Why", missed.why),
                ):
                    if value is not None:
                        parts.append(f"{label}: {markdown_text(value)}")
                out.append("  - " + "  \n    ".join(parts))
    out.append("")
    return out


def _long_sections(report: Report) -> list[str]:
    out = ["## Categories", ""]
    out += markdown_table(
        ["Category", "Score", "Levels met", "Gap (levels)"],
        [
            [c.name, percent(c.score), f"{c.levels_met}/{c.levels_required}", c.gap]
            for c in report.categories
        ],
    )
    out += ["", f"*{CATEGORY_LEGEND}*"]
    gaps = gaps_by_priority(report)
    out += ["", "## Gaps by priority", ""]
    if gaps:
        out += markdown_table(
            ["Skill", "You", "Needed", "Gap", "Hours", "Priority", "Status"],
            [
                [
                    s.name,
                    "-" if s.rating is None else s.level,
                    s.required,
                    s.gap,
                    hours(s.hours_to_close),
                    f"{s.priority:g}",
                    s.status,
                ]
                for s in gaps
            ],
        )
        out += ["", f"*{PRIORITY_LEGEND}*"]
    else:
        out.append("No gaps: every required level is met.")
    total = plan_hours(report.plan.total_hours, report.plan.steps_without_hours)
    out += ["", f"## Learning plan ({total})", ""]
    if report.plan.steps:
        out += [f"*{PLAN_LEGEND}*", ""]
    for step in report.plan.steps:
        out.append(f"{step.order}. {_step_head(step)}: {_step_text(step)}")
        note = added_step_note(step)
        if note:
            out.append(f"   *{markdown_text(note)}*")
        out += [f"   - {_resource(resource)}" for resource in step.resources]
    if not report.plan.steps:
        out.append("Nothing to learn for this role: every required level is met.")
    out += ["", "## Fit to every role", ""]
    out += markdown_table(
        ["Role", "Readiness", "With a gap", "Not assessed", "Hours to close"],
        [
            [
                f.name,
                percent(f.readiness),
                count(f.with_gap),
                count(f.not_assessed),
                hours(f.hours_to_close),
            ]
            for f in report.role_fit
        ],
    )
    out += ["", f"*{ROLE_FIT_LEGEND}*", ""]
    return out


def _recap(report: Report, schedule_command: str | None) -> list[str]:
    summary = report.summary
    role = markdown_text(report.role.name)
    if summary.with_gap or summary.not_assessed:
        below = [f"{plural(summary.with_gap, 'skill')} with a gap"]
        if summary.not_assessed:
            below.append(f"{summary.not_assessed} not assessed")
        first = (
            f"Readiness {percent(report.readiness)} for {role}: {', '.join(below)}, "
            f"{hours(summary.plan_hours)} of study."
        )
    else:
        first = f"Readiness {percent(report.readiness)} for {role}: every required level is met."
    out = ["## In short", "", f"- {first}"]
    step = first_step(report)
    if step is not None:
        out.append(
            f"- Start with **{markdown_text(step.skill_name)}** "
            f"{level_change(step.from_level, step.to_level)} ({step_hours(step)})."
        )
        if schedule_command:
            command = clean(schedule_command).replace("`", "'")
            out.append(f"- Lay the plan into weeks of {hours(PLAN_WEEKLY_HOURS)}: `{command}`")
    fit = next_role(report)
    if fit is not None:
        out.append(
            f"- Next role to aim for: **{markdown_text(fit.name)}** "
            f"({percent(fit.readiness)} ready)."
        )
    return out
