"""What a use case changed, so each view can decide whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Area(StrEnum):
    PORTFOLIO = "portfolio"
    PROJECT = "project"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class Change:
    """One completed change: which area, and which project if any."""

    area: Area
    project_id: int | None = None
