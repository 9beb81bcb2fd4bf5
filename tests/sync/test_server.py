"""The provincial server as an admin meets it: accounts, enrolment, device tokens, and who may
see which commune. A real `sotn-server` process, on SQLite and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.sync.conftest import CAO_BANG, HA_NOI, QUANG_UYEN, THUC_PHAN, ServerProcess


def _auth(token: object) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_enrolment_gives_a_token_that_sees_only_its_commune(server: ServerProcess) -> None:
    server.create_user("xa-quang-uyen", "commune", CAO_BANG, QUANG_UYEN)
    server.create_user("xa-thuc-phan", "commune", CAO_BANG, THUC_PHAN)
    enrolled = server.enrol("xa-quang-uyen")
    assert enrolled["role"] == "commune"
    assert enrolled["commune"]["code"] == QUANG_UYEN  # type: ignore[index]
    token = enrolled["token"]

    own = requests.get(server.url + "/sync/summary", headers=_auth(token), timeout=10)
    assert own.status_code == 200
    assert own.json()["household"] == {"count": 0, "checksum": "0" * 16}
    other = requests.get(
        server.url + "/sync/summary",
        params={"commune": THUC_PHAN},
        headers=_auth(token),
        timeout=10,
    )
    assert other.status_code == 403
    assert "xã" in other.json()["detail"]
    assert "refused GET /sync/summary" in server.log.read_text()


def test_wrong_password_is_refused_and_logged(server: ServerProcess) -> None:
    server.create_user("xa-quang-uyen", "commune", CAO_BANG, QUANG_UYEN)
    response = requests.post(
        server.url + "/enrol",
        json={"username": "xa-quang-uyen", "password": "sai-mat-khau"},
        timeout=10,
    )
    assert response.status_code == 401
    assert response.json()["detail"] == "Sai tên đăng nhập hoặc mật khẩu."
    assert "bad credentials for 'xa-quang-uyen'" in server.log.read_text()


def test_revoked_device_is_refused(server: ServerProcess) -> None:
    server.create_user("admin", "admin")
    server.create_user("xa-quang-uyen", "commune", CAO_BANG, QUANG_UYEN)
    admin = server.enrol("admin")["token"]
    device = server.enrol("xa-quang-uyen")
    assert requests.get(server.url + "/sync/summary", headers=_auth(device["token"]), timeout=10).ok
    listed = requests.get(server.url + "/devices", headers=_auth(admin), timeout=10).json()
    assert {d["id"] for d in listed} >= {device["device_id"]}
    # A commune's device cannot revoke; the admin can.
    refused = requests.post(
        f"{server.url}/devices/{device['device_id']}/revoke",
        headers=_auth(device["token"]),
        timeout=10,
    )
    assert refused.status_code == 403
    revoked = requests.post(
        f"{server.url}/devices/{device['device_id']}/revoke", headers=_auth(admin), timeout=10
    )
    assert revoked.ok
    after = requests.get(server.url + "/sync/summary", headers=_auth(device["token"]), timeout=10)
    assert after.status_code == 401
    assert f"revoked device {device['device_id']}" in server.log.read_text()


def test_province_reads_its_communes_only(server: ServerProcess) -> None:
    server.create_user("xa-quang-uyen", "commune", CAO_BANG, QUANG_UYEN)
    server.create_user("tinh-cao-bang", "province", CAO_BANG)
    server.create_user("tinh-ha-noi", "province", HA_NOI)
    cao_bang = server.enrol("tinh-cao-bang")["token"]
    ha_noi = server.enrol("tinh-ha-noi")["token"]
    params = {"commune": QUANG_UYEN}
    assert requests.get(
        server.url + "/sync/summary", params=params, headers=_auth(cao_bang), timeout=10
    ).ok
    assert (
        requests.get(
            server.url + "/sync/summary", params=params, headers=_auth(ha_noi), timeout=10
        ).status_code
        == 403
    )
    communes = requests.get(server.url + "/communes", headers=_auth(cao_bang), timeout=10).json()
    assert [c["code"] for c in communes] == [QUANG_UYEN]


def test_no_token_is_refused(server: ServerProcess) -> None:
    response = requests.get(server.url + "/sync/pull", timeout=10)
    assert response.status_code == 401
    assert "refused GET /sync/pull" in server.log.read_text()


def test_create_user_command(tmp_path: Path) -> None:
    data = tmp_path / "srv"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sync.server.main", "--data-dir", str(data), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    made = run(
        "create-user",
        "--username",
        "Xa1",
        "--password",
        "mat-khau-123",
        "--role",
        "commune",
        "--province",
        str(CAO_BANG),
        "--commune",
        str(QUANG_UYEN),
    )
    assert made.returncode == 0, made.stderr
    assert "Đã tạo tài khoản xa1" in made.stdout
    assert (data / "server.sqlite").exists()
    again = run(
        "create-user",
        "--username",
        "xa1",
        "--password",
        "mat-khau-123",
        "--role",
        "commune",
        "--province",
        str(CAO_BANG),
        "--commune",
        str(QUANG_UYEN),
    )
    assert again.returncode == 1
    assert "đã có" in again.stderr
    wrong = run(
        "create-user",
        "--username",
        "xa2",
        "--password",
        "mat-khau-123",
        "--role",
        "commune",
        "--province",
        str(HA_NOI),
        "--commune",
        str(QUANG_UYEN),
    )
    assert wrong.returncode == 1
    assert "không thuộc" in wrong.stderr


@pytest.mark.parametrize("password", ["ngan"])
def test_short_password_refused(tmp_path: Path, password: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sync.server.main",
            "--data-dir",
            str(tmp_path),
            "create-user",
            "--username",
            "a",
            "--password",
            password,
            "--role",
            "admin",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "ít nhất 8 ký tự" in result.stderr
