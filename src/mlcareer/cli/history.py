"""Commands over the history of assessments: history, show, compare, plan.

Everything but typer is imported inside the commands, so `mlcareer --help` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from mlcareer.cli.options import (
    REF_HELP,
    CreateDirsOption,
    DetailsOption,
    FormatOption,
    NoColorOption,
    OutputOption,
    TaxonomyOption,
)
from mlcareer.cli.output import (
    PAGE_FORMATS,
    REPORT_FORMATS,
    VIEW_FORMATS,
    Format,
    emit_report,
    emit_view,
    format_for,
    refuse_writing_over_inputs,
)

if TYPE_CHECKING:
    from mlcareer.report import Report

TIMELINE_POINTS = 12  # assessments drawn in the readiness-over-time sparkline


def _report_files(**refs: str | None) -> dict[str, str | None]:
    """The report files among REF arguments (history ids name no file), by argument name."""
    from mlcareer.history import is_history_ref

    return {name: ref for name, ref in refs.items() if ref is not None and not is_history_ref(ref)}


def save_report_or_warn(report: Report) -> int | None:
    """Save an assessment to the history; on failure warn in one line and carry on.

    The report matters more than its copy in the history, so nothing here stops
    `assess` from printing it.
    """
    from mlcareer.errors import MlcareerError
    from mlcareer.history import History

    try:
        with History.open() as history:
            return history.save(report)
    except MlcareerError as exc:
        reason = " ".join(exc.render().splitlines())
    except Exception as exc:  # a bug in saving must not cost the learner their report
        reason = f"internal error ({type(exc).__name__}: {exc}), please report it"
    from mlcareer.safe_text import clean

    typer.echo(
        clean(f"mlcareer: warning: this assessment was not saved to the history: {reason}"),
        err=True,
    )
    return None


def history_command(
    fmt: FormatOption = None,
    output: OutputOption = None,
    create_dirs: CreateDirsOption = False,
    role: Annotated[
        str | None, typer.Option("--role", "-r", help="Only assessments against this role id.")
    ] = None,
    last: Annotated[
        int | None,
        typer.Option("--last", "-n", min=1, help="Only the newest N.", show_default=False),
    ] = None,
    no_color: NoColorOption = False,
) -> None:
    """List saved assessments: id, date, learner, taxonomy, role, readiness, plan hours."""
    from mlcareer.history import History
    from mlcareer.render import history as views

    chosen = format_for(output, fmt, VIEW_FORMATS)
    with History.open(create=False) as history:
        entries = history.entries(role_id=role, last=last)
    if chosen is Format.table and not entries:
        typer.echo(
            "mlcareer: no assessments saved yet: `mlcareer assess --answers FILE` saves each one.",
            err=True,
        )
        return
    emit_view(
        chosen,
        output,
        no_color,
        text={
            Format.json: lambda: views.history_json(entries),
            Format.markdown: lambda: views.history_markdown(entries),
        },
        draw=lambda console: views.print_history(entries, console, str(history.path)),
        create_dirs=create_dirs,
    )


def show(
    ref: Annotated[
        str, typer.Argument(help=f"Which report: {REF_HELP}.", metavar="REF")
    ] = "latest",
    fmt: FormatOption = None,
    output: OutputOption = None,
    create_dirs: CreateDirsOption = False,
    no_color: NoColorOption = False,
    details: DetailsOption = False,
) -> None:
    """Print a saved assessment again, in any report format."""
    from mlcareer.history import History, load_report

    chosen = format_for(output, fmt, REPORT_FORMATS)
    refuse_writing_over_inputs(output, _report_files(REF=ref))
    with History.open(create=False) as history:
        loaded = load_report(ref, history)
    # `plan` finds it again by its id, which stays right when later ones are saved.
    plan_ref = ref if loaded.history_id is None else str(loaded.history_id)
    emit_report(
        loaded.report,
        chosen,
        output,
        no_color,
        details=details,
        plan_ref=plan_ref,
        create_dirs=create_dirs,
    )


def compare(
    before: Annotated[
        str | None,
        typer.Argument(
            help=f"The earlier report (default: previous): {REF_HELP}.",
            metavar="BEFORE",
            show_default=False,
        ),
    ] = None,
    after: Annotated[
        str | None,
        typer.Argument(
            help="The later report (default: latest).", metavar="AFTER", show_default=False
        ),
    ] = None,
    taxonomy: TaxonomyOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    create_dirs: CreateDirsOption = False,
    no_color: NoColorOption = False,
) -> None:
    """What moved between two assessments: readiness, skill levels, gaps closed/opened."""
    from mlcareer.compare import TimelinePoint, compare_reports
    from mlcareer.history import History, load_report
    from mlcareer.render import compare as views
    from mlcareer.render.json import render_json

    chosen = format_for(output, fmt, PAGE_FORMATS)
    refuse_writing_over_inputs(
        output, {**_report_files(BEFORE=before, AFTER=after), "--taxonomy": taxonomy}
    )
    with History.open(create=False) as history:
        earlier = load_report(before or "previous", history)
        later = load_report(after or "latest", history)
        timeline = None
        if later.history_id is not None:
            entries = history.entries(
                taxonomy_id=later.report.taxonomy.id,
                role_id=later.report.role.id,
                up_to=later.history_id,
                last=TIMELINE_POINTS,
            )
            if len(entries) > 2:
                timeline = [
                    TimelinePoint(ref=f"#{e.id}", created_at=e.created_at, readiness=e.readiness)
                    for e in entries
                ]
    tax = None
    if {s.id for s in earlier.report.skills} != {s.id for s in later.report.skills}:
        # Only then can a rename matter; loading a taxonomy is not free.
        from mlcareer.taxonomy import load_taxonomy

        tax = load_taxonomy(taxonomy)
    result = compare_reports(
        earlier.report,
        later.report,
        before_ref=earlier.label,
        after_ref=later.label,
        before_id=earlier.history_id,
        after_id=later.history_id,
        taxonomy=tax,
        timeline=timeline,
    )
    emit_view(
        chosen,
        output,
        no_color,
        text={
            Format.json: lambda: render_json(result),
            Format.markdown: lambda: views.comparison_markdown(result),
            Format.html: lambda: _html().render_compare_html(result),
        },
        draw=lambda console: views.print_comparison(result, console),
        create_dirs=create_dirs,
    )


def plan(
    ref: Annotated[
        str, typer.Argument(help=f"Which report: {REF_HELP}.", metavar="REF")
    ] = "latest",
    hours_per_week: Annotated[
        str,
        typer.Option(
            "--hours-per-week",
            "-H",
            help="Hours you can study each week, e.g. 6.",
            metavar="HOURS",
            show_default=False,
        ),
    ] = ...,  # type: ignore[assignment]
    weeks: Annotated[
        str | None,
        typer.Option(
            "--weeks",
            "-w",
            help="Show only what fits in this many weeks.",
            metavar="N",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            help="First day of week 1, YYYY-MM-DD (default: today).",
            metavar="DATE",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    create_dirs: CreateDirsOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Turn a learning plan into weeks that fit your weekly hours."""
    from mlcareer.clock import today
    from mlcareer.history import History, load_report
    from mlcareer.render import schedule as views
    from mlcareer.render.json import render_json
    from mlcareer.report import ref_of
    from mlcareer.schedule import parse_hours_per_week, parse_start, parse_weeks, schedule_plan

    # Check what was typed before touching the history, so a typo fails fast.
    chosen = format_for(output, fmt, PAGE_FORMATS)
    budget = parse_hours_per_week(hours_per_week)
    limit = parse_weeks(weeks) if weeks is not None else None
    first_day = parse_start(start if start is not None else today().isoformat())
    refuse_writing_over_inputs(output, _report_files(REF=ref))
    with History.open(create=False) as history:
        loaded = load_report(ref, history)
    result = schedule_plan(
        loaded.report.plan,
        budget,
        start=first_day,
        weeks=limit,
        source=ref_of(loaded.report, loaded.label, loaded.history_id),
    )
    emit_view(
        chosen,
        output,
        no_color,
        text={
            Format.json: lambda: render_json(result),
            Format.markdown: lambda: views.schedule_markdown(result),
            Format.html: lambda: _html().render_schedule_html(result),
        },
        draw=lambda console: views.print_schedule(result, console),
        create_dirs=create_dirs,
    )


def _html():
    """The HTML views, imported only when a page is asked for (Jinja2 is not free)."""
    from mlcareer.render import html

    return html
