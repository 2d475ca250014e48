"""Errors raised while loading data files (policy packs, lexicons, patterns).

Every problem names the file and, where known, the line, and carries a fix hint, because the
people who edit these files are policy officers, not programmers. ``str(problem)`` is the one-line
form ``file:line: message (hint: ...)`` that ``socialguard packs validate`` prints; golden-file
tests pin that wording.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["DataError", "Problem"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one data file.

    ``file`` is the path as the user should see it (relative to the packs directory when possible);
    ``line`` is 1-based, or ``None`` when the problem concerns the whole file.
    """

    file: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class DataError(Exception):
    """One or more problems found while loading data; nothing from the failing load is used."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid data")
