"""The identity-provider client against a real aiohttp server on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import ipaddress
import json
import logging
from pathlib import Path
import socket
import ssl
from typing import Any

import aiohttp
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
import pytest

from custom_components.unmanned_store.door.passes import DenyReason
from custom_components.unmanned_store.door.verifier import (
    IdentityVerifier,
    ProviderVerdict,
    verifier_url_error,
)

TOKEN = "s3cr3t-t0ken"
CODE = "https://qr.kakao.example/v1/9f8e7d6c5b4a"
STORE = "store-0123"

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Provider:
    """A fake provider endpoint; each test sets how it answers and reads what it was sent."""

    base: str = ""
    handler: Handler | None = None
    requests: list[tuple[dict[str, str], Any]] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    def answer_json(self, body: Any, status: int = 200) -> None:
        async def handle(request: web.Request) -> web.StreamResponse:
            return web.json_response(body, status=status)

        self.handler = handle

    def answer_text(self, text: str, status: int = 200) -> None:
        async def handle(request: web.Request) -> web.StreamResponse:
            return web.Response(text=text, status=status, content_type="application/json")

        self.handler = handle


# pytest-socket blocks socket creation; this lets the tests open loopback sockets only.
pytestmark = pytest.mark.usefixtures("socket_enabled")


@pytest.fixture
async def provider(socket_enabled: None) -> AsyncIterator[Provider]:
    state = Provider()

    async def endpoint(request: web.Request) -> web.StreamResponse:
        state.requests.append((dict(request.headers), await request.json()))
        assert state.handler is not None
        return await state.handler(request)

    app = web.Application()
    app.router.add_post("/verify", endpoint)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server
    assert isinstance(server, asyncio.Server)
    port = server.sockets[0].getsockname()[1]
    state.base = f"http://127.0.0.1:{port}"
    try:
        yield state
    finally:
        state.release.set()
        await runner.cleanup()


def our_log(caplog: pytest.LogCaptureFixture) -> str:
    """What this integration logged (the test server's access log is not ours)."""
    return "\n".join(
        r.getMessage() for r in caplog.records if r.name.startswith("custom_components.")
    )


def verifier(
    session: aiohttp.ClientSession, url: str, *, timeout: float = 2.0, fail_open: bool = False
) -> IdentityVerifier:
    return IdentityVerifier(session, url, TOKEN, timeout=timeout, fail_open=fail_open)


async def verify(
    session: aiohttp.ClientSession, provider: Provider, **kwargs: Any
) -> ProviderVerdict:
    return await verifier(session, provider.base + "/verify", **kwargs).verify(CODE, STORE)


async def test_granted_adult(client_session: aiohttp.ClientSession, provider: Provider) -> None:
    provider.answer_json({"granted": True, "subject": "k-81f2", "adult": True, "provider": "kakao"})
    verdict = await verify(client_session, provider)
    assert verdict == ProviderVerdict(
        granted=True, subject="k-81f2", adult=True, provider="kakao", reason=None
    )
    [(headers, body)] = provider.requests
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["Content-Type"].startswith("application/json")
    assert body == {"code": CODE, "store": STORE}


async def test_granted_minor(client_session: aiohttp.ClientSession, provider: Provider) -> None:
    provider.answer_json(
        {"granted": True, "subject": "n-77", "adult": False, "provider": "NAVER", "reason": "ok"}
    )
    verdict = await verify(client_session, provider)
    assert verdict.granted
    assert verdict.adult is False
    assert verdict.provider == "naver"
    assert verdict.reason is None


async def test_body_read_in_several_chunks(
    client_session: aiohttp.ClientSession, provider: Provider
) -> None:
    body = {"granted": True, "subject": "s", "adult": True, "provider": "pass", "pad": "a" * 40000}
    provider.answer_text(json.dumps(body))
    verdict = await verify(client_session, provider)
    assert verdict.granted
    assert verdict.subject == "s"


async def test_unknown_provider_name_is_other(
    client_session: aiohttp.ClientSession, provider: Provider
) -> None:
    provider.answer_json({"granted": True, "subject": "x", "adult": True, "provider": "toss"})
    assert (await verify(client_session, provider)).provider == "other"


async def test_denied(
    client_session: aiohttp.ClientSession, provider: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    provider.answer_json(
        {"granted": False, "provider": "pass", "reason": "certificate revoked\x1b[2J"}
    )
    with caplog.at_level(logging.INFO):
        verdict = await verify(client_session, provider)
    assert verdict == ProviderVerdict(
        granted=False,
        subject=None,
        adult=False,
        provider="pass",
        reason=DenyReason.PROVIDER_DENIED,
        detail="certificate revoked?[2J",
    )
    assert "certificate revoked" in our_log(caplog)
    assert CODE not in our_log(caplog)


async def test_denied_with_subject_keeps_it_for_the_log(
    client_session: aiohttp.ClientSession, provider: Provider
) -> None:
    provider.answer_json({"granted": False, "subject": "k-81f2", "adult": True, "reason": 3})
    verdict = await verify(client_session, provider)
    assert not verdict.granted
    assert verdict.subject == "k-81f2"
    assert verdict.adult is True
    assert verdict.provider is None
    assert verdict.detail is None
    assert verdict.reason is DenyReason.PROVIDER_DENIED


async def test_denied_even_with_fail_open(
    client_session: aiohttp.ClientSession, provider: Provider
) -> None:
    provider.answer_json({"granted": False})
    verdict = await verify(client_session, provider, fail_open=True)
    assert not verdict.granted
    assert verdict.reason is DenyReason.PROVIDER_DENIED


def assert_unavailable(verdict: ProviderVerdict, detail: str) -> None:
    assert verdict.granted is False
    assert verdict.subject is None
    assert verdict.adult is False
    assert verdict.provider is None
    assert verdict.reason is DenyReason.PROVIDER_UNAVAILABLE
    assert verdict.detail is not None
    assert detail in verdict.detail


async def test_timeout(
    client_session: aiohttp.ClientSession, provider: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    async def slow(request: web.Request) -> web.StreamResponse:
        # Holds the answer until the test ends, far past the client's timeout.
        await provider.release.wait()
        return web.json_response({"granted": True, "subject": "x", "adult": True, "provider": "x"})

    provider.handler = slow
    loop = asyncio.get_running_loop()
    started = loop.time()
    verdict = await verify(client_session, provider, timeout=0.2)
    elapsed = loop.time() - started
    assert_unavailable(verdict, "no answer within 0.2 s")
    assert elapsed < 1.5
    assert "unavailable: no answer within 0.2 s; denying entry" in our_log(caplog)
    assert TOKEN not in our_log(caplog)
    assert CODE not in our_log(caplog)


async def test_timeout_with_fail_open_grants_without_subject_or_adult(
    client_session: aiohttp.ClientSession, provider: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    async def slow(request: web.Request) -> web.StreamResponse:
        await provider.release.wait()
        return web.json_response({})

    provider.handler = slow
    v = verifier(client_session, provider.base + "/verify", timeout=0.1, fail_open=True)
    assert v.fail_open
    verdict = await v.verify(CODE, STORE)
    assert verdict.granted is True
    assert verdict.subject is None
    assert verdict.adult is False
    assert verdict.reason is DenyReason.PROVIDER_UNAVAILABLE
    assert "letting the visitor in (fail-open)" in our_log(caplog)


@pytest.mark.parametrize("status", [500, 401, 404, 204])
async def test_non_200_status(
    client_session: aiohttp.ClientSession, provider: Provider, status: int
) -> None:
    provider.answer_json(
        {"granted": True, "subject": "x", "adult": True, "provider": "kakao"}, status
    )
    assert_unavailable(await verify(client_session, provider), f"HTTP status {status}")


async def test_redirect_is_not_followed(
    client_session: aiohttp.ClientSession, provider: Provider
) -> None:
    async def redirect(request: web.Request) -> web.StreamResponse:
        raise web.HTTPTemporaryRedirect("/elsewhere")

    provider.handler = redirect
    assert_unavailable(await verify(client_session, provider), "HTTP status 307")
    assert len(provider.requests) == 1


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("{not json", "not JSON"),
        ("", "not JSON"),
        ('"granted"', "not a JSON object"),
        ("[true]", "not a JSON object"),
        ("null", "not a JSON object"),
        pytest.param("[" * 60000, "not JSON", id="deep-nesting"),
        (
            '{"granted": true, "subject": "x", "adult": true, "provider": "kakao"} trailing',
            "not JSON",
        ),
    ],
)
async def test_bad_json(
    client_session: aiohttp.ClientSession, provider: Provider, text: str, detail: str
) -> None:
    provider.answer_text(text)
    assert_unavailable(await verify(client_session, provider), detail)


async def test_body_not_utf8(client_session: aiohttp.ClientSession, provider: Provider) -> None:
    async def binary(request: web.Request) -> web.StreamResponse:
        return web.Response(body=b'{"granted": "\xff\xfe"}', content_type="application/json")

    provider.handler = binary
    assert_unavailable(await verify(client_session, provider), "not JSON")


async def test_oversized_body(client_session: aiohttp.ClientSession, provider: Provider) -> None:
    body = {"granted": True, "subject": "x", "adult": True, "provider": "kakao", "pad": "a" * 70000}
    provider.answer_text(json.dumps(body))
    assert_unavailable(await verify(client_session, provider), "larger than 65536 bytes")


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({}, "boolean 'granted'"),
        ({"granted": "yes"}, "boolean 'granted'"),
        ({"granted": 1}, "boolean 'granted'"),
        ({"granted": True, "adult": True, "provider": "kakao"}, "'subject'"),
        ({"granted": True, "subject": "", "adult": True, "provider": "kakao"}, "'subject'"),
        ({"granted": True, "subject": 42, "adult": True, "provider": "kakao"}, "'subject'"),
        ({"granted": True, "subject": "x" * 257, "adult": True, "provider": "kakao"}, "'subject'"),
        ({"granted": True, "subject": "x", "provider": "kakao"}, "boolean 'adult'"),
        (
            {"granted": True, "subject": "x", "adult": "true", "provider": "kakao"},
            "boolean 'adult'",
        ),
        ({"granted": True, "subject": "x", "adult": True}, "'provider'"),
        ({"granted": True, "subject": "x", "adult": True, "provider": ""}, "'provider'"),
        ({"granted": True, "subject": "x", "adult": True, "provider": 7}, "'provider'"),
    ],
)
async def test_missing_or_mistyped_fields(
    client_session: aiohttp.ClientSession, provider: Provider, body: Any, detail: str
) -> None:
    provider.answer_json(body)
    assert_unavailable(await verify(client_session, provider), detail)


