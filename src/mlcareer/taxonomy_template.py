"""The text `mlcareer init` writes: a starting taxonomy that validates and teaches the format.

The first line tells editors that run yaml-language-server (VS Code's YAML extension,
Neovim, Helix, JetBrains IDEs...) where the taxonomy JSON Schema is, so they complete
keys and flag mistakes while the instructor types. It points at ``taxonomy.schema.json``
*beside the taxonomy*, which `init` writes too: a relative path to the repository's
``schemas/`` folder would only resolve inside a checkout of mlcareer, and an https URL
would need a network and could drift from the installed version. The copy is exactly
``schemas/taxonomy.schema.json`` (`mlcareer schema taxonomy` prints it).
"""

from __future__ import annotations

SCHEMA_FILE = "taxonomy.schema.json"
SCHEMA_REF = f"./{SCHEMA_FILE}"  # relative paths resolve from the taxonomy's folder
SCHEMA_COMMENT_PREFIX = "# yaml-language-server: $schema="


def schema_comment(schema_ref: str = SCHEMA_REF) -> str:
    return f"{SCHEMA_COMMENT_PREFIX}{schema_ref}"


_MINIMAL = """\
{schema_comment}
# A course taxonomy for mlcareer. Students rate themselves against it with
#   mlcareer assess --taxonomy {file_name}
# Check it after every edit with
#   mlcareer validate {file_name}
# which lists every mistake with file:line:col, and warns about skills no role needs,
# required levels no learning step reaches and resource links that are not https.
# The JSON Schema beside this file ({schema_file}) lets your editor complete keys;
# `mlcareer schema taxonomy > {schema_file}` writes it again after an upgrade.

schema_version: 1          # the format of this file; mlcareer reads version 1
id: my-course              # stable id: lowercase letters, digits and hyphens
title: My machine learning course
version: "2026.1"          # your content version, quoted; reports record it

# Every skill is rated on five levels, the same for all skills:
#   0 None, 1 Aware, 2 Working (with guidance), 3 Proficient (independently),
#   4 Expert (leads, designs, teaches).
# Uncomment `scale` to rename them (all five, levels 0 to 4):
# scale:
#   - {{level: 0, name: Not yet}}
#   - {{level: 1, name: Heard of it}}
#   - {{level: 2, name: With help}}
#   - {{level: 3, name: On my own}}
#   - {{level: 4, name: Could teach it}}

categories:                # groups of skills; a report scores each category
  - id: foundations
    name: Foundations
    description: The programming and statistics every later module builds on.
    weight: 1.0            # importance of the category (default 1)
    skills:
      - id: python         # unique across the file; roles and answers use it
        aliases: []        # former ids, if you rename the skill: old reports keep counting
        name: Python
        description: Writing Python to load, clean and explore data.
        weight: 1.0        # importance inside the category (default 1)
        prerequisites: []  # skills to reach first: `python` (level 1) or {{statistics: 2}}
        # What a person at each level can DO: one observable behaviour, not an adjective.
        levels:
          1: Reads a short script and explains what each line does.
          2: Writes a script with functions that loads a CSV file and summarises it.
          3: Structures a project into modules with tests and a virtual environment.
          4: Sets the team's conventions and reviews others' code for correctness.
        # How to climb: one step per level, from the level below to `to_level`.
        learning:
          - to_level: 1
            step: Work through chapters 1 to 5 of the official Python tutorial.
            hours: 8       # an honest estimate of focused hours
            resources:     # kind: docs, book, course, video, project or paper;
                           # add `paid: true` to a paywalled or paid item
              - title: The Python Tutorial
                url: https://docs.python.org/3/tutorial/
                kind: docs
          - to_level: 2
            step: Write a script that reads a CSV file and prints per-column statistics.
            hours: 20
          - to_level: 3
            step: Turn the script into a package with modules, tests and a command line.
            hours: 40
          # A step that needs a workplace or a real team, not only study, says
          # `experience: true`; reports mark it "on the job".
        # Optional knowledge checks: a short quiz whose answers support or contradict
        # the self-rating. `answer` is the index of the right choice, from 0.
        checks:
          - id: python-lists
            level: 1
            question: What does len([1, 2, 3]) return?
            choices: ["1", "3", "6", "an error"]
            answer: 1
            explanation: len counts the items of a list, and this list has three.

      - id: statistics
        name: Statistics
        description: Describing data and reasoning about uncertainty.
        levels:
          1: Computes a mean and a median and says when they differ.
          2: Chooses and runs a t-test or a bootstrap and reads its result correctly.
          3: Designs an experiment with a sample size that can detect the effect sought.
          4: Teaches inference and reviews others' experimental designs.
        learning:
          - to_level: 1
            step: Learn the measures of centre and spread on a real dataset.
            hours: 6
          - to_level: 2
            step: Learn hypothesis tests and confidence intervals, then apply them to an A/B test.
            hours: 25
            resources:
              - title: OpenIntro Statistics
                url: https://www.openintro.org/book/os/
                kind: book

  - id: modelling
    name: Modelling
    description: Training models and judging whether they work.
    skills:
      - id: supervised-learning
        name: Supervised learning
        description: Fitting models that predict a label from features.
        # Before any step of this skill: python to level 1 (a bare id) and statistics
        # to level 2. The plan orders steps by these, adding any the role does not require.
        prerequisites: [python, {{statistics: 2}}]
        levels:
          1: Explains the difference between classification and regression with examples.
          2: Trains a linear model and a tree ensemble with scikit-learn on tabular data.
          3: Tunes models with cross-validation and explains their errors to a colleague.
          4: Chooses modelling approaches for a team and reviews their results.
        learning:
          - to_level: 1
            step: Read the introduction of the scikit-learn user guide.
            hours: 4
            resources:
              - title: scikit-learn user guide
                url: https://scikit-learn.org/stable/user_guide.html
                kind: docs
          - to_level: 2
            step: Train and compare two models on a public tabular dataset.
            hours: 30
            needs: {{python: 2}}   # what this step needs beyond the skill's prerequisites

      - id: evaluation
        name: Model evaluation
        description: Measuring how well a model will do on data it has not seen.
        levels:
          1: Explains why a model is tested on data it was not trained on.
          2: Splits data correctly and reports a metric that fits the problem.
          3: Detects leakage and chooses validation schemes for grouped or temporal data.
          4: Designs the evaluation of a product's models, including online tests.
        learning:
          - to_level: 1
            step: Learn train/test splits and overfitting from a short course chapter.
            hours: 3
          - to_level: 2
            step: Evaluate a classifier with precision, recall and a confusion matrix.
            hours: 12

# Roles: what a learner aims at. `requires` gives the level needed per skill id or
# per category id; a skill entry overrides its category's entry. Unlisted skills are 0.
roles:
  - id: graduate
    name: Course graduate
    description: What a student can do by the end of the course.
    seniority: entry       # optional: entry, junior, mid, senior, staff or principal
    requires:
      foundations: 2       # every skill of the category at level 2...
      python: 3            # ...except python, needed at level 3
      modelling: 2
"""


