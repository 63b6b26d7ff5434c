"""A problem in a source file, printed as `path:line: field: message`."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


def summary(problems: list[Problem]) -> str:
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    if not problems:
        return "content checks: no problems"
    return (f"content checks: {errors} error(s), {warnings} warning(s) in {files} file(s)")
