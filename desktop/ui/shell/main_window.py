"""The main window: a navigation bar of the officer's tasks, one screen each, and a status bar
(officer, commune, pending changes, last sync). It opens the ledger, runs the first-run wizard or
the sign-in, and locks after idle time. Every disk access goes through its Operations."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
)

from desktop.ledger.commune import current_commune
from desktop.ledger.paths import DataFolder
from desktop.ledger.records import Commune, Officer
from desktop.ledger.setup import first_officer, officer_count, set_up_ledger
from desktop.ledger.status import LedgerStatus, ledger_status
from desktop.ledger.storage import Ledger, open_data_folder
from desktop.ledger.storage.database import make_daily_backup
from desktop.ui import texts
from desktop.ui.operations import OpChanges, Operations
from desktop.ui.screen import Screen
from desktop.ui.screens import NAV
from desktop.ui.shell import file_menu
from desktop.ui.shell.first_run import FirstRunWizard
from desktop.ui.shell.help import show_about, show_help
from desktop.ui.shell.idle import IdleLock
from desktop.ui.shell.sign_in import SignInDialog
from desktop.ui.workspace import Workspace

IDLE_MINUTES = 10.0
KEYS = [key for key, _title in NAV]


class MainWindow(QMainWindow):
    ready = Signal()  # signed in, and the household list is shown
    backed_up = Signal()  # today's daily backup is made (or was not needed, or failed: said)

    def __init__(self, folder: DataFolder, *, idle_minutes: float = IDLE_MINUTES) -> None:
        super().__init__()
        self.folder = folder
        self.ledger: Ledger | None = None
        self.commune: Commune | None = None
        self.workspace: Workspace | None = None
        self.screens: dict[str, Screen] = {}
        self.operations = Operations(self)
        self.operations.busy.connect(self._busy)
        self.operations.changed.connect(self._changed)
        self.operations.written.connect(self._written)
        self.operations.ledger_replaced.connect(self.reload_after_restore)
        self._closing = False
        self._backed_up = False
        self._list_awaited = False  # `ready` is told when the list is next shown
        self.ready.connect(self._daily_backup)
        self._stop_backup = threading.Event()
        self._close_question: QMessageBox | None = None
        self.setWindowTitle("Sổ Thoát Nghèo")
        self.resize(1366, 740)
        self.nav = QListWidget()
        self.nav.setIconSize(QSize(0, 0))
        self.nav.setMaximumWidth(230)
        self.nav.currentRowChanged.connect(self._go)
        self.stack = QStackedWidget()
        self.locked_page = QLabel("Phiên làm việc đã khóa.")
        self.locked_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.locked_page)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([210, 1150])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.officer_label, self.commune_label = QLabel(), QLabel()
        self.pending_label, self.busy_label = QLabel(), QLabel()
        self.message = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.message, 1)
        for label in (self.busy_label, self.officer_label, self.commune_label, self.pending_label):
            label.setStyleSheet("padding: 0 10px; border-left: 1px solid #bbb")
            bar.addPermanentWidget(label)
        app = QApplication.instance()
        self.idle = IdleLock(app, idle_minutes, self)  # type: ignore[arg-type]
        self.idle.idle.connect(self.lock)
        self._menus()

    def _menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("&Tệp")
        self.file_menu.setEnabled(False)
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        self._action(help_menu, "&Trợ giúp cho màn hình này", self.help, "F1")
        self._action(help_menu, "&Giới thiệu", lambda: show_about(self, self.folder))

    def _action(
        self, menu: QMenu, text: str, slot: Callable[[], None], keys: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _busy(self, busy: bool) -> None:
        self.busy_label.setText("Đang xử lý…" if busy else "")

    def _written(self) -> None:
        if self._closing and not self.operations.is_writing:
            self.close()

    # -- start-up: open, first run or sign in ----------------------------------------------

    def start(self) -> None:
        self.message.setText("Đang mở sổ dữ liệu…")

        def work() -> tuple[Ledger, Commune | None, int]:
            # Today's backup (a compressed copy: tens of seconds for a large commune) is made
            # once the list is shown, not before the officer may start.
            ledger = open_data_folder(self.folder, backup=False)
            with ledger.session() as session:
                commune = current_commune(session)
            return ledger, commune, officer_count(ledger)

        self.operations.run(work, self._opened, title="Không mở được sổ dữ liệu")

    def _opened(self, result: tuple[Ledger, Commune | None, int]) -> None:
        self.ledger, self.commune, officers = result
        if self.commune is None or officers == 0:
            self.first_run = FirstRunWizard(self, account_only=self.commune is not None)
            self.first_run.accepted.connect(self._set_up)
            self.first_run.rejected.connect(self.close)  # nothing to show without a commune
            self.first_run.open()
            return
        self.message.setText("")
        self.ask_sign_in()

    def _set_up(self) -> None:
        choice = self.first_run.choice()
        if choice is None or self.ledger is None:
            return
        ledger = self.ledger
        self.message.setText("Đang thiết lập…" + (" và tạo dữ liệu mẫu" if choice.demo else ""))

        def work() -> tuple[Commune, Officer]:
            if self.commune is not None:  # a ledger set up by `sotn init`: only the account
                return self.commune, first_officer(
                    ledger, choice.username, choice.full_name, choice.password
                )
            return set_up_ledger(
                ledger,
                province_code=choice.province_code,
                commune_code=choice.commune_code,
                villages=choice.villages,
                username=choice.username,
                full_name=choice.full_name,
                password=choice.password,
                demo=choice.demo,
            )

        def done(result: tuple[Commune, Officer]) -> None:
            self.commune = result[0]
            self.signed_in(result[1])

        self.operations.write(work, done, title="Không thiết lập được")

    def _daily_backup(self) -> None:
        """Today's backup (17 s on 50,000 households), in the background once the list is
        shown: a consistent snapshot beside the officer's own writes. Closing the window stops
        it and leaves nothing; the next opening makes it."""
        if self._backed_up:
            return
        self._backed_up = True
        folder, stop = self.folder, self._stop_backup

        def told(notice: str | None) -> None:
            if notice:  # e.g. the disk is full: the officer keeps working, and is told
                texts.warn(self, "Sao lưu hằng ngày", notice)
            self.backed_up.emit()

        self.operations.run(
            lambda: make_daily_backup(folder, cancelled=stop.is_set),
            told,
            title="Chưa sao lưu hằng ngày được",
        )

    def ask_sign_in(self, locked_by: str | None = None) -> None:
        assert self.ledger is not None and self.commune is not None
        self.sign_in = SignInDialog(
            self.ledger,
            self.operations,
            self,
            commune_name=f"{self.commune.name}, {self.commune.province_name}",
            locked_by=locked_by,
        )
        self.sign_in.signed_in.connect(self.signed_in)
        self.sign_in.rejected.connect(self.close)
        self.sign_in.open()

    def signed_in(self, officer: Officer) -> None:
        assert self.ledger is not None and self.commune is not None
        if self.workspace is None:
            self.workspace = Workspace(self.folder, self.ledger, self.commune, self.operations)
            self.workspace.officer = officer
            self._list_awaited = True
            self._open_screens()
        else:
            self.workspace.officer = officer
            self._enable_central(True)
        self.officer_label.setText(f"Cán bộ: {officer.full_name}")
        self.idle.start()
        self.refresh_status()

    def lock(self) -> None:
        """Hide the data and ask for a password again (the same or another officer)."""
        if self.workspace is None or self.workspace.officer is None:
            return
        self.idle.stop()
        for dialog in self.findChildren(SignInDialog):
            if dialog.isVisible():
                return
        self._enable_central(False)
        unlocked = self.stack.currentWidget()
        self.stack.setCurrentWidget(self.locked_page)
        self.ask_sign_in(self.workspace.officer.username)
        if unlocked is not None:
            self.sign_in.signed_in.connect(lambda _o: self.stack.setCurrentWidget(unlocked))

    def _enable_central(self, enabled: bool) -> None:
        central = self.centralWidget()
        if central is not None:
            central.setEnabled(enabled)

    # -- screens ------------------------------------------------------------------------------

    def _open_screens(self) -> None:
        assert self.workspace is not None and self.commune is not None
        commune = self.commune
        self.setWindowTitle(f"Sổ Thoát Nghèo — {commune.name}, {commune.province_name}")
        self.commune_label.setText(f"{commune.name}, {commune.province_name}")
        self.nav.blockSignals(True)  # adding items selects the first: build nothing yet
        for _key, title in NAV:
            self.nav.addItem(QListWidgetItem(title))
        self.nav.blockSignals(False)
        file_menu.fill(self, self.file_menu)
        self.file_menu.setEnabled(True)
        self.go("households")

    def screen_for(self, key: str) -> Screen:
        """The screen for `key`, built (and wired) the first time it is asked for."""
        if key not in self.screens:
            from desktop.ui.screens import build_screen

            assert self.workspace is not None
            screen = build_screen(self.workspace, key)
            self.screens[key] = screen
            self.stack.addWidget(screen)
            if key == "households":
                screen.loaded.connect(self._list_shown)  # type: ignore[attr-defined]
            if key == "overview":
                screen.open_households.connect(self._open_households)  # type: ignore[attr-defined]
                screen.open_registrations.connect(self._open_registrations)  # type: ignore[attr-defined]
        return self.screens[key]

    def _list_shown(self, _count: int) -> None:
        # Once after signing in, once after a restore: not at every search the list runs.
        if self._list_awaited:
            self._list_awaited = False
            self.ready.emit()

    def _open_households(self, wanted: object) -> None:
        screen = self.go("households")
        screen.show_filter(wanted)  # type: ignore[attr-defined]

    def _open_registrations(self, status: str | None) -> None:
        screen = self.go("registrations")
        combo = screen.status  # type: ignore[attr-defined]
        combo.setCurrentIndex(max(0, combo.findData(status)) if status else 0)

    def go(self, key: str) -> Screen:
        screen = self.screen_for(key)
        self.nav.setCurrentRow(KEYS.index(key))
        return screen

    def _go(self, row: int) -> None:
        if row < 0:
            return
        screen = self.screen_for(KEYS[row])
        self.stack.setCurrentWidget(screen)
        screen.shown()
        screen.setFocus()

    def current_screen(self) -> Screen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Screen) else None

    def help(self) -> None:
        screen = self.current_screen()
        show_help(self, screen.key if screen else "")

    def _changed(self, changes: OpChanges) -> None:
        current = self.current_screen()
        for screen in self.screens.values():
            screen.changed(changes, screen is current)
        self.refresh_status()

    def reload_after_restore(self) -> None:
        """The ledger under the window was restored from a backup: show it as it now is."""
        if self.ledger is None:
            return
        ledger = self.ledger

        def work() -> None:
            ledger.adopt_restore()

        self._list_awaited = True
        every_table = OpChanges(frozenset(t for s in self.screens.values() for t in s.watches))
        self.operations.run(work, lambda _r: self._changed(every_table))

    def refresh_status(self) -> None:
        if self.ledger is None:
            return
        ledger = self.ledger

        def work() -> LedgerStatus:
            with ledger.session() as session:
                return ledger_status(session)

        def show(status: LedgerStatus) -> None:
            pending = f"{status.pending_changes:,}".replace(",", ".")
            last = status.last_sync.strftime("%d/%m/%Y %H:%M") if status.last_sync else "chưa có"
            self.pending_label.setText(
                f"Chờ đồng bộ: {pending} thay đổi · Đồng bộ lần cuối: {last}"
            )

        self.operations.run(work, show)

    # -- closing ------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Never wait on the UI thread: with a change being written, ask (without blocking),
        then close when it is written. A read under way is simply abandoned."""
        if self.operations.is_writing:
            event.ignore()
            if not self._closing and self._close_question is None:
                self._close_question = texts.ask_then(
                    self,
                    "Đang có việc chưa xong",
                    "Phần mềm đang lưu hoặc xử lý dữ liệu. Thoát khi việc này xong?",
                    self._close_answered,
                )
            return
        self._stop_backup.set()  # a daily backup under way stops within a moment
        self.idle.stop()
        self.idle.remove()
        if self.ledger is not None:
            self.ledger.close()
        super().closeEvent(event)

    def _close_answered(self, answer: QMessageBox.StandardButton) -> None:
        self._close_question = None
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._closing = True
        self.message.setText("Đang chờ việc đang chạy xong để thoát…")
        central = self.centralWidget()
        if central is not None:
            central.setEnabled(False)
        self.menuBar().setEnabled(False)
        if not self.operations.is_writing:
            self.close()
