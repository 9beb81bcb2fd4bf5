"""Every endpoint refuses: no token, a revoked token, and another commune's device; and each
refusal is logged. The list of endpoints comes from the server's own OpenAPI description, so a
new endpoint without a rule fails here."""

from __future__ import annotations

import pytest
import requests

from tests.sync.conftest import CAO_BANG, QUANG_UYEN, THUC_PHAN, ServerProcess

OPEN = {("GET", "/health"), ("POST", "/enrol")}
UPLOAD = "0" * 32 + "." + "1" * 32 + ".1-2"
SHA = "a" * 64


def _calls(server: ServerProcess) -> list[tuple[str, str]]:
    spec = requests.get(server.url + "/openapi.json", timeout=10).json()
    return sorted(
        (method.upper(), path)
        for path, methods in spec["paths"].items()
        for method in methods
        if (method.upper(), path) not in OPEN
    )


def _request(
    server: ServerProcess, method: str, path: str, token: str | None, commune: int | None = None
) -> requests.Response:
    url = server.url + path.format(
        upload_id=UPLOAD,
        entity="household",
        sha256=SHA,
        device_id="0" * 32,
        kind="poverty_standard",
        name="cao-bang",
        commune=QUANG_UYEN,
        record_id="0" * 32,
    )
    params: dict[str, object] = {"offset": 0, "total": 1}
    if commune is not None:
        params["commune"] = commune
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = {"hello": {"epoch": "1" * 32}, "missing": [SHA]}
    json_body: object = (
        body["hello"]
        if path.endswith("/hello")
        else (body["missing"] if path.endswith("/missing") else None)
    )
    if path.startswith("/admin/reference/") and method == "PUT":
        json_body = {"content": "province_code: 4\n"}
    elif path.startswith("/admin/communes/"):
        json_body = {"fields": {}}
    elif path.endswith("/certificate-numbers"):
        json_body = {"authority": "Chủ tịch UBND xã Quảng Uyên", "year": 2026, "count": 5}
    return requests.request(method, url, params=params, headers=headers, json=json_body, timeout=10)


@pytest.fixture
def matrix_server(sqlite_server: ServerProcess) -> ServerProcess:
    sqlite_server.create_user("xa-thuc-phan", "commune", CAO_BANG, THUC_PHAN)
    sqlite_server.create_user("admin", "admin")
    return sqlite_server


def test_every_endpoint_refuses_strangers(matrix_server: ServerProcess) -> None:
    server = matrix_server
    calls = _calls(server)
    assert ("PUT", "/sync/uploads/{upload_id}") in calls and len(calls) >= 10
    other = server.enrol("xa-thuc-phan")["token"]
    revoked = server.enrol("xa-quang-uyen")
    admin = server.enrol("admin")["token"]
    assert requests.post(
        f"{server.url}/devices/{revoked['device_id']}/revoke",
        headers={"Authorization": f"Bearer {admin}"},
        timeout=10,
    ).ok
    for method, path in calls:
        for who, token in (
            ("no token", None),
            ("revoked", revoked["token"]),
            ("bad token", "x" * 40),
        ):
            answer = _request(server, method, path, token)  # type: ignore[arg-type]
            assert answer.status_code == 401, (method, path, who, answer.text)
        if path.startswith("/sync/"):
            # Thuc Phan's device asking for Quang Uyen's data.
            answer = _request(server, method, path, other, commune=QUANG_UYEN)  # type: ignore[arg-type]
            assert answer.status_code == 403, (method, path, answer.text)
        elif path.startswith("/admin/"):
            # A commune's device publishing or correcting at the province.
            answer = _request(server, method, path, other)  # type: ignore[arg-type]
            assert answer.status_code == 403, (method, path, answer.text)
        elif path.startswith("/devices"):
            answer = _request(server, method, path, other)  # type: ignore[arg-type]
            assert answer.status_code == 403, (method, path, answer.text)
    log = server.log.read_text()
    assert log.count("refused") >= 3 * len(calls)
    assert "revoked device" in log and "unknown token" in log and "no token" in log
