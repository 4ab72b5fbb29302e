"""Problems found in input files, reported all at once with file, row and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One invalid value: where it is, what is wrong, and what would be valid."""

    file: str
    row: int | None  # 1-based data row (the header is not counted); None for file-level problems
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}"


class ValidationError(ValueError):
    """Raised with every problem of an input, so all can be fixed in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n  ".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s):\n  {lines}")
