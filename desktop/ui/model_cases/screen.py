"""Model cases (mô hình giảm nghèo, điển hình tiên tiến): the list, and a form with the
participating households, results and photos shown as thumbnails."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from desktop.ledger.model_case_desk import ModelCaseRow, model_case_rows
from desktop.ledger.permissions import Permission
from desktop.ledger.vocabulary import MODEL_CASE_KIND_LABELS, MODEL_CASE_STATUS_LABELS
from desktop.ui.rows_model import RowsModel
from desktop.ui.screen import Screen
from desktop.ui.widgets import format_date, format_money
from desktop.ui.workspace import Workspace


def _cells(m: ModelCaseRow) -> tuple[object, ...]:
    return (
        m.title,
        MODEL_CASE_KIND_LABELS.get(m.kind, m.kind),  # type: ignore[call-overload]
        m.village_name,
        MODEL_CASE_STATUS_LABELS.get(m.status, m.status),  # type: ignore[call-overload]
        format_date(m.started_on),
        format_money(m.funding),
        m.households,
        m.photos,
    )


class ModelCasesScreen(Screen):
    key = "model_cases"
    title = "Mô hình, điển hình"
    watches = ("model_case", "model_case_household", "attachment")

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton("&Thêm mô hình, điển hình…")
        self.open_button = QPushButton("&Mở")
        bar.addWidget(self.new_button)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        layout.addLayout(bar)
        self.model = RowsModel(
            [
                "Tên",
                "Loại",
                "Thôn/xóm",
                "Trạng thái",
                "Bắt đầu",
                "Kinh phí",
                "Số hộ",
                "Ảnh",
            ],
            _cells,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, width in enumerate((290, 180, 130, 130, 100, 130, 60)):
            header.resizeSection(i, width)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.new_button.clicked.connect(lambda: self.open_case(None))
        self.open_button.clicked.connect(self._open_selected)
        self.table.doubleClicked.connect(lambda _i: self._open_selected())

    def reload(self) -> None:
        ledger = self.workspace.ledger

        def work() -> list[ModelCaseRow]:
            with ledger.session() as session:
                return model_case_rows(session)

        def show(rows: list[ModelCaseRow]) -> None:
            self.model.set_rows(rows)
            self.count_label.setText(f"{len(rows)} mô hình, điển hình")

        self.workspace.operations.run(work, show)

    def _open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_case(self.model.row(index.row()).id)

    def open_case(self, model_case_id: str | None) -> None:
        from desktop.ui.model_cases.form import ModelCaseForm

        if model_case_id is None and not self.workspace.allowed(self, Permission.edit):
            return
        self.form = ModelCaseForm(self.workspace, model_case_id, self)
        self.form.open()
