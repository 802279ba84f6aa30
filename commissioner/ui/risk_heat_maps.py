"""The inherent and residual heat maps beside a project's register; a click filters it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from commissioner.services.risk_heat_map import heat_map_counts
from commissioner.services.risk_matrix import load_matrix
from commissioner.storage import Database
from commissioner.ui.heat_map import HeatMapWidget


class RiskHeatMapsPanel(QWidget):
    """Two heat maps of one project's open risks; one highlighted cell at a time."""

    cell_chosen = Signal(str, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.maps = {stage: HeatMapWidget(stage) for stage in ("residual", "inherent")}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for heat_map in self.maps.values():
            heat_map.setMinimumSize(300, 260)
            heat_map.cell_clicked.connect(self._chosen)
            layout.addWidget(heat_map)
        layout.addStretch(1)

    def show_project(self, db: Database, project_id: int) -> None:
        matrix = load_matrix(db)
        for stage, heat_map in self.maps.items():
            counts = heat_map_counts(db, project_id=project_id, stage=stage)  # type: ignore[arg-type]
            heat_map.set_counts(counts, matrix)

    def show_cell(self, cell: tuple[str, int, int] | None) -> None:
        """Highlight the register's cell filter (or nothing) without emitting."""
        for stage, heat_map in self.maps.items():
            if cell is not None and cell[0] == stage:
                heat_map.select_cell(cell[1], cell[2])
            else:
                heat_map.clear_selection()

    def _chosen(self, stage: str, likelihood: int, impact: int) -> None:
        self.show_cell((stage, likelihood, impact))
        self.cell_chosen.emit(stage, likelihood, impact)
