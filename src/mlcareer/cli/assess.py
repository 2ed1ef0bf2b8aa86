"""`assess` (score answers, or ask the questions first) and `template` (an answers file)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from mlcareer import __version__
from mlcareer.cli.options import (
    CreateDirsOption,
    DetailsOption,
    FormatOption,
    LearnerIdOption,
    LearnerOption,
    NoColorOption,
    OutputOption,
    RoleOption,
    TaxonomyOption,
)
from mlcareer.cli.output import (
    REPORT_FORMATS,
    Format,
    emit_report,
    format_for,
    is_stdout,
    refuse_writing_over_inputs,
)
from mlcareer.errors import MlcareerError
from mlcareer.wording import plural

# Knowledge-check items a questionnaire asks by default: about four minutes, and enough to
# sample each category of the default taxonomy once with room for a few follow-ups.
DEFAULT_QUIZ_MAX = 12


def cache_dir() -> Path | None:
    """Where parsed taxonomies are cached, or None when there is no usable app folder."""
    from mlcareer.appdir import app_dir

    try:
        return app_dir(create=False) / "cache"
    except (OSError, MlcareerError):  # a cache only saves time: run without it
        return None


# Earlier assessments a new interactive run offers to start from (the newest of each learner).
MAX_OFFERS = 3


def _draw_on_tty() -> bool:
    """Where the questions go: False for stdout, True for the controlling terminal when
    stdout is a pipe or a file (`mlcareer assess | tee report.txt`, as fzf does); raises,
    naming the stream and the fix, when no one could answer them."""
    if not sys.stdin.isatty():
        raise MlcareerError(
            "no answers given, and stdin is not a terminal (it is a pipe or a file), so no "
            "question can be asked: pass --answers FILE (`mlcareer template > answers.yaml` "
            "writes one to fill in)"
        )
    if sys.stdout.isatty():
        return False
    try:
        with open("/dev/tty", "w"):
            return True
    except OSError:
        raise MlcareerError(
            "no answers given, and stdout is not a terminal and there is no terminal "
            "(/dev/tty) to draw the questions on: run `mlcareer assess -o report.md` in a "
            "terminal to keep the report in a file, or pass --answers FILE"
        ) from None


def _scope(learner: str | None, learner_id: str | None) -> Any:
    """The history of the learner named by --learner/--learner-id, or None for anyone."""
    from mlcareer.history import LearnerScope

    return LearnerScope.of(learner_id, learner) if (learner or learner_id) else None


def _start_from(ref: str, learner: str | None, learner_id: str | None) -> Any:
    """A function giving the assessment `--from REF` names, as a starting point on a
    taxonomy (read once the taxonomy is known, before any question)."""

    def previous(taxonomy: Any) -> Any:
        from mlcareer.history import History, load_report
        from mlcareer.reassess import previous_answers

        with History.open(create=False) as history:
            loaded = load_report(ref, history, _scope(learner, learner_id))
        return previous_answers(loaded.report, taxonomy, loaded.label)

    return previous


def _earlier_assessments(learner: str | None, learner_id: str | None) -> Any:
    """A function listing what a new run may start from: the newest saved assessment of
    each learner (only the one named, if any) with the taxonomy in use, newest first."""

    def found(taxonomy: Any) -> list[Any]:
        from mlcareer.history import History
        from mlcareer.reassess import previous_answers

        try:
            with History.open(create=False) as history:
                newest: dict[tuple[str | None, ...], Any] = {}
                for entry in history.entries(
                    taxonomy_id=taxonomy.id, learner=_scope(learner, learner_id)
                ):
                    who = (entry.learner_id,) if entry.learner_id else (None, entry.learner_name)
                    newest[who] = entry  # entries come oldest first: the newest stays
                chosen = sorted(newest.values(), key=lambda e: -e.id)[:MAX_OFFERS]
                return [
                    previous_answers(history.report(e.id), taxonomy, f"#{e.id}") for e in chosen
                ]
        except MlcareerError:
            return []  # a history that cannot be read offers nothing; saving will say why

    return found


def _resume_command(
    save_answers: Path | None,
    output: Path | None,
    fmt: Any,
    no_save: bool,
    quiz_max: int = DEFAULT_QUIZ_MAX,
) -> str:
    """The command that continues a paused run with the same outputs and checks."""
    import shlex

    words = ["mlcareer", "assess", "--resume"]
    if no_save:
        words.append("--no-save")
    if quiz_max == 0:
        words.append("--no-quiz")
    elif quiz_max != DEFAULT_QUIZ_MAX:
        words += ["--quiz-max", str(quiz_max)]
    if save_answers is not None:
        words += ["--save-answers", str(save_answers)]
    if output is not None:
        words += ["--output", str(output)]
    if fmt is not None:
        words += ["--format", fmt.value]
    return shlex.join(words)


def _answers_from_questionnaire(
    taxonomy: Path | None,
    role: str | None,
    learner: str | None,
    learner_id: str | None,
    *,
    resume: bool,
    no_input: bool,
    no_color: bool,
    quiz_max: int,
    will_write: list[Path],
    resume_command: str,
    from_ref: str | None = None,
    only_required: bool = False,
    no_save: bool = False,
    detailed: bool = False,
) -> tuple[Any, Any]:
    """The taxonomy and answers of an interactive run; exit 130 when the user pauses it."""
    if no_input:
        raise MlcareerError(
            "no answers given and --no-input forbids questions: pass --answers FILE "
            "(`mlcareer template > answers.yaml` writes one to fill in)"
        )
    if resume and from_ref is not None:
        raise MlcareerError(
            "--resume continues a paused questionnaire and --from starts a new one from an "
            "earlier assessment: drop one of them"
        )
    draw_on_tty = _draw_on_tty()
    from mlcareer.files import refuse_missing_folder

    for path in will_write:  # before the questions, so no one answers 45 of them in vain
        refuse_missing_folder(path)
    from mlcareer.appdir import unwritable_app_dir

    # The history and a pause both live in the application folder; --no-save needs neither.
    unusable = unwritable_app_dir()
    if unusable and (resume or not no_save):
        raise MlcareerError(
            f"{unusable} (with --no-save the questions run without it, but cannot be paused)"
        )
    from mlcareer.questionnaire import Paused, assess_interactively

    try:
        return assess_interactively(
            taxonomy,
            role_id=role,
            learner_name=learner,
            learner_id=learner_id,
            resume=resume,
            no_color=no_color,
            quiz_max=quiz_max,
            start_from=_start_from(from_ref, learner, learner_id) if from_ref else None,
            offers=None if resume else _earlier_assessments(learner, learner_id),
            only_required=only_required,
            draw_on_tty=draw_on_tty,
            can_pause=unusable is None,
            detailed=detailed,
        )
    except Paused as paused:
        from mlcareer.safe_text import clean

        what = "input ended" if paused.end_of_input else "paused"
        if paused.path is None and unusable:
            message = (
                f"{what} with {paused.answered} of {plural(paused.total, 'skill')} answered, "
                "which could not be kept: the application folder is not usable."
            )
        elif paused.path is None:
            message = f"{what} before any answer; nothing to keep."
        else:
            message = (
                f"{what} with {paused.answered} of {plural(paused.total, 'skill')} answered, "
                f"kept in {clean(str(paused.path))}.\n"
                f"mlcareer: continue with: {clean(resume_command)}"
            )
        # After SIGHUP the terminal may be gone; the answers are kept all the same.
        with contextlib.suppress(OSError):
            typer.echo(f"\nmlcareer: {message}", err=True)
        raise typer.Exit(130) from None


def _plan_ref(saved_as: int | None, output: Path | None, fmt: Any) -> str | None:
    """How `mlcareer plan` finds this report again: its id in the history when it was saved
    (which stays right when later ones are saved), else the JSON report file written; None
    when neither holds it."""
    if saved_as is not None:
        return str(saved_as)
    if output is not None and str(output) != "-" and fmt is Format.json:
        return str(output)
    return None


def _finish_questionnaire(
    output: Path | None, save_answers: Path | None, saved_as: int | None
) -> None:
    """Forget the paused progress of a completed run and say where its results went."""
    from mlcareer.paused import discard_progress
    from mlcareer.safe_text import clean

    discard_progress()
    if output is not None and str(output) != "-":
        typer.echo(clean(f"mlcareer: report written to {output}"), err=True)
    if save_answers is not None:
        typer.echo(
            clean(
                f"mlcareer: answers written to {save_answers}; `mlcareer assess --answers "
                f"{save_answers}` repeats this report"
            ),
            err=True,
        )
    if saved_as is not None:
        typer.echo(
            f"mlcareer: saved in your history as #{saved_as}: `mlcareer show {saved_as}` shows "
            "it again, `mlcareer compare` what moved since last time",
            err=True,
        )


def _warn_unrated(given: Any, tax: Any, file: str, strict: bool) -> None:
    """Skills an answers file leaves unrated count as 0: say so (an error under --strict)."""
    from mlcareer.answers import unrated_warning
    from mlcareer.errors import Problem

    warning = unrated_warning(given, tax, file)
    if warning is None:
        return
    if strict:
        raise MlcareerError(Problem(f"{warning.message} (an error under --strict)", file))
    typer.echo(f"mlcareer: {file}: warning: {warning.message}", err=True)


def _refuse_writing_over_inputs(
    output: Path | None,
    answers: str | None,
    tax_file: Any,
    save_answers: Path | None,
    assignment: Path | None,
) -> None:
    """Neither output may overwrite an input of the run (or each other)."""
    inputs = {"--taxonomy": tax_file, "--assignment": assignment}
    refuse_writing_over_inputs(
        output, {"--answers": answers, **inputs, "--save-answers": save_answers}
    )
    refuse_writing_over_inputs(save_answers, inputs, option="--save-answers")


def assess(
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            "-a",
            help="Answers file (YAML or JSON); - reads stdin.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    taxonomy: TaxonomyOption = None,
    role: RoleOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    create_dirs: CreateDirsOption = False,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            min=0,
            max=100,
            metavar="PCT",
            help="Exit with status 3 when readiness is below this percentage.",
        ),
    ] = None,
    learner: LearnerOption = None,
    learner_id: LearnerIdOption = None,
    no_color: NoColorOption = False,
    trust_self: Annotated[
        bool,
        typer.Option(
            "--trust-self",
            help="Score the self-ratings as given, even where knowledge checks contradict them.",
        ),
    ] = False,
    no_save: Annotated[
        bool, typer.Option("--no-save", help="Do not save this assessment to the history.")
    ] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask questions: without --answers, exit 2.")
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the questionnaire paused with Ctrl-C.")
    ] = False,
    save_answers: Annotated[
        Path | None,
        typer.Option(
            "--save-answers",
            metavar="FILE",
            readable=False,  # write_atomic says what stands in the way
            help="Also write the answers to this file (YAML, or JSON for .json), so that "
            "`assess --answers FILE` repeats the run.",
            show_default=False,
        ),
    ] = None,
    from_ref: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Start every question on the answers of an earlier assessment (unchanged "
            "skills take one Enter): latest, previous, an id from `mlcareer history`, or a "
            "JSON report file. latest and previous are those of --learner/--learner-id when "
            "given.",
            metavar="REF",
            show_default=False,
        ),
    ] = None,
    only_required: Annotated[
        bool,
        typer.Option(
            "--only-required",
            help="In the questionnaire, ask only the skills the role requires (the others keep "
            "their --from rating, or are skipped).",
        ),
    ] = False,
    quiz: Annotated[
        bool,
        typer.Option(
            "--quiz/--no-quiz",
            help="In the questionnaire, follow ratings of 1 or more with short knowledge checks.",
        ),
    ] = True,
    quiz_max: Annotated[
        int,
        typer.Option(
            "--quiz-max",
            min=0,
            metavar="N",
            help="Ask at most N knowledge-check items in the questionnaire, spread over the "
            "categories (0: none).",
        ),
    ] = DEFAULT_QUIZ_MAX,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 2, with no report, when the answers file leaves skills unrated "
            "(instead of a warning).",
        ),
    ] = False,
    detailed: Annotated[
        bool,
        typer.Option(
            "--detailed",
            help="In the questionnaire, answer every skill that has indicators by ticking "
            "them (any one skill can be answered so on request).",
        ),
    ] = False,
    details: DetailsOption = False,
    assignment: Annotated[
        Path | None,
        typer.Option(
            "--assignment",
            readable=False,  # the file's own reader says what is wrong, and where
            help="The assignment file from your instructor: its taxonomy (refused if your copy "
            "differs), role, checks and due date; the report is written as it says.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Score answers against a role and print the gap report and learning plan.

    Without --answers, in a terminal, it asks one question per skill first, with a few
    knowledge checks after ratings of 1 or more: Ctrl-C pauses and keeps the answers,
    --resume continues, --from starts on an earlier assessment's answers.
    """
    from mlcareer.answers import checked_learner_id, checked_learner_name, read_answers
    from mlcareer.clock import now_iso
    from mlcareer.scoring import report_for
    from mlcareer.taxonomy import load_taxonomy, taxonomy_path

    # Options are checked before any question is asked, so no one answers 45 in vain.
    if learner_id is not None:
        learner_id = checked_learner_id(learner_id)
    if learner is not None:
        learner = checked_learner_name(learner)
    interactive = answers is None
    the_assignment = None
    asked_role = role  # --role, which replaces an answers file's role
    if assignment is not None:
        the_assignment, taxonomy, role, quiz_max = _assignment_settings(
            assignment, taxonomy, role, interactive
        )
        quiz = quiz_max > 0
        if output is None and (interactive or learner_id is not None):
            output = Path(the_assignment.file_name_for(learner_id))
    chosen = format_for(output, fmt, REPORT_FORMATS)
    if answers == "-" and taxonomy is not None and str(taxonomy) == "-":
        raise MlcareerError(
            "--taxonomy and --answers cannot both read stdin (-): give one of them as a file"
        )
    tax_file = taxonomy_path(taxonomy)
    _refuse_writing_over_inputs(output, answers, tax_file, save_answers, assignment)
    if interactive:
        items = quiz_max if quiz else 0
        tax, given = _answers_from_questionnaire(
            taxonomy,
            role,
            learner,
            learner_id,
            resume=resume,
            no_input=no_input,
            no_color=no_color,
            quiz_max=items,
            will_write=[
                p
                for p in (None if create_dirs else output, save_answers)
                if p is not None and str(p) != "-"
            ],
            resume_command=_resume_command(save_answers, output, fmt, no_save, items),
            from_ref=from_ref,
            only_required=only_required,
            no_save=no_save,
            detailed=detailed,
        )
    else:
        if from_ref is not None or only_required:
            raise MlcareerError(
                "--from and --only-required shape the questionnaire, so they cannot be "
                "combined with --answers: drop them, or drop --answers to answer the questions"
            )
        if resume:
            raise MlcareerError(
                "--resume continues a paused questionnaire, so it cannot be combined with "
                "--answers: drop one of them"
            )
        tax = load_taxonomy(taxonomy, cache_dir=cache_dir())
        rule = None
        if the_assignment is not None:
            from mlcareer.answers import RoleRule

            # The file's own role must be one the assignment allows (--role was checked).
            rule = RoleRule(tuple(the_assignment.roles), f"assignment `{the_assignment.id}`", role)
        given = read_answers(answers, tax, asked_role, rule)
        _warn_unrated(given, tax, "<stdin>" if answers == "-" else answers, strict)
        if learner is not None:
            given.learner_name = learner
        if learner_id is not None:
            given.learner_id = learner_id
        if the_assignment is not None and output is None:
            output = Path(the_assignment.file_name_for(given.learner_id))
            chosen = format_for(output, fmt, REPORT_FORMATS)
            _refuse_writing_over_inputs(output, answers, tax_file, save_answers, assignment)
    if save_answers is not None:
        from mlcareer.answers import save_answers_file

        save_answers_file(save_answers, given, tax)
    report = report_for(
        tax, given, created_at=now_iso(), tool_version=__version__, trust_self=trust_self
    )
    if the_assignment is not None:
        from mlcareer.report import AssignmentInfo

        info = AssignmentInfo(
            id=the_assignment.id, title=the_assignment.title, due=the_assignment.due
        )
        report = report.model_copy(update={"assignment": info})
    saved_as = None
    if not no_save:
        from mlcareer.cli.history import save_report_or_warn

        saved_as = save_report_or_warn(report)
    plan_ref = _plan_ref(saved_as, output, chosen)
    emit_report(
        report,
        chosen,
        output,
        no_color,
        details=details,
        plan_ref=plan_ref,
        create_dirs=create_dirs,
    )
    if interactive and not is_stdout(output):
        # Whoever answered the questions sees their report, also when it went to a file
        # (like tee): the file is for someone else, or for later.
        emit_report(report, Format.table, None, no_color, details=details, plan_ref=plan_ref)
    if interactive:
        _finish_questionnaire(output, save_answers, saved_as)
    if the_assignment is not None and output is not None and str(output) != "-":
        from mlcareer.clock import moment_of

        due = f" (due {the_assignment.due})" if the_assignment.due else ""
        late = the_assignment.lateness(moment_of(report.created_at))
        if late is not None:
            # Say it now, not when the instructor's roster lists it.
            due = f" (due {the_assignment.due}; made {late} after it, so it shows as late)"
        from mlcareer.safe_text import clean

        # The file name and the instructions come from the assignment file and the learner.
        typer.echo(clean(f"mlcareer: hand in {output}{due}: {the_assignment.submit.to}"), err=True)
    if fail_under is not None and report.readiness < fail_under:
        from mlcareer.errors import ThresholdNotMet

        raise ThresholdNotMet(
            f"readiness {report.readiness:.1f}% is below --fail-under {fail_under:g}%"
        )


