"""The ``socialguard`` console script.

Screening subcommands (``check``, ``screen``, ``eval``, ``packs``) go straight to the framework-free
engine, so they start fast and need no database. Everything else is a Django management
command: ``socialguard migrate``, ``runserver``, ``demo``, ``audit verify``.
"""

from __future__ import annotations

import os
import sys

ENGINE_COMMANDS = frozenset({"check", "screen", "eval", "packs"})


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ENGINE_COMMANDS:
        from socialguard.screening.cli import main as engine_main

        return engine_main(args)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialguard.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["socialguard", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
