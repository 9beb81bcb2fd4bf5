"""`sotn print …` from the command line: one Vietnamese line, exit 1 on a problem."""

from __future__ import annotations

import shutil

import pytest

from desktop.cli import main
from tests.printing.pdfcheck import assert_fonts_embedded, page_texts


@pytest.fixture
def run(demo_folder, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(demo_folder.root, data)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data), *argv])
        out, err = capsys.readouterr()
        return code, out.strip(), err.strip()

    return run


def test_print_certificates_for_a_year(run, tmp_path):
    out = tmp_path / "gk.pdf"
    code, line, err = run("print", "certificates", "--year", "2025", "--out", str(out))
    assert code == 0, err
    assert line.startswith("Đã in ") and "Giấy khen năm 2025" in line
    assert_fonts_embedded(out)
    assert all("GIẤY KHEN" in page for page in page_texts(out))


def test_print_review_form_03(run, tmp_path):
    out = tmp_path / "m03.pdf"
    code, line, err = run(
        "print", "review-form", "03", "--household", "QU-00001", "--out", str(out)
    )
    assert (code, err) == (0, "") and "Mẫu số 03" in line


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["print", "review-form", "03", "--household", "KHONG", "--out", "x.pdf"],
            "Không có hộ mã",
        ),
        (["print", "certificates", "--year", "1999", "--out", "x.pdf"], "chưa có Giấy khen"),
        (["print", "review-form", "09", "--household", "QU-00001", "--out", "x.pdf"], "Câu lệnh"),
        (["print", "certificates", "--year", "2025", "--out", "/"], "thư mục"),
    ],
)
def test_problems_are_one_vietnamese_line(run, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*argv)
    assert code == 1 and err.startswith("Lỗi:") and message in err
    assert not (tmp_path / "x.pdf").exists()


def test_printing_from_an_empty_data_folder_says_what_to_do(tmp_path, capsys):
    code = main(
        [
            "--data-dir",
            str(tmp_path / "trong"),
            "print",
            "certificates",
            "--year",
            "2025",
            "--out",
            str(tmp_path / "x.pdf"),
        ]
    )
    assert code == 1 and "sotn demo" in capsys.readouterr().err


def test_printed_documents_are_private_to_the_account(run, tmp_path):
    import stat

    out = tmp_path / "gk-rieng.pdf"
    assert run("print", "certificates", "--year", "2025", "--out", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
