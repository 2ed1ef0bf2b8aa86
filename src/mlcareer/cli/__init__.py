"""The command line: parses options, calls the core, renders, maps errors to exit codes.

One module per command group (assess, taxonomy, history, init, cohort), the shared
options in ``options``, the output formats in ``output`` and the app in ``application``.
"""

from mlcareer.cli.application import app, main

__all__ = ["app", "main"]
