"""The sync screen: enrolment, what waits to be sent, the last sync, progress, errors in
Vietnamese, and the conflicts an officer settles. Syncs run off the UI thread (the network
never holds the database writer), by hand or every few minutes while the app is open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.ledger.records import SyncConflict
from desktop.ui import texts
from desktop.ui.operations import OpChanges
from desktop.ui.screen import Screen
from desktop.ui.workspace import Workspace

AUTO_SYNC_MS = 10 * 60 * 1000  # try again every ten minutes while the app is open
KIND_LABELS = {
    "field": "Cùng sửa một trường",
    "edit_vs_delete": "Máy này sửa, tỉnh/máy khác đã xoá",
    "delete_vs_edit": "Máy này xoá, tỉnh/máy khác đã sửa",
    "rejected": "Máy chủ không nhận",
}


@dataclass(frozen=True)
class SyncView:
    """What the screen shows, read off the UI thread."""

    enrolled: bool
    server_url: str
    pending: int
    last_success: datetime | None
    last_error: str | None
    conflicts: list[SyncConflict]


def read_view(workspace: Workspace) -> SyncView:
    from desktop.ledger.storage import outbox
    from sync import local

    with workspace.ledger.read() as session:
        state = local.sync_state(session)
        return SyncView(
            enrolled=state is not None,
            server_url=state.server_url if state else "",
            pending=outbox.pending_count(session),
            last_success=state.last_success_at if state else None,
            last_error=state.last_error if state else None,
            conflicts=local.open_conflicts(session),
        )


class _Progress(QObject):
    """Carries the worker's progress to the UI thread (a queued signal)."""

    moved = Signal(str, int, int)


