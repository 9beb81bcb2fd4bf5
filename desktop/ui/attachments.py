"""Attachments of a household or a model case, as thumbnails: attach a file, open it in the
system's viewer, remove it (a tombstone that the sync carries). Images are scaled off the UI
thread; the list is read and written through the window's operations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from desktop.ledger.attachments import (
    attach_file,
    attachments_of,
    copy_for_viewing,
    remove_attachment,
    stored_path,
)
from desktop.ledger.permissions import Permission
from desktop.ledger.records import Attachment, Household, ModelCase
from desktop.ui import texts
from desktop.ui.workspace import Workspace

THUMB = 160
ID = Qt.ItemDataRole.UserRole
IMAGES = {".jpg", ".jpeg", ".png"}
FILTER = "Ảnh, tài liệu (*.jpg *.jpeg *.png *.pdf *.doc *.docx *.xls *.xlsx)"


def thumbnails(folder: Path, attachments: list[tuple[str, str, str]]) -> list[tuple[str, QImage]]:
    """Scaled images (QImage, unlike QPixmap, may be made off the UI thread)."""
    out = []
    for attachment_id, sha, name in attachments:
        image = QImage()
        if Path(name).suffix.lower() in IMAGES and image.load(str(stored_path(folder, sha))):
            image = image.scaled(
                THUMB,
                THUMB,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        out.append((attachment_id, image))
    return out


def _owner(
    session: Session, owner: type[Household] | type[ModelCase], owner_id: str | None
) -> Household | ModelCase | None:
    if owner_id is None:
        return None
    if owner is Household:
        return session.get(Household, owner_id)
    return session.get(ModelCase, owner_id)


def open_in_system_viewer(path: Path) -> bool:
    """The one door to the desktop's own viewer (tests replace it: no viewer runs here)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class AttachmentsPanel(QWidget):
    shown = Signal()  # the list (and its thumbnails' request) is on screen
    opened_file = Signal(str)  # the path handed to the system viewer

    def __init__(
        self,
        workspace: Workspace,
        owner: type[Household] | type[ModelCase],
        hint: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.owner = owner
        self.owner_id: str | None = None
        # Each read or write of the list gets a number; only the newest one's answer is shown,
        # so a read that started before an attachment was added cannot hide it when it ends.
        self._asked = 0
        self._shown = 0  # how many times the list was filled; thumbnails go to the latest only
        self.open_file: Callable[[Path], bool] = open_in_system_viewer
        column = QVBoxLayout(self)
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        column.addWidget(self.hint)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 40, THUMB + 48))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        column.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.attach_button = QPushButton("&Đính kèm ảnh, tài liệu…")
        self.open_button = QPushButton("&Mở tệp")
        self.remove_button = QPushButton("&Gỡ tệp")
        for button in (self.attach_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.attach_button.clicked.connect(lambda: self.attach())
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        self.list.currentItemChanged.connect(lambda *_a: self._enable())
        self._file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self._enable()

    def _enable(self) -> None:
        editable = self.workspace.may(Permission.edit) and self.owner_id is not None
        chosen = self.list.currentItem() is not None
        self.attach_button.setEnabled(editable)
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(editable and chosen)

    def set_owner(self, owner_id: str | None) -> None:
        """Show the attachments of this household or model case (None: not saved yet)."""
        self.owner_id = owner_id
        self._enable()
        if owner_id is None:
            self.list.clear()
            return
        ledger, owner = self.workspace.ledger, self.owner

        def work() -> list[Attachment]:
            with ledger.read() as session:
                record = _owner(session, owner, owner_id)
                return [] if record is None else attachments_of(session, record)

        self.workspace.operations.run(work, self._answer_for(), title="Không đọc được tệp đính kèm")

    def _answer_for(self) -> Callable[[list[Attachment]], None]:
        self._asked += 1
        asked = self._asked

        def answer(attachments: list[Attachment]) -> None:
            if asked == self._asked:
                self._show(attachments)

        return answer

    def _show(self, attachments: list[Attachment]) -> None:
        self._shown += 1
        shown = self._shown
        self.list.clear()
        items: dict[str, QListWidgetItem] = {}
        for a in attachments:
            item = QListWidgetItem(self._file_icon, a.caption or a.file_name)
            item.setData(ID, a.id)
            item.setToolTip(f"{a.file_name} — {a.size / 1024:,.0f} KB".replace(",", "."))
            self.list.addItem(item)
            items[a.id] = item
        self._enable()
        folder = self.workspace.folder.attachments
        wanted = [(a.id, a.sha256, a.file_name) for a in attachments]

        def show(images: list[tuple[str, QImage]]) -> None:
            if shown != self._shown:  # the list was shown again since: these items are gone
                return
            for attachment_id, image in images:
                item = items.get(attachment_id)
                if item is not None and not image.isNull():
                    item.setIcon(QIcon(QPixmap.fromImage(image)))

        self.workspace.operations.run(lambda: thumbnails(folder, wanted), show)
        self.shown.emit()

    def ids(self) -> list[str]:
        return [self.list.item(i).data(ID) for i in range(self.list.count())]

    def attach(self, path: str | None = None) -> None:
        if self.owner_id is None or not self.workspace.allowed(self, Permission.edit):
            return
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Chọn ảnh hoặc tài liệu", "", FILTER)
        if not path:
            return
        ledger, officer, owner, owner_id = (
            self.workspace.ledger,
            self.workspace.officer_name,
            self.owner,
            self.owner_id,
        )
        folder = self.workspace.folder.attachments

        def work() -> list[Attachment]:
            with ledger.session() as session:
                record = _owner(session, owner, owner_id)
                if record is None:
                    raise LookupError(f"{owner.__name__} {owner_id} is gone")
                attach_file(session, record, Path(path), folder, officer=officer)
                return attachments_of(session, record)

        self.workspace.operations.write(work, self._answer_for(), title="Không đính kèm được")

    def open_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        attachment_id = item.data(ID)
        ledger, folder = self.workspace.ledger, self.workspace.folder
        cache = folder.root / "cache" / "open"

        def work() -> Path:
            with ledger.read() as session:
                attachment = session.get(Attachment, attachment_id)
                if attachment is None:
                    raise LookupError(f"attachment {attachment_id} is gone")
                return copy_for_viewing(attachment, folder.attachments, cache)

        def show(path: Path) -> None:
            if not self.open_file(path):
                texts.warn(
                    self,
                    "Không mở được tệp",
                    f"Máy này chưa có phần mềm để mở tệp {path.name}. Tệp nằm ở: {path}",
                )
                return
            self.opened_file.emit(str(path))

        self.workspace.operations.run(work, show, title="Không mở được tệp")

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None or not self.workspace.allowed(self, Permission.edit):
            return
        attachment_id, name = item.data(ID), item.text()

        def answered(answer: QMessageBox.StandardButton) -> None:
            if answer == QMessageBox.StandardButton.Yes:
                self._remove(attachment_id)

        texts.ask_then(
            self,
            "Gỡ tệp đính kèm",
            f"Gỡ “{name}” khỏi hồ sơ? Tệp không còn hiện ở đây và trên máy chủ tỉnh.",
            answered,
        )

    def _remove(self, attachment_id: str) -> None:
        ledger, officer, owner, owner_id = (
            self.workspace.ledger,
            self.workspace.officer_name,
            self.owner,
            self.owner_id,
        )

        def work() -> list[Attachment]:
            with ledger.session() as session:
                remove_attachment(session, attachment_id, officer=officer)
                record = _owner(session, owner, owner_id)
                return [] if record is None else attachments_of(session, record)

        self.workspace.operations.write(work, self._answer_for(), title="Không gỡ được tệp")
