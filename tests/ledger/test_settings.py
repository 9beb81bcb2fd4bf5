"""Settings: declared once, checked at the edge, kept per commune in the ledger."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from desktop.ledger.records import Commune
from desktop.ledger.settings import (
    ImageValue,
    check_value,
    commune_words,
    declaration,
    defaults_for,
    read_settings,
    write_settings,
)
from desktop.ledger.storage import open_ledger
from desktop.ledger.storage.backup import copy_database
from desktop.ledger.storage.restore import plan_restore, restore


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


PNG = _png()


def test_every_declared_setting_has_a_label_a_known_type_and_a_valid_default():
    decl = declaration()
    assert decl.settings
    for definition in decl.settings:
        assert definition.label and definition.section in decl.sections
        if definition.default is not None:
            _value, problem = check_value(definition, definition.default)
            assert problem is None, definition.key
        if definition.type == "choice":
            assert definition.default in definition.choices


def test_defaults_name_the_commune_as_documents_write_it(ledger):
    with ledger.session() as s:
        settings = read_settings(s)
    assert settings["issuer.name"] == "ỦY BAN NHÂN DÂN\nXÃ QUẢNG UYÊN"
    assert settings.lines("issuer.name") == ["ỦY BAN NHÂN DÂN", "XÃ QUẢNG UYÊN"]
    assert settings["issuer.place"] == "Quảng Uyên"
    assert settings["commendation.authority"] == "Chủ tịch UBND xã Quảng Uyên"
    assert settings["report.recipient"] == "Sở Nội vụ tỉnh Cao Bằng (Ban Thi đua - Khen thưởng)"
    assert settings.is_default("signer.name") and settings["signer.name"] == ""


def test_a_city_and_a_ward_are_named_without_tinh():
    words = commune_words(
        Commune(code=1, name="Phường Ba Đình", province_code=1, province_name="Thành phố Hà Nội")
    )
    assert words["commune_upper"] == "PHƯỜNG BA ĐÌNH"
    assert words["province"] == "Thành phố Hà Nội"
    assert words["province_short"] == "Hà Nội"


def test_changes_are_stored_and_survive_reopening(ledger, folder):
    with ledger.session() as s:
        problems = write_settings(
            s,
            {
                "signer.name": "  Nông Văn Dũng ",
                "report.deadline": "1/12",
                "printing.font": "times",
            },
            officer="lan",
        )
    assert problems == {}
    ledger.close()
    again = open_ledger(folder.database)
    with again.session() as s:
        settings = read_settings(s)
    again.close()
    assert settings["signer.name"] == "Nông Văn Dũng"
    assert settings["report.deadline"] == "01/12"
    assert settings["printing.font"] == "times"
    assert not settings.is_default("signer.name")


def test_one_bad_value_stores_nothing_and_says_why_in_vietnamese(ledger):
    with ledger.session() as s:
        problems = write_settings(
            s,
            {
                "signer.name": "Nông Văn Dũng",
                "report.deadline": "31/02",
                "printing.font": "comic",
                "issuer.abbreviation": "UB\nND",
                "khong.co": "x",
            },
            officer="lan",
        )
    assert set(problems) == {"report.deadline", "printing.font", "issuer.abbreviation", "khong.co"}
    assert "ví dụ 20/11" in problems["report.deadline"]
    assert "một dòng" in problems["issuer.abbreviation"]
    with ledger.session() as s:
        assert read_settings(s).is_default("signer.name")


def test_setting_a_value_back_to_its_default_follows_later_defaults(ledger):
    with ledger.session() as s:
        write_settings(s, {"issuer.abbreviation": "UBND-X"}, officer="lan")
    with ledger.session() as s:
        write_settings(s, {"issuer.abbreviation": "UBND"}, officer="lan")
    with ledger.session() as s:
        assert read_settings(s).is_default("issuer.abbreviation")


def test_an_image_is_kept_in_the_ledger_so_a_backup_carries_it(ledger, folder, tmp_path):
    emblem = tmp_path / "quoc-huy.png"
    emblem.write_bytes(PNG)
    with ledger.session() as s:
        assert write_settings(s, {"commendation.emblem_image": str(emblem)}, officer="lan") == {}
    copy = copy_database(folder.database, tmp_path / "sao-luu.sqlite")
    emblem.unlink()
    with ledger.session() as s:
        write_settings(s, {"commendation.emblem_image": None}, officer="lan")
        assert read_settings(s)["commendation.emblem_image"] is None
    ledger.close()
    with plan_restore(copy, folder) as plan:
        restore(plan, officer="lan")
    again = open_ledger(folder.database)
    with again.session() as s:
        image = read_settings(s)["commendation.emblem_image"]
    again.close()
    assert isinstance(image, ImageValue) and image.data == PNG and image.name == "quoc-huy.png"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a....", "PNG hoặc JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "PNG hoặc JPEG"),
        (None, "không đọc được"),
    ],
)
def test_an_unusable_image_is_refused(ledger, tmp_path, content, message):
    path = tmp_path / "anh.gif"
    if content is not None:
        path.write_bytes(content)
    with ledger.session() as s:
        problems = write_settings(s, {"commendation.border_image": str(path)}, officer="lan")
    assert message in problems["commendation.border_image"]


def test_defaults_without_a_commune_are_blank_not_placeholders():
    assert "{" not in defaults_for(None)["issuer.name"]
