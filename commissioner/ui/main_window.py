"""The main window: menus, the welcome screen, the portfolio and a project workspace."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from commissioner import __version__
from commissioner.errors import CommissionerError, RecordNotFoundError
from commissioner.paths import default_database_path
from commissioner.services import projects
from commissioner.services.audit_trail import AuditFilter
from commissioner.services.changes import Change
from commissioner.storage import open_database
from commissioner.storage.database import default_actor
from commissioner.ui import project_actions
from commissioner.ui.audit_view import RecordHistoryDialog
from commissioner.ui.document import DatabaseDocument
from commissioner.ui.messages import show_problem
from commissioner.ui.organisation_dialog import edit_organisation
from commissioner.ui.organisation_gaps import OrganisationGapsPage
from commissioner.ui.packs_area import PortfolioPacksPage
from commissioner.ui.portfolio import PortfolioPage
from commissioner.ui.portfolio_costs import PortfolioCostsPage
from commissioner.ui.portfolio_risks import PortfolioRisksPage
from commissioner.ui.project_files import ProjectFiles
from commissioner.ui.risk_settings_dialog import edit_risk_settings
from commissioner.ui.settings import AppSettings
from commissioner.ui.welcome import WelcomePage
from commissioner.ui.workspace import ProjectWorkspace

FILE_FILTER = "Commissioner portfolios (*.commissioner.db *.db);;All files (*)"
DEMO_FILE_NAME = "demo.commissioner.db"


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.document: DatabaseDocument | None = None
        self.undo_group = QUndoGroup(self)
        self.welcome = WelcomePage()
        self.portfolio = PortfolioPage()
        self.workspace = ProjectWorkspace()
        self.portfolio_risks = PortfolioRisksPage()
        self.portfolio_costs = PortfolioCostsPage()
        self.organisation_gaps = OrganisationGapsPage()
        self.portfolio_packs = PortfolioPacksPage()
        self.pages = QStackedWidget()
        for page in (
            self.welcome,
            self.portfolio,
            self.workspace,
            self.portfolio_risks,
            self.portfolio_costs,
            self.organisation_gaps,
            self.portfolio_packs,
        ):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.resize(1200, 760)
        self._create_actions()
        self._create_menus()
        self._connect_signals()
        self._restore_layout()
        self._show_welcome()

    # ----- construction -------------------------------------------------
    def _create_actions(self) -> None:
        def action(
            text: str,
            slot: Callable[[], object],
            shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
        ) -> QAction:
            made = QAction(text, self)
            made.triggered.connect(slot)
            if shortcut is not None:
                made.setShortcut(shortcut)
            return made

        self.new_database_action = action("&New portfolio file…", self.new_database)
        self.open_action = action("&Open…", self.choose_and_open, QKeySequence.StandardKey.Open)
        self.save_copy_action = action("Save a &copy…", self.save_copy)
        # Export project… and Import project…, and project files dropped on the window.
        self.project_files = ProjectFiles(self, self._current_project_id)
        self.quit_action = action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.user_name_action = action("Your name in the audit &trail…", self.ask_user_name)
        self.organisation_action = action("&Organisation settings…", self.edit_organisation)
        self.new_project_action = action(
            "&New project…", self.new_project, QKeySequence.StandardKey.New
        )
        self.edit_project_action = action(
            "&Edit project…", self.edit_project, QKeySequence("Ctrl+E")
        )
        self.archive_action = action("&Archive or restore project", self.toggle_archive)
        self.delete_action = action("&Delete project…", self.delete_project)
        self.portfolio_action = action("&Portfolio", self.show_portfolio, QKeySequence("Ctrl+1"))
        self.portfolio_risks_action = action(
            "Portfolio &risks", self.show_portfolio_risks, QKeySequence("Ctrl+2")
        )
        self.portfolio_costs_action = action(
            "Portfolio &costs", self.show_portfolio_costs, QKeySequence("Ctrl+3")
        )
        self.organisation_gaps_action = action(
            "Organisation-wide &skills gaps", self.show_organisation_gaps, QKeySequence("Ctrl+4")
        )
        self.portfolio_packs_action = action(
            "Portfolio governance &packs", self.show_portfolio_packs, QKeySequence("Ctrl+5")
        )
        self.risk_settings_action = action("&Risk settings…", self.edit_risk_settings)
        self.about_action = action("&About Commissioner", self.show_about)
        self.project_actions = (
            self.edit_project_action,
            self.archive_action,
            self.delete_action,
        )

    def _create_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addActions([self.new_database_action, self.open_action])
        self.recent_menu = QMenu("Open &recent", self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.save_copy_action)
        file_menu.addActions(self.project_files.actions)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.user_name_action)
        edit_menu.addAction(self.organisation_action)
        edit_menu.addAction(self.risk_settings_action)
        project_menu = menu.addMenu("&Project")
        project_menu.addAction(self.new_project_action)
        project_menu.addActions(list(self.project_actions))
        view_menu = menu.addMenu("&View")
        view_menu.addAction(self.portfolio_action)
        view_menu.addAction(self.portfolio_risks_action)
        view_menu.addAction(self.portfolio_costs_action)
        view_menu.addAction(self.organisation_gaps_action)
        view_menu.addAction(self.portfolio_packs_action)
        menu.addMenu("&Help").addAction(self.about_action)
        self._refresh_recent_menu()

    def _connect_signals(self) -> None:
        self.welcome.create_requested.connect(self.create_default_portfolio)
        self.welcome.open_requested.connect(self.choose_and_open)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_requested.connect(self.open_path)
        self.portfolio.project_opened.connect(self.open_project)
        self.portfolio.new_project_requested.connect(self.new_project)
        self.portfolio.show_archived_changed.connect(self._on_show_archived)
        self.workspace.back_requested.connect(self.show_portfolio)
        self.workspace.edit_requested.connect(self.edit_project)
        self.workspace.archive_requested.connect(self.toggle_archive)
        self.workspace.delete_requested.connect(self.delete_project)
        self.workspace.history_requested.connect(self.show_record_history)
        self.portfolio_risks.project_opened.connect(self.open_project)
        self.portfolio_costs.project_opened.connect(self.open_project)
        self.organisation_gaps.project_opened.connect(self.open_project)
        self.pages.currentChanged.connect(lambda _index: self._update_actions())

    def _restore_layout(self) -> None:
        if geometry := self.settings.window_geometry:
            self.restoreGeometry(geometry)
        if state := self.settings.splitter_state("workspace"):
            self.workspace.splitter.restoreState(state)

    # ----- opening files -----------------------------------------------
    def open_path(self, path: Path) -> bool:
        """Open ``path`` (creating it if new); on failure keep what was open."""
        try:
            name = self.settings.user_name or default_actor()
            db = open_database(path, actor=name)
        except CommissionerError as error:
            show_problem(self, "Cannot open this file", str(error))
            if not path.exists():
                self.settings.forget_file(path)
                self._refresh_recent_menu()
            return False
        self._close_document()
        self.document = DatabaseDocument(db, self)
        self.document.changed.connect(self._on_change)
        self.document.failed.connect(lambda message: show_problem(self, "Undo", message))
        self.undo_group.addStack(self.document.undo_stack)
        self.undo_group.setActiveStack(self.document.undo_stack)
        self.portfolio_risks.set_document(self.document)
        self.portfolio_costs.set_document(self.document)
        self.organisation_gaps.set_document(self.document)
        self.portfolio_packs.set_document(self.document)
        self.settings.remember_file(path)
        self._refresh_recent_menu()
        self.show_portfolio()
        return True

    def _close_document(self) -> None:
        if self.document is not None:
            self.portfolio_risks.set_document(None)
            self.portfolio_costs.set_document(None)
            self.organisation_gaps.set_document(None)
            self.portfolio_packs.set_document(None)
            self.undo_group.removeStack(self.document.undo_stack)
            self.document.close()
            self.document.deleteLater()
            self.document = None

    def choose_and_open(self) -> None:
        start = str(self.settings.last_database or default_database_path())
        name, _ = QFileDialog.getOpenFileName(self, "Open portfolio", start, FILE_FILTER)
        if name:
            self.open_path(Path(name))

    def new_database(self) -> None:
        start = str(default_database_path().with_name("new-portfolio.commissioner.db"))
        name, _ = QFileDialog.getSaveFileName(
            self,
            "New portfolio file",
            start,
            FILE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not name:
            return
        path = Path(name)
        if path.exists():
            show_problem(
                self,
                "File already exists",
                f"{path.name} already exists. Choose another name, or use File → Open to open it.",
            )
            return
        self.open_path(path)

    def create_default_portfolio(self) -> None:
        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.open_path(path)

    def open_demo(self) -> None:
        from commissioner.services.demo import build_demo_portfolio

        path = default_database_path().with_name(DEMO_FILE_NAME)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not self.open_path(path) or self.document is None:
            return
        if self.portfolio.model.rowCount() == 0:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                build_demo_portfolio(self.document.db)
            except CommissionerError as error:
                show_problem(self, "Cannot create the demo", str(error))
            finally:
                QGuiApplication.restoreOverrideCursor()
            self.refresh_portfolio()

    def save_copy(self) -> None:
        if self.document is None:
            return
        source = self.document.db.path
        suggestion = source.with_name(f"{source.stem} copy{source.suffix}")
        name, _ = QFileDialog.getSaveFileName(self, "Save a copy", str(suggestion), FILE_FILTER)
        if not name:
            return
        try:
            self.document.db.save_copy(Path(name))
        except CommissionerError as error:
            show_problem(self, "Copy not saved", str(error))
            return
        self.statusBar().showMessage(f"Saved a copy to {name}", 6000)

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files
        for path in recent:
            self.recent_menu.addAction(str(path), functools.partial(self.open_path, path))
        self.recent_menu.setEnabled(bool(recent))
        self.welcome.set_recent_files(recent)

    # ----- navigation ----------------------------------------------------
    def _show_welcome(self) -> None:
        self.pages.setCurrentWidget(self.welcome)
        self._update_title()

    def show_portfolio(self) -> None:
        if self.document is None:
            self._show_welcome()
            return
        self.refresh_portfolio()
        self.pages.setCurrentWidget(self.portfolio)
        self.portfolio.filter_edit.setFocus()
        self._update_title()

    def show_portfolio_risks(self) -> None:
        if self.document is None:
            return
        self.portfolio_risks.reload()  # read afresh: the demo is built outside the undo stack
        self.pages.setCurrentWidget(self.portfolio_risks)
        self._update_title()

    def show_portfolio_costs(self) -> None:
        if self.document is None:
            return
        # Read afresh, as the portfolio does: the demo is built outside the undo stack.
        self.portfolio_costs.reload()
        self.pages.setCurrentWidget(self.portfolio_costs)
        self._update_title()

    def show_organisation_gaps(self) -> None:
        if self.document is None:
            return
        # Read afresh, as the portfolio does: the demo is built outside the undo stack.
        self.organisation_gaps.reload()
        self.pages.setCurrentWidget(self.organisation_gaps)
        self._update_title()

    def show_portfolio_packs(self) -> None:
        if self.document is not None:
            self.portfolio_packs.reload()
            self.pages.setCurrentWidget(self.portfolio_packs)
            self._update_title()

    def edit_risk_settings(self) -> None:
        if self.document is not None:
            edit_risk_settings(self.document, self)

    def _on_show_archived(self, _shown: bool) -> None:
        self.refresh_portfolio()

    def refresh_portfolio(self) -> None:
        if self.document is None:
            return
        include_archived = self.portfolio.show_archived.isChecked()
        try:
            rows = projects.list_projects(self.document.db, include_archived=include_archived)
        except CommissionerError as error:
            show_problem(self, "Cannot read the portfolio", str(error))
            return
        self.portfolio.set_projects(rows)

    def open_project(self, project_id: int) -> None:
        if self.document is None:
            return
        try:
            detail = projects.get_project(self.document.db, project_id)
        except CommissionerError as error:
            show_problem(self, "Cannot open the project", str(error))
            self.refresh_portfolio()
            return
        self.workspace.show_project(detail, self.document)
        self.pages.setCurrentWidget(self.workspace)
        self._update_title()

    def _on_change(self, change: Change) -> None:
        self.refresh_portfolio()
        showing = self.workspace.project
        in_workspace = self.pages.currentWidget() is self.workspace
        if in_workspace and showing is not None and change.project_id in (None, showing.id):
            self._refresh_workspace(showing.id)
        self._update_title()

    def _refresh_workspace(self, project_id: int) -> None:
        assert self.document is not None
        try:
            detail = projects.get_project(self.document.db, project_id)
        except RecordNotFoundError:
            self.show_portfolio()
            return
        self.workspace.show_project(detail, self.document)

    def _update_title(self) -> None:
        parts = ["Commissioner"]
        if self.document is not None:
            parts.append(self.document.db.path.name)
            if self.document.db.read_only:
                parts.append("(read-only)")
        if self.pages.currentWidget() is self.workspace and self.workspace.project:
            parts.insert(1, self.workspace.project.reference)
        self.setWindowTitle(" — ".join(parts))
        self._update_actions()

    def _update_actions(self) -> None:
        has_file = self.document is not None
        writable = has_file and not self.document.db.read_only  # type: ignore[union-attr]
        self.save_copy_action.setEnabled(has_file)
        self.portfolio_risks_action.setEnabled(has_file)
        self.portfolio_costs_action.setEnabled(has_file)
        self.organisation_gaps_action.setEnabled(has_file)
        self.portfolio_packs_action.setEnabled(has_file)
        self.risk_settings_action.setEnabled(writable)
        self.organisation_action.setEnabled(writable)
        self.portfolio_action.setEnabled(has_file)
        self.new_project_action.setEnabled(writable)
        self.project_files.update_actions()
        self.portfolio.new_button.setEnabled(writable)
        for action in self.project_actions:
            action.setEnabled(writable and self._current_project_id() is not None)
        for button in (
            self.workspace.edit_button,
            self.workspace.archive_button,
            self.workspace.delete_button,
        ):
            button.setEnabled(writable)
        if has_file and not writable:
            self.statusBar().showMessage(
                "This file is read-only: you can read it, but changes cannot be saved."
            )

    def _current_project_id(self) -> int | None:
        if self.pages.currentWidget() is self.workspace and self.workspace.project:
            return self.workspace.project.id
        if self.pages.currentWidget() is self.portfolio:
            selected = self.portfolio.selected_project()
            return selected.id if selected else None
        return None

    # ----- project actions ---------------------------------------------
    def new_project(self) -> None:
        if self.document is None:
            return
        created = project_actions.create_project(self, self.document)
        if created is not None:
            self.open_project(created)

    def edit_project(self) -> None:
        project_id = self._current_project_id()
        if self.document is not None and project_id is not None:
            project_actions.edit_project(self, self.document, project_id)

    def toggle_archive(self) -> None:
        project_id = self._current_project_id()
        if self.document is not None and project_id is not None:
            message = project_actions.toggle_archive(self, self.document, project_id)
            if message:
                self.statusBar().showMessage(message, 8000)

    def delete_project(self) -> None:
        project_id = self._current_project_id()
        if self.document is None or project_id is None:
            return
        if project_actions.delete_project(self, self.document, project_id):
            self.show_portfolio()

    def show_record_history(self, table_name: str, record_id: int, title: str) -> None:
        if self.document is None:
            return
        audit_filter = AuditFilter(table_name=table_name, record_id=record_id)
        RecordHistoryDialog(self.document.db, audit_filter, title, self).exec()

    # ----- preferences and help -----------------------------------------
    def ask_user_name(self) -> None:
        current = self.settings.user_name or default_actor()
        name, ok = QInputDialog.getText(
            self, "Your name", "Name recorded in the audit trail for your changes:", text=current
        )
        if ok and name.strip():
            self.settings.user_name = name
            if self.document is not None:
                self.document.db.actor = name.strip()

    def edit_organisation(self) -> None:
        if self.document is not None:
            edit_organisation(self.document, self)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            "About Commissioner",
            f"Commissioner {__version__}\n\nGovernance of council commissioning projects, "
            "from needs assessment to delivery.",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.window_geometry = self.saveGeometry()
        self.settings.set_splitter_state("workspace", self.workspace.splitter.saveState())
        self.settings.sync()
        self._close_document()
        super().closeEvent(event)
