"""Model cases (mô hình giảm nghèo, điển hình tiên tiến): the list, and a form with the
participating households, results and photos shown as thumbnails."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from desktop.ledger.model_case_desk import ModelCaseRow, model_case_rows
from desktop.ledger.permissions import Permission
from desktop.ledger.vocabulary import MODEL_CASE_KIND_LABELS, MODEL_CASE_STATUS_LABELS
from desktop.ui.list_screen import ListScreen
from desktop.ui.widgets import format_date, format_money
from desktop.ui.workspace import Workspace


class ModelCasesScreen(ListScreen[ModelCaseRow]):
    key = "model_cases"
    title = "Mô hình, điển hình"
    watches = ("model_case", "model_case_household", "attachment")
    headers = ("Tên", "Loại", "Thôn/xóm", "Trạng thái", "Bắt đầu", "Kinh phí", "Số hộ", "Ảnh")
    widths = (290, 180, 130, 130, 100, 130, 60)
    noun = "mô hình, điển hình"

    def cells(self, row: ModelCaseRow) -> tuple[object, ...]:
        return (
            row.title,
            MODEL_CASE_KIND_LABELS.get(row.kind, row.kind),  # type: ignore[call-overload]
            row.village_name,
            MODEL_CASE_STATUS_LABELS.get(row.status, row.status),  # type: ignore[call-overload]
            format_date(row.started_on),
            format_money(row.funding),
            row.households,
            row.photos,
        )

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.new_button = self.add_button("&Thêm mô hình, điển hình…", lambda: self.open_case(None))
        self.open_button = self.add_button("&Mở", self._open_selected)

    def query(self) -> Callable[[Session], list[ModelCaseRow]]:
        return model_case_rows

    def activated(self) -> None:
        self._open_selected()

    def _open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_case(row.id)

    def open_case(self, model_case_id: str | None) -> None:
        from desktop.ui.model_cases.form import ModelCaseForm

        if model_case_id is None and not self.workspace.allowed(self, Permission.edit):
            return
        self.form = ModelCaseForm(self.workspace, model_case_id, self)
        self.form.open()
