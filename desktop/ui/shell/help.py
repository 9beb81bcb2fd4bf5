"""A short help page per screen (F1) and the About box."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.ledger.paths import DataFolder
from desktop.ui import texts

HELP: dict[str, tuple[str, str]] = {
    "overview": (
        "Tổng quan",
        "<p>Các con số chính của xã: hộ nghèo, cận nghèo và tỷ lệ theo năm so với chỉ tiêu, "
        "hộ đăng ký thoát nghèo theo trạng thái, hộ thoát nghèo theo năm, theo thôn/xóm, "
        "hộ dân tộc thiểu số.</p><p><b>Bấm đúp vào một con số</b> để mở danh sách hộ đứng sau "
        "con số đó.</p>",
    ),
    "households": (
        "Hộ gia đình",
        "<p>Gõ vào ô tìm kiếm tên bất kỳ thành viên nào, mã hộ hoặc số CCCD — không cần gõ dấu "
        "(<i>nong van dung</i> tìm ra <i>Nông Văn Dũng</i>).</p><p>Lọc theo thôn/xóm, phân loại, "
        "dân tộc, đã đăng ký thoát nghèo hay chưa; bấm tiêu đề cột để sắp xếp.</p>"
        "<p><b>Enter</b> hoặc bấm đúp: mở hồ sơ hộ. <b>Ctrl+N</b>: thêm hộ mới. Hồ sơ đang "
        "sửa được lưu nháp liên tục, mất điện cũng không mất.</p>",
    ),
    "registrations": (
        "Đăng ký thoát nghèo",
        "<p>Danh sách hộ đã đăng ký tự nguyện thoát nghèo và trạng thái. <b>Đăng ký mới</b> mở "
        "trình hướng dẫn: chọn hộ → nguyên nhân nghèo → kế hoạch → nhu cầu hỗ trợ → cam kết → "
        "in giấy đăng ký để hộ ký.</p><p><b>Ghi hỗ trợ</b>: ghi khoản hỗ trợ hộ đã nhận "
        "(vay vốn, giống, đào tạo nghề…).</p>",
    ),
    "review": (
        "Rà soát hằng năm",
        "<p>Chọn năm và thôn/xóm, ghi kết quả cho từng hộ đã đăng ký (đã thoát nghèo / chưa "
        "thoát / rút đăng ký), rồi ghi số và ngày quyết định công nhận của UBND xã cho cả "
        "nhóm và bấm <b>Ghi kết quả</b>. Chỉ tài khoản quản trị được ghi kết quả.</p>",
    ),
    "model_cases": (
        "Mô hình, điển hình",
        "<p>Mô hình giảm nghèo và điển hình tiên tiến: hộ tham gia, kết quả, ảnh. Ảnh được lưu "
        "trong thư mục dữ liệu, xem dạng ảnh thu nhỏ.</p>",
    ),
    "commendation": (
        "Thi đua, khen thưởng",
        "<p>Lập đề nghị khen thưởng theo bộ tiêu chí của đối tượng, theo dõi trạng thái, ghi "
        "quyết định nhận được và vào sổ khen thưởng (số vào sổ được cấp tự động, không trùng).</p>",
    ),
    "print": (
        "In và báo cáo",
        "<p>Chọn văn bản (báo cáo phong trào, Giấy khen, quyết định Mẫu số 02, danh sách, hồ sơ "
        "khen thưởng, đơn và các mẫu của Quyết định 24/2021/QĐ-TTg), chọn năm rà soát hoặc nhập "
        "mã hộ, bấm <b>Xem trước</b>; rồi <b>In…</b>, <b>Lưu PDF…</b> hoặc <b>Xuất Excel…</b>. "
        "Giấy khen chưa có số vào sổ được vào sổ khi in. Tên cơ quan, người ký, địa danh lấy "
        "trong Cài đặt.</p>",
    ),
    "sync": ("Đồng bộ", "<p>Gửi các thay đổi lên máy chủ của tỉnh và nhận về.</p>"),
    "settings": (
        "Cài đặt",
        "<p>Cỡ chữ giao diện (áp dụng khi mở lại phần mềm), thời gian tự khóa, thôn/xóm và "
        "tài khoản cán bộ. Chỉ tài khoản quản trị được thay đổi.</p>",
    ),
}


def show_help(parent: QWidget, key: str) -> None:
    title, body = HELP.get(key, ("Trợ giúp", "<p>Chưa có trang trợ giúp cho màn hình này.</p>"))
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"Trợ giúp — {title}")
    dialog.resize(560, 380)
    layout = QVBoxLayout(dialog)
    browser = QTextBrowser()
    browser.setHtml(f"<h3>{title}</h3>{body}")
    layout.addWidget(browser)
    buttons = texts.vietnamese_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.open()


def app_version() -> str:
    try:
        return version("so-thoat-ngheo")
    except PackageNotFoundError:
        return "chưa cài đặt"


def show_about(parent: QWidget, folder: DataFolder) -> None:
    texts.inform(
        parent,
        "Giới thiệu",
        f"Sổ Thoát Nghèo — phiên bản {app_version()}\n\n"
        "Sổ theo dõi giảm nghèo cho cán bộ xã, phục vụ phong trào thi đua "
        "“Vì người nghèo – Không để ai bị bỏ lại phía sau”. Chạy hoàn toàn không cần mạng.\n\n"
        f"Thư mục dữ liệu: {folder.root}",
    )
