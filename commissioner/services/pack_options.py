"""What a governance pack contains and how it is marked: the options dialog's model."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace

from commissioner.errors import ValidationError
from commissioner.models.enums import ProtectiveMarking


@dataclass(frozen=True)
class SectionChoice:
    key: str
    title: str


PROJECT_SECTIONS: tuple[SectionChoice, ...] = (
    SectionChoice("summary", "Executive summary"),
    SectionChoice("stages", "Stage and gate position"),
    SectionChoice("golden_thread", "Golden thread and KPI performance"),
    SectionChoice("risks", "Risk profile"),
    SectionChoice("costs", "Cost position"),
    SectionChoice("stakeholders", "Stakeholders, decisions and actions"),
    SectionChoice("suppliers", "Suppliers"),
    SectionChoice("team", "Client team capability"),
    SectionChoice("appendices", "Appendices: full registers"),
)
PORTFOLIO_SECTIONS: tuple[SectionChoice, ...] = (
    SectionChoice("portfolio_summary", "Portfolio summary"),
    SectionChoice("portfolio_risks", "Portfolio risk profile"),
    SectionChoice("portfolio_costs", "Portfolio cost position"),
    SectionChoice("projects", "A page per project"),
)

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
MAX_DISTRIBUTION = 40


@dataclass(frozen=True)
class PackOptions:
    """The choices behind one pack; stored with it so that it can be drawn again."""

    #: The reporting month as YYYY-MM.
    period: str
    sections: tuple[str, ...]
    marking: ProtectiveMarking
    descriptor: str = ""
    version: str = "1.0"
    author: str = ""
    distribution: tuple[str, ...] = ()
    title: str = "Governance pack"

    def to_json(self) -> str:
        return json.dumps(
            {
                "period": self.period,
                "sections": list(self.sections),
                "marking": self.marking.value,
                "descriptor": self.descriptor,
                "version": self.version,
                "author": self.author,
                "distribution": list(self.distribution),
                "title": self.title,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> PackOptions:
        """Options stored with a pack. Raises ValueError when they cannot be read."""
        try:
            data = json.loads(text)
            return cls(
                period=str(data["period"]),
                sections=tuple(str(key) for key in data["sections"]),
                marking=ProtectiveMarking(data["marking"]),
                descriptor=str(data.get("descriptor", "")),
                version=str(data.get("version", "1.0")),
                author=str(data.get("author", "")),
                distribution=tuple(str(name) for name in data.get("distribution", ())),
                title=str(data.get("title", "Governance pack")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"The pack's stored options cannot be read: {error}") from None


def period_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def period_month(period: str) -> dt.date | None:
    """The first day of a YYYY-MM period, or None when it is not a real month."""
    match = _PERIOD.match(period.strip())
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def period_label(period: str) -> str:
    """'November 2026' for '2026-11'."""
    month = period_month(period)
    return f"{month:%B %Y}" if month else period


def period_end(period: str, today: dt.date) -> dt.date:
    """The last day the pack reports on: the month's end, or today within the month."""
    month = period_month(period) or today.replace(day=1)
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return min(following - dt.timedelta(days=1), today)


def _problems(options: PackOptions, choices: tuple[SectionChoice, ...], today: dt.date) -> dict:
    problems: dict[str, str] = {}
    month = period_month(options.period)
    if month is None:
        problems["period"] = "Give the reporting period as a year and month, e.g. 2026-11."
    elif month > today:
        problems["period"] = "The reporting period cannot be in the future."
    known = {choice.key for choice in choices}
    if not options.sections:
        problems["sections"] = "Choose at least one section."
    elif unknown := [key for key in options.sections if key not in known]:
        problems["sections"] = f"Unknown section: {', '.join(unknown)}."
    if not options.version.strip() or len(options.version) > 40:
        problems["version"] = "Give the version in up to 40 characters, e.g. 1.0 or Draft 2."
    if not options.title.strip() or len(options.title) > 120:
        problems["title"] = "Give the pack a title of up to 120 characters."
    if len(options.author) > 200:
        problems["author"] = "The author's name is too long (200 characters at most)."
    if len(options.descriptor) > 40 or "\n" in options.descriptor:
        problems["descriptor"] = "A descriptor is one short word or phrase, e.g. COMMERCIAL."
    if len(options.distribution) > MAX_DISTRIBUTION or any(
        len(name) > 200 for name in options.distribution
    ):
        problems["distribution"] = (
            f"The distribution list holds up to {MAX_DISTRIBUTION} names of 200 characters."
        )
    return problems


def validate_options(
    options: PackOptions, choices: tuple[SectionChoice, ...], today: dt.date
) -> PackOptions:
    """The options tidied (blank names dropped, sections in pack order), or ValidationError."""
    options = replace(
        options,
        period=options.period.strip(),
        descriptor=options.descriptor.strip(),
        version=options.version.strip(),
        author=options.author.strip(),
        title=options.title.strip(),
        distribution=tuple(name.strip() for name in options.distribution if name.strip()),
    )
    problems = _problems(options, choices, today)
    if problems:
        raise ValidationError(problems)
    order = [choice.key for choice in choices]
    return replace(options, sections=tuple(sorted(set(options.sections), key=order.index)))