def _assignment_settings(
    path: Path, taxonomy: Path | None, role: str | None, interactive: bool
) -> tuple[Any, Path, str | None, int]:
    """The assignment, and the taxonomy path, role and quiz size it sets. The taxonomy is
    the assignment's (or --taxonomy, for a copy kept elsewhere); one of other text is
    refused before any question is asked."""
    from mlcareer.assignment import (
        check_roles_in,
        load_assignment,
        load_assignment_taxonomy,
        role_for,
    )

    the_assignment = load_assignment(path)
    tax, taxonomy_file = load_assignment_taxonomy(the_assignment, path, taxonomy)
    check_roles_in(the_assignment, tax)
    chosen_role = role_for(the_assignment, role)
    if chosen_role is None and interactive:
        raise MlcareerError(
            f"assignment `{the_assignment.id}` lets you choose the role: pass --role with one "
            f"of {', '.join(the_assignment.roles)}"
        )
    return the_assignment, taxonomy_file, chosen_role, the_assignment.quiz.max


def template(
    taxonomy: TaxonomyOption = None,
    role: RoleOption = None,
    output: OutputOption = None,
    create_dirs: CreateDirsOption = False,
) -> None:
    """Print a commented answers file to fill in for `assess --answers`."""
    from mlcareer.answers_template import answers_template
    from mlcareer.files import write_output
    from mlcareer.taxonomy import load_taxonomy, taxonomy_path

    refuse_writing_over_inputs(output, {"--taxonomy": taxonomy_path(taxonomy)})
    tax = load_taxonomy(taxonomy)
    write_output(answers_template(tax, role), output, create_dirs)