def minimal_taxonomy(file_name: str = "course.yaml", schema_ref: str = SCHEMA_REF) -> str:
    """A small commented taxonomy that validates with no warning, to adapt to a course.

    ``file_name`` is the name the comments use in example commands.
    """
    return _MINIMAL.format(
        schema_comment=schema_comment(schema_ref), schema_file=SCHEMA_FILE, file_name=file_name
    )


_DEFAULT_HEADER = """\
{schema_comment}
# A copy of mlcareer's default taxonomy, to adapt to your course. Students use it with
#   mlcareer assess --taxonomy {file_name}
# and `mlcareer validate {file_name}` checks it after every edit (errors with
# file:line:col, and warnings about skills no role needs, required levels no learning
# step reaches and resource links that are not https).
#
# How the file works:
# - `categories` group `skills`; every id is lowercase letters, digits and hyphens and
#   unique in the file. Renaming a skill? Put its old id in `aliases` so students'
#   earlier answers and reports still count.
# - `levels` 1-4 say what a person at that level can DO (level 0 is "none").
# - `learning` has one step per level, from the level below to `to_level`, with honest
#   `hours` and `resources` (kind: docs, book, course, video, project or paper).
# - `prerequisites` name the skills to reach first: a bare id means level 1, and
#   `{{statistics: 2}}` names the level. A learning step's `needs` (`{{pytorch: 2}}`) adds
#   what that step alone needs. The plan puts every step after what it needs, adding
#   steps the role does not require. `experience: true` marks a step that needs a
#   workplace; `paid: true` marks a paid resource.
# - `checks` are optional quiz items; `answer` is the index of the right choice, from 0.
# - `roles` say which level each skill needs: `requires` maps a skill id or a category
#   id to a level, and a skill entry overrides its category's entry. `seniority` is
#   optional: entry, junior, mid, senior, staff or principal.
# - Change `id` and `version` when you adapt it: reports record both, and
#   `mlcareer cohort` refuses to mix reports made with different taxonomies.
# The JSON Schema beside this file ({schema_file}) lets your editor complete keys;
# `mlcareer schema taxonomy > {schema_file}` writes it again after an upgrade.
#
"""


def default_with_header(
    default_text: str, file_name: str = "course.yaml", schema_ref: str = SCHEMA_REF
) -> str:
    """The shipped default taxonomy with a header that teaches the format.

    Its own ``yaml-language-server`` line is replaced, since it points inside the
    mlcareer repository; its other comments are kept.
    """
    lines = default_text.splitlines(keepends=True)
    if lines and lines[0].startswith(SCHEMA_COMMENT_PREFIX):
        lines = lines[1:]
    header = _DEFAULT_HEADER.format(
        schema_comment=schema_comment(schema_ref), schema_file=SCHEMA_FILE, file_name=file_name
    )
    return header + "".join(lines)
