"""docs/protocol.md and the server agree: every error code in the status table is raised by
the server and asserted by this suite, and every endpoint the doc lists is routed."""

from __future__ import annotations

import re
from pathlib import Path

import pyrage

from server.app import create_app
from server.config import ServerConfig

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs" / "protocol.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| (\d{3}) \| `([a-z_]+)` \|", re.MULTILINE)
# Codes the doc lists but the reference server never sends (said so in the doc).
NOT_SENT_BY_REFERENCE: set[str] = set()


def _table() -> list[tuple[int, str]]:
    rows = [(int(s), c) for s, c in ROW.findall(DOC)]
    assert len(rows) >= 25, "the status table of docs/protocol.md §2 was not found"
    return rows


def test_every_documented_error_is_raised_by_the_server_and_tested() -> None:
    server_src = "\n".join(p.read_text() for p in (REPO / "server").glob("*.py"))
    test_src = "\n".join(
        p.read_text()
        for p in (REPO / "tests" / "server").glob("test_*.py")
        if p.name != Path(__file__).name
    )
    for status, code in _table():
        assert f'"{code}"' in server_src, f"{status} {code}: documented, never raised"
        assert f'"{code}"' in test_src, f"{status} {code}: documented, never tested"
        assert re.search(rf"\b{status}\b", test_src), f"status {status} is never asserted"


def test_every_code_the_server_raises_is_documented() -> None:
    documented = {c for _, c in _table()} | {"internal_error"}
    raised: set[str] = set()
    for p in (REPO / "server").glob("*.py"):
        text = p.read_text()
        raised |= set(re.findall(r'code="([a-z_]+)"', text))
    # CLI-only codes (printed by logmeets-server, never sent over HTTP).
    cli_only = {
        c
        for c in raised
        if c.startswith(("tls_", "org_identity", "org_recipient", "chunk_", "bad_demo"))
    }
    cli_only |= {
        "password_mismatch",
        "invalid_user_name",
        "invalid_password",
        "data_dir_in_use",
        "recording_not_found",
        "recording_ambiguous",
        "bad_min_client_version",
        "bad_web_url_base",
        # Start-up and administration of shared backends (docs/deploy.md).
        "bad_database_url",
        "bad_store_url",
        "store_unavailable",
        "schema_too_new",
        "invalid_tenant",
        "no_such_tenant",
        "confirmation_needed",
        "copy_mismatch",
        "schema_missing",
        "database_missing",
        "tenant_needs_shared_backends",
    }
    assert raised - cli_only <= documented, raised - cli_only - documented


def test_documented_endpoints_are_routed(tmp_path: Path) -> None:
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    app = create_app(ServerConfig(data_dir=tmp_path, org_recipient=recipient))
    routed = {
        (m, r.path)  # type: ignore[attr-defined]
        for r in app.routes
        for m in (r.methods or ())  # type: ignore[attr-defined]
    }
    expected = {
        ("POST", "/api/v1/session"),
        ("DELETE", "/api/v1/session"),
        ("GET", "/api/v1/session"),
        ("POST", "/api/v1/session/refresh"),
        ("GET", "/api/v1/chunks/{chunk_id:str}"),
        ("PUT", "/api/v1/recordings/{recording_id:str}"),
        ("GET", "/api/v1/recordings/{recording_id:str}"),
        ("OPTIONS", "/files/"),
        ("POST", "/files/"),
        ("HEAD", "/files/{upload_id:str}"),
        ("PATCH", "/files/{upload_id:str}"),
        ("DELETE", "/files/{upload_id:str}"),
    }
    assert expected <= routed
    for method, path in expected:
        plain = re.sub(r":str\}", "}", path).replace("/files/", "<tus_endpoint>")
        assert method in DOC and (path.split("{")[0] in DOC or plain in DOC), (method, path)
    assert all(code in DOC for code in NOT_SENT_BY_REFERENCE)
