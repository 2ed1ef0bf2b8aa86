"""Markdown rendering of a report: for a README, a gist or a learning platform."""

from __future__ import annotations

from mlcareer.render.text import (
    added_step_note,
    calibration_summary,
    contradicted_notes,
    count,
    gaps_by_priority,
    hours,
    level_change,
    percent,
    summary_line,
)
from mlcareer.report import Report


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(headers: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def render_markdown(report: Report) -> str:
    who = f" for {report.learner.name}" if report.learner and report.learner.name else ""
    seniority = f" ({report.role.seniority})" if report.role.seniority else ""
    out = [
        f"# {report.role.name}{seniority}: readiness {percent(report.readiness)}{who}",
        "",
        f"{summary_line(report)}.",
        "",
        f"Taxonomy `{report.taxonomy.id}` {report.taxonomy.version} · "
        f"mlcareer {report.tool.version} · {report.created_at}",
        "",
    ]
    # Contradicted ratings come first: they change how to read everything below.
    if report.calibration:
        out += ["## Self-assessment check", "", f"{calibration_summary(report)}."]
        notes = contradicted_notes(report)
        if notes:
            out += ["", "Worth a second look:", ""]
            for headline, missed in notes:
                out.append(f"- {headline}")
                out += [f"  - {line}" for line in missed]
        out.append("")
    out += ["## Categories", ""]
    out += table(
        ["Category", "Score", "Levels met", "Gap (levels)"],
        [
            [c.name, percent(c.score), f"{c.levels_met}/{c.levels_required}", c.gap]
            for c in report.categories
        ],
    )
    gaps = gaps_by_priority(report)
    out += ["", "## Gaps by priority", ""]
    if gaps:
        out += table(
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
    else:
        out.append("No gaps: every required level is met.")
    out += ["", f"## Learning plan ({hours(report.plan.total_hours)})", ""]
    for step in report.plan.steps:
        text = step.step or "(the taxonomy has no learning step for this level)"
        on_the_job = ", on the job" if step.experience else ""
        out.append(
            f"{step.order}. **{step.skill_name}** {level_change(step.from_level, step.to_level)}"
            f" ({hours(step.hours)}{on_the_job}): {text}"
        )
        note = added_step_note(step)
        if note:
            out.append(f"   *{note}*")
        for resource in step.resources:
            paid = ", paid" if resource.paid else ""
            out.append(f"   - [{resource.title}]({resource.url}) ({resource.kind}{paid})")
    if not report.plan.steps:
        out.append("Nothing to learn for this role: every required level is met.")
    out += ["", "## Fit to every role", ""]
    out += table(
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
    return "\n".join(out) + "\n"
