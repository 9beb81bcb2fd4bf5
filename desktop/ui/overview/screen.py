"""Overview: the commune's key figures and charts (Qt Charts). Every figure opens the list
behind it: a card or a bar opens the households or registrations it counts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.ledger.household_list import HouseholdFilter
from desktop.ledger.overview import Overview, overview
from desktop.ledger.records import Category, RegistrationStatus
from desktop.ledger.vocabulary import REGISTRATION_STATUS_LABELS
from desktop.ui.screen import Screen
from desktop.ui.widgets import format_number
from desktop.ui.workspace import Workspace

VILLAGES_SHOWN = 10


class Card(QPushButton):
    """A key figure; pressing it opens the list behind it."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.setMinimumHeight(76)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.set_value("…")

    def set_value(self, value: str, note: str = "") -> None:
        self.setText(f"{value}\n{self.title}" + (f"\n{note}" if note else ""))
        self.value = value


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return chart, view


class OverviewScreen(Screen):
    key = "overview"
    title = "Tổng quan"
    watches = ("household", "classification", "registration", "registrationreview")
    open_households = Signal(object)  # a HouseholdFilter
    open_registrations = Signal(object)  # a status, or None for all
    shown_figures = Signal()

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.data: Overview | None = None
        layout = QVBoxLayout(self)
        cards = QHBoxLayout()
        self.cards = {
            "households": Card("hộ trong sổ"),
            "poor": Card("hộ nghèo"),
            "near_poor": Card("hộ cận nghèo"),
            "registered": Card("hộ đăng ký thoát nghèo"),
            "minority": Card("hộ dân tộc thiểu số"),
        }
        for card in self.cards.values():
            cards.addWidget(card)
        layout.addLayout(cards)
        self.target_label = QLabel()
        self.target_label.setWordWrap(True)
        layout.addWidget(self.target_label)
        grid = QGridLayout()
        self.by_year, view1 = _chart("Hộ nghèo, cận nghèo theo năm áp dụng")
        self.by_status, view2 = _chart("Đăng ký thoát nghèo theo trạng thái")
        self.escaped, view3 = _chart("Hộ thoát nghèo theo năm")
        self.by_village, view4 = _chart(
            f"Hộ nghèo theo thôn/xóm ({VILLAGES_SHOWN} thôn nhiều nhất)"
        )
        grid.addWidget(view1, 0, 0)
        grid.addWidget(view2, 0, 1)
        grid.addWidget(view3, 1, 0)
        grid.addWidget(view4, 1, 1)
        layout.addLayout(grid, 1)
        self.cards["households"].clicked.connect(
            lambda: self.open_households.emit(HouseholdFilter())
        )
        self.cards["poor"].clicked.connect(lambda: self._open_category(Category.poor.value))
        self.cards["near_poor"].clicked.connect(
            lambda: self._open_category(Category.near_poor.value)
        )
        self.cards["registered"].clicked.connect(lambda: self.open_registrations.emit(None))
        self.cards["minority"].clicked.connect(
            lambda: self.open_households.emit(HouseholdFilter(ethnic_minority=True))
        )

    def _open_category(self, category: str, year: int | None = None) -> None:
        latest = self.data.latest_year if self.data else None
        self.open_households.emit(HouseholdFilter(category=category, category_year=year or latest))

    def reload(self) -> None:
        ledger, province = self.workspace.ledger, self.workspace.commune.province_code

        def work() -> Overview:
            with ledger.session() as session:
                return overview(session, province)

        self.workspace.operations.run(work, self.show_figures)

    def show_figures(self, data: Overview) -> None:
        self.data = data
        latest = data.years[-1] if data.years else None
        self.cards["households"].set_value(format_number(data.households))
        if latest is not None:
            rate = 100 * latest.poor / data.households if data.households else 0
            self.cards["poor"].set_value(
                format_number(latest.poor), f"năm {latest.year}: {rate:.2f} %".replace(".", ",")
            )
            self.cards["near_poor"].set_value(format_number(latest.near_poor), f"năm {latest.year}")
        else:
            self.cards["poor"].set_value("0", "chưa có phân loại")
            self.cards["near_poor"].set_value("0")
        open_count = sum(
            n for s, n in data.registrations.items() if s != RegistrationStatus.withdrawn.value
        )
        self.cards["registered"].set_value(format_number(open_count))
        self.cards["minority"].set_value(format_number(data.ethnic_minority))
        self.target_label.setText(self._target_text(data))
        self._year_chart(data)
        self._status_chart(data)
        self._escaped_chart(data)
        self._village_chart(data)
        self.shown_figures.emit()

    @staticmethod
    def _target_text(data: Overview) -> str:
        if data.target_pct is None:
            return "Chưa có chỉ tiêu giảm tỷ lệ hộ nghèo (của xã hoặc trong kế hoạch thi đua)."
        pct = f"{data.target_pct:g}".replace(".", ",")
        parts = [f"Chỉ tiêu ({data.target_source}): giảm tỷ lệ hộ nghèo ≥ {pct} điểm %/năm."]
        for r in data.results[-4:]:
            if r.reduction is None:
                continue
            mark = "đạt" if r.met else "chưa đạt"
            parts.append(
                f"{r.year}: {r.rate:.2f} % (giảm {r.reduction:.2f}) — {mark}".replace(".", ",")
            )
        return "   ".join(parts)

    def _bars(
        self,
        chart: QChart,
        categories: list[str],
        sets: list[tuple[str, list[int], Callable[[int], None]]],
        *,
        horizontal: bool = False,
    ) -> None:
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        for name, values, on_click in sets:
            bar_set = QBarSet(name)
            bar_set.append([float(v) for v in values])
            bar_set.clicked.connect(on_click)
            series.append(bar_set)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        labels = QBarCategoryAxis()
        labels.append(categories)
        values_axis = QValueAxis()
        values_axis.setLabelFormat("%d")
        top = max([max(v, default=0) for _n, v, _c in sets], default=0)
        values_axis.setRange(0, max(1, top * 1.15))
        label_side, value_side = (
            (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
            if horizontal
            else (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
        )
        chart.addAxis(labels, label_side)
        chart.addAxis(values_axis, value_side)
        series.attachAxis(labels)
        series.attachAxis(values_axis)
        chart.legend().setVisible(len(sets) > 1)

    def _year_chart(self, data: Overview) -> None:
        years = data.years[-6:]
        self._bars(
            self.by_year,
            [str(y.year) for y in years],
            [
                (
                    "Hộ nghèo",
                    [y.poor for y in years],
                    lambda i: self._open_category("poor", years[i].year),
                ),
                (
                    "Hộ cận nghèo",
                    [y.near_poor for y in years],
                    lambda i: self._open_category("near_poor", years[i].year),
                ),
            ],
        )

    def _status_chart(self, data: Overview) -> None:
        statuses = [s for s in RegistrationStatus if data.registrations.get(s.value)]
        self._bars(
            self.by_status,
            [REGISTRATION_STATUS_LABELS[s] for s in statuses],
            [
                (
                    "Số hộ",
                    [data.registrations[s.value] for s in statuses],
                    lambda i: self.open_registrations.emit(statuses[i].value),
                )
            ],
            horizontal=True,  # the status names are long: room for them on the left
        )

    def _escaped_chart(self, data: Overview) -> None:
        years = sorted(data.escaped_by_year)[-6:]
        self._bars(
            self.escaped,
            [str(y) for y in years],
            [
                (
                    "Hộ thoát nghèo",
                    [data.escaped_by_year[y] for y in years],
                    lambda _i: self.open_registrations.emit(RegistrationStatus.escaped.value),
                )
            ],
        )

    def _village_chart(self, data: Overview) -> None:
        top = list(reversed(data.poor_by_village[:VILLAGES_SHOWN]))
        self._bars(
            self.by_village,
            [name for _id, name, _n in top],
            [
                (
                    f"Hộ nghèo năm {data.latest_year}",
                    [n for _id, _name, n in top],
                    lambda i: self.open_households.emit(
                        HouseholdFilter(
                            village_id=top[i][0], category="poor", category_year=data.latest_year
                        )
                    ),
                )
            ],
            horizontal=True,
        )
