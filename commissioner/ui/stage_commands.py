"""Undoable stage and gate edits; each step calls the stages services, never a widget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from commissioner.errors import ValidationError
from commissioner.models.enums import ConditionStatus, StageKind
from commissioner.models.stage_rules import clean_template_lines, template_problem
from commissioner.services import projects, stages
from commissioner.services.changes import Area, Change
from commissioner.services.stages import (
    AdvanceResult,
    ChecklistLine,
    ConditionView,
    GateInput,
    StageDatesInput,
)
from commissioner.storage.snapshots import RecordTree
from commissioner.ui.document import DatabaseDocument, ServiceCommand


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class RecordGateCommand(ServiceCommand):
    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        stage: StageKind,
        stage_id: int,
        form: GateInput,
    ) -> None:
        decision = form.decision.label.lower() if form.decision else "gate"
        super().__init__(document, f"Record {decision} gate on {stage.label}")
        self.project_id, self.stage_id, self.form = project_id, stage_id, form
        self.gate_id: int | None = None
        self._removed: RecordTree | None = None

    def apply(self) -> Change:
        if self._removed is None:
            self.gate_id = stages.record_gate(self.document.db, self.stage_id, self.form)
        else:
            projects.restore_records(self.document.db, self._removed)
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.gate_id is not None
        self._removed = stages.delete_gate(self.document.db, self.gate_id)
        return Change(Area.PROJECT, self.project_id)


class AdvanceStageCommand(ServiceCommand):
    """Move the project to its next stage, with an override reason when the gate refuses."""

    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        entering: StageKind,
        on: dt.date,
        override_reason: str = "",
    ) -> None:
        how = " (override)" if override_reason.strip() else ""
        super().__init__(document, f"Advance to {entering.label}{how}")
        self.project_id, self.on, self.override_reason = project_id, on, override_reason
        self.result: AdvanceResult | None = None

    def apply(self) -> Change:
        if self.result is None:
            self.result = stages.advance_stage(
                self.document.db,
                self.project_id,
                on=self.on,
                override_reason=self.override_reason,
            )
        else:
            stages.reapply_advance(self.document.db, self.result)
        return Change(Area.PORTFOLIO, self.project_id)

    def revert(self) -> Change:
        assert self.result is not None
        stages.revert_advance(self.document.db, self.result)
        return Change(Area.PORTFOLIO, self.project_id)


class ToggleChecklistItemCommand(ServiceCommand):
    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        item: ChecklistLine,
        done: bool,
        on: dt.date,
    ) -> None:
        verb = "Tick" if done else "Untick"
        super().__init__(document, f"{verb} “{_short(item.text)}”")
        self.project_id, self.item_id, self.done, self.on = project_id, item.id, done, on
        self.before: ChecklistLine | None = None

    def apply(self) -> Change:
        before = stages.set_checklist_item_done(self.document.db, self.item_id, self.done, self.on)
        self.before = self.before or before
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.before is not None
        before = self.before
        stages.set_checklist_item_done(self.document.db, before.id, before.done, before.done_on)
        return Change(Area.PROJECT, self.project_id)


class EditStageDatesCommand(ServiceCommand):
    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        stage: StageKind,
        stage_id: int,
        dates: StageDatesInput,
    ) -> None:
        super().__init__(document, f"Edit {stage.label} dates")
        self.project_id, self.stage_id, self.dates = project_id, stage_id, dates
        self.before: StageDatesInput | None = None

    def apply(self) -> Change:
        before = stages.update_stage_dates(self.document.db, self.stage_id, self.dates)
        self.before = self.before or before
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.before is not None
        stages.update_stage_dates(self.document.db, self.stage_id, self.before)
        return Change(Area.PROJECT, self.project_id)


class SetConditionStatusCommand(ServiceCommand):
    def __init__(
        self,
        document: DatabaseDocument,
        project_id: int,
        condition: ConditionView,
        status: ConditionStatus,
        on: dt.date,
    ) -> None:
        verb = {"open": "Reopen", "met": "Mark met", "waived": "Waive"}[status.value]
        super().__init__(document, f"{verb}: “{_short(condition.text)}”")
        self.project_id, self.condition_id = project_id, condition.id
        self.status, self.on = status, on
        self.before: ConditionView | None = None

    def apply(self) -> Change:
        db = self.document.db
        before = stages.set_condition_status(db, self.condition_id, self.status, self.on)
        self.before = self.before or before
        return Change(Area.PROJECT, self.project_id)

    def revert(self) -> Change:
        assert self.before is not None
        before = self.before
        stages.set_condition_status(self.document.db, before.id, before.status, before.closed_on)
        return Change(Area.PROJECT, self.project_id)


class ReplaceTemplatesCommand(ServiceCommand):
    """Save the council's edited checklist templates, one or more stages at once."""

    def __init__(
        self, document: DatabaseDocument, templates: Mapping[StageKind, Sequence[str]]
    ) -> None:
        super().__init__(document, "Edit stage checklists")
        self.templates = {kind: tuple(lines) for kind, lines in templates.items()}
        self.before: dict[StageKind, tuple[str, ...]] = {}

    def apply(self) -> Change:
        # Check every stage first, so that a refusal leaves none of them half-saved.
        for kind, lines in self.templates.items():
            if problem := template_problem(clean_template_lines(lines)):
                raise ValidationError({"lines": f"{kind.label}: {problem}"})
        for kind, lines in self.templates.items():
            previous = stages.replace_templates(self.document.db, kind, lines)
            self.before.setdefault(kind, previous)
        return Change(Area.ORGANISATION)

    def revert(self) -> Change:
        for kind, lines in self.before.items():
            stages.replace_templates(self.document.db, kind, lines)
        return Change(Area.ORGANISATION)
