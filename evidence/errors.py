"""Every error the library raises on purpose, in one place.

Each one is user-facing text: it says what failed, where (file:line, citekey, slug) and what to do.
The CLI and the dashboard show ``str(error)`` and nothing else; they never print tracebacks for these.
"""

from __future__ import annotations

from dataclasses import dataclass


class EvidenceError(Exception):
    """Base class: anything the user can act on."""


class ConfigError(EvidenceError):
    """The database URL or another setting cannot be used."""


class SchemaTooNew(EvidenceError):
    """The database was written by a newer version of evidence; we refuse to touch it."""


class NotFound(EvidenceError):
    """A claim, topic or reference named by the user does not exist."""


class InvalidQuery(EvidenceError):
    """A filter or search string cannot be used (the message says why and what would work)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one record or line of an input file."""

    message: str
    source: str | None = None  # file name as the user gave it
    line: int | None = None
    key: str | None = None  # citekey, claim id or topic slug

    def where(self) -> str:
        place = self.source or "<input>"
        if self.line is not None:
            place += f":{self.line}"
        if self.key:
            place += f" ({self.key})"
        return place

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"source": self.source, "line": self.line, "key": self.key, "message": self.message}


class InvalidInput(EvidenceError):
    """An input file has problems; nothing was written. ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem], summary: str | None = None) -> None:
        self.problems = list(problems)
        head = summary or f"{len(self.problems)} problem(s) found; nothing was written"
        lines = [head] + [f"  {p}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  ... and {len(self.problems) - 50} more")
        super().__init__("\n".join(lines))