class SyncScreen(Screen):
    key = "sync"
    title = "Đồng bộ"
    watches = ("change_log", "sync_state", "sync_conflict")

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.running = False
        self._progress = _Progress(self)
        self._progress.moved.connect(self._show_progress)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Đồng bộ với máy chủ tỉnh</h2>"))

        self.status = QLabel("Đang đọc…")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        self.enrol_box = QGroupBox("Đăng ký máy này với máy chủ tỉnh (làm một lần)")
        form = QFormLayout(self.enrol_box)
        self.server_field = QLineEdit()
        self.server_field.setPlaceholderText("https://sotn.caobang.gov.vn")
        self.username_field = QLineEdit()
        self.password_field = QLineEdit()
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.enrol_button = QPushButton("Đăng ký máy")
        self.enrol_button.clicked.connect(self.enrol)
        form.addRow("Địa chỉ máy chủ", self.server_field)
        form.addRow("Tên đăng nhập", self.username_field)
        form.addRow("Mật khẩu", self.password_field)
        form.addRow("", self.enrol_button)
        layout.addWidget(self.enrol_box)

        row = QHBoxLayout()
        self.sync_button = QPushButton("Đồng bộ ngay")
        self.sync_button.clicked.connect(self.sync_now)
        self.defer_attachments = QCheckBox("Để ảnh, tệp đính kèm lần sau (mạng chậm)")
        row.addWidget(self.sync_button)
        row.addWidget(self.defer_attachments)
        row.addStretch(1)
        layout.addLayout(row)
        self.stage = QLabel("")
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)

        layout.addWidget(QLabel("<b>Xung đột cần cán bộ quyết định</b>"))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            ["Loại", "Bản ghi", "Trường", "Giá trị trên máy này", "Giá trị trên máy chủ"]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.keep_server = QPushButton("Giữ giá trị của máy chủ")
        self.keep_local = QPushButton("Dùng giá trị của máy này")
        self.keep_server.clicked.connect(lambda: self.resolve("server"))
        self.keep_local.clicked.connect(lambda: self.resolve("local"))
        buttons.addWidget(self.keep_server)
        buttons.addWidget(self.keep_local)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._conflicts: list[SyncConflict] = []
        self.view: SyncView | None = None

        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_SYNC_MS)
        self.timer.timeout.connect(self.auto_sync)
        self.timer.start()

    # -- reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        workspace = self.workspace
        self.workspace.operations.run(lambda: read_view(workspace), self._show)

    def _show(self, view: SyncView) -> None:
        self.view = view
        self.enrol_box.setVisible(not view.enrolled)
        self.sync_button.setEnabled(view.enrolled and not self.running)
        when = view.last_success
        if when is not None and when.tzinfo is not None:
            when = when.astimezone()  # the laptop's own time zone, not UTC
        last = when.strftime("%d/%m/%Y %H:%M") if when else "chưa có"
        lines = [
            f"Máy chủ: {view.server_url or 'máy này chưa đăng ký'}",
            f"Chờ gửi: {view.pending:,} thay đổi".replace(",", "."),
            f"Đồng bộ thành công lần cuối: {last}",
        ]
        if view.last_error:
            lines.append(f"<span style='color:#b00020'>Lần trước: {view.last_error}</span>")
        if view.conflicts:
            lines.append(f"<b>{len(view.conflicts)} xung đột chờ quyết định</b>")
        self.status.setText("<br>".join(lines))
        self._conflicts = view.conflicts
        self.table.setRowCount(len(view.conflicts))
        for row, c in enumerate(view.conflicts):
            cells = [
                KIND_LABELS.get(c.kind, c.kind),
                f"{c.entity} {c.record_id[:8]}",
                c.field,
                _text(c.local_value),
                _text(c.server_value),
            ]
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    # -- enrolment and sync -------------------------------------------------------------------

    def enrol(self) -> None:
        server = self.server_field.text().strip()
        username = self.username_field.text().strip()
        password = self.password_field.text()
        if not server.startswith(("http://", "https://")) or not username or not password:
            texts.warn(
                self,
                "Chưa đủ thông tin",
                "Nhập địa chỉ máy chủ (bắt đầu bằng https://), tên đăng nhập và mật khẩu.",
            )
            return
        workspace = self.workspace

        def work() -> str:
            from desktop.ledger.records import SyncState
            from sync.client import SyncError, enrol

            try:
                answer = enrol(server, username, password, "máy tính xã")
            except SyncError as exc:
                raise ValueError(str(exc)) from None
            if answer.commune is None or answer.commune.code != workspace.commune.code:
                raise ValueError(f"Tài khoản này không thuộc {workspace.commune.name}.")
            with workspace.ledger.session() as session:
                state = session.get(SyncState, 1) or SyncState(
                    server_url="", device_id="", token=""
                )
                state.server_url = server.rstrip("/")
                state.device_id, state.token = answer.device_id, answer.token
                session.add(state)
            return answer.commune.name

        def done(name: str) -> None:
            self.password_field.clear()
            texts.inform(self, "Đã đăng ký", f"Máy này đã được đăng ký cho {name}.")
            self.reload()
            self.sync_now()

        self.workspace.operations.run(work, done, on_error=self._failed_enrol)

    def _failed_enrol(self, exc: BaseException) -> None:
        texts.warn(self, "Không đăng ký được", str(exc))

    def auto_sync(self) -> None:
        if self.view is not None and self.view.enrolled and not self.running:
            self.sync_now(quiet=True)

    def sync_now(self, quiet: bool = False) -> None:
        if self.running:
            return
        self.running = True
        self.sync_button.setEnabled(False)
        self.bar.setVisible(True)
        self.bar.setRange(0, 0)
        self.stage.setText("Đang kết nối máy chủ tỉnh…")
        workspace, progress = self.workspace, self._progress
        attachments = not self.defer_attachments.isChecked()

        def work() -> Any:
            from sync.client import SyncClient

            client = SyncClient(
                workspace.ledger,
                workspace.folder,
                attachments=attachments,
                progress=progress.moved.emit,
            )
            return client.sync()

        def done(report: Any) -> None:
            self._finish()
            self.stage.setText(
                f"Xong: gửi {report.pushed} thay đổi, nhận {report.pulled} bản ghi"
                + ("" if report.converged else "; dữ liệu hai bên chưa khớp, sẽ đối chiếu lại")
                + (f"; {report.conflicts} xung đột mới" if report.conflicts else "")
            )
            self.workspace.operations.changed.emit(
                OpChanges(
                    frozenset(
                        (
                            "change_log",
                            "sync_state",
                            "sync_conflict",
                            "household",
                            "member",
                            "village",
                            "classification",
                        )
                    )
                )
            )
            self.reload()

        def failed(exc: BaseException) -> None:
            self._finish()
            self.stage.setText(f"Chưa đồng bộ được: {exc}")
            if not quiet:
                texts.warn(self, "Chưa đồng bộ được", str(exc))
            self.reload()

        self.workspace.operations.run(work, done, on_error=failed)

    def _finish(self) -> None:
        self.running = False
        self.bar.setVisible(False)
        self.sync_button.setEnabled(True)

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        self.stage.setText(stage)
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        else:
            self.bar.setRange(0, 0)

    # -- conflicts ----------------------------------------------------------------------------

    def resolve(self, keep: str) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if not rows:
            texts.warn(self, "Chưa chọn xung đột", "Chọn một dòng trong bảng xung đột trước.")
            return
        chosen = [self._conflicts[r].id for r in rows]
        workspace = self.workspace

        def work() -> None:
            from sync import local

            with workspace.ledger.session() as session:
                for conflict_id in chosen:
                    assert conflict_id is not None
                    local.resolve_conflict(
                        session, conflict_id, keep, officer=workspace.officer_name
                    )

        self.workspace.operations.write(
            work,
            lambda _r: self.reload(),
            changes=("sync_conflict",),
            title="Không giải quyết được",
        )


def _text(value: object) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items() if k != "search_text")
    return str(value)