async def test_refused_connection(
    client_session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on the port now.
    verdict = await verifier(client_session, f"http://127.0.0.1:{port}/verify").verify(CODE, STORE)
    assert_unavailable(verdict, "request failed (ClientConnectorError)")
    assert "Identity provider at 127.0.0.1 unavailable" in our_log(caplog)


async def test_server_closing_mid_answer(
    client_session: aiohttp.ClientSession, provider: Provider
) -> None:
    async def hang_up(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": "100"})
        await response.prepare(request)
        await response.write(b'{"granted": ')
        assert request.transport is not None
        request.transport.close()
        return response

    provider.handler = hang_up
    verdict = await verify(client_session, provider)
    assert verdict.reason is DenyReason.PROVIDER_UNAVAILABLE
    assert verdict.detail is not None
    assert verdict.detail.startswith("request failed (")


async def test_token_stays_out_of_logs_with_query_in_url(
    client_session: aiohttp.ClientSession, provider: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    provider.answer_json({}, status=503)
    url = provider.base + "/verify?key=url-secret"
    verdict = await verifier(client_session, url).verify(CODE, STORE)
    assert verdict.reason is DenyReason.PROVIDER_UNAVAILABLE
    assert "url-secret" not in our_log(caplog)
    assert TOKEN not in our_log(caplog)


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("https://verify.example.com/v1", None),
        ("https://verify.example.com:8443/v1", None),
        ("http://127.0.0.1:8080/verify", None),
        ("http://127.8.0.1/verify", None),
        ("http://[::1]:9000/verify", None),
        ("http://localhost/verify", None),
        ("http://verify.example.com/v1", "https_required"),
        ("http://192.168.0.10/verify", "https_required"),
        ("ftp://verify.example.com", "invalid_url"),
        ("verify.example.com/v1", "invalid_url"),
        ("https:///v1", "invalid_url"),
        ("", "invalid_url"),
        ("https://verify.example.com:99999/", "invalid_url"),
        ("https://[::1/", "invalid_url"),
    ],
)
def test_url_check(url: str, error: str | None) -> None:
    assert verifier_url_error(url) == error


async def test_constructor_refuses_bad_configuration(
    client_session: aiohttp.ClientSession,
) -> None:
    with pytest.raises(ValueError, match="https_required"):
        IdentityVerifier(client_session, "http://verify.example.com", TOKEN)
    for token in ("", "two words", "line\nbreak", "토큰"):
        with pytest.raises(ValueError, match="token"):
            IdentityVerifier(client_session, "https://verify.example.com", token)
    with pytest.raises(ValueError, match="timeout"):
        IdentityVerifier(client_session, "https://verify.example.com", TOKEN, timeout=0)


def self_signed_localhost(tmp_path: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no trust store knows."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path = tmp_path / "cert.pem"
    key_path = tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
async def tls_provider(socket_enabled: None, tmp_path: Path) -> AsyncIterator[tuple[str, Path]]:
    """An HTTPS provider on 127.0.0.1 that grants everyone; yields its URL and certificate."""
    cert_path, key_path = self_signed_localhost(tmp_path)
    server_ssl = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ssl.load_cert_chain(cert_path, key_path)

    async def endpoint(request: web.Request) -> web.StreamResponse:
        return web.json_response(
            {"granted": True, "subject": "p-1", "adult": True, "provider": "pass"}
        )

    app = web.Application()
    app.router.add_post("/verify", endpoint)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_ssl)
    await site.start()
    server = site._server
    assert isinstance(server, asyncio.Server)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"https://127.0.0.1:{port}/verify", cert_path
    finally:
        await runner.cleanup()


async def test_https_with_untrusted_certificate_is_unavailable(
    client_session: aiohttp.ClientSession, tls_provider: tuple[str, Path]
) -> None:
    url, _ = tls_provider
    verdict = await verifier(client_session, url).verify(CODE, STORE)
    assert_unavailable(verdict, "request failed (ClientConnectorCertificateError)")


async def test_https_with_trusted_certificate_is_granted(tls_provider: tuple[str, Path]) -> None:
    url, cert_path = tls_provider
    trust = ssl.create_default_context(cafile=str(cert_path))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=trust)) as session:
        verdict = await verifier(session, url).verify(CODE, STORE)
    assert verdict.granted
    assert verdict.provider == "pass"
