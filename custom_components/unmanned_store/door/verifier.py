"""Client of an identity provider's verification endpoint (Naver, Kakao, PASS, ...).

Providers verify their own QR codes; the store only asks. One contract covers all of them (a
provider's own API is put behind a small adapter service that speaks it). The same text is in
docs/verifier-contract.md.

Request::

    POST <configured URL>          (HTTPS; plain HTTP only to a loopback address)
    Authorization: Bearer <token>
    Content-Type: application/json

    {"code": "<scanned text>", "store": "<store id>"}

Response, status 200, JSON object::

    {"granted": true,
     "subject": "<pseudonymous id, stable for this person at this store>",
     "adult": true,
     "provider": "naver" | "kakao" | "pass" | "other",
     "reason": "<optional text when refused>"}

- ``granted`` (bool) is always required. When it is true, ``subject`` (non-empty string of at
  most 256 characters), ``adult`` (bool) and ``provider`` (string) are required too.
  When it is false they are optional; ``reason`` is always optional (at most 200 characters are
  kept, for the log).
- A provider name outside the list above is reported as ``other``.
- Anything else is treated as the provider being unavailable: no answer within the timeout
  (2 s by default), refused connection, TLS failure, a redirect, a status other than 200, a body
  over 64 KiB, a body that is not a JSON object, or missing or mistyped fields.

Unavailable means fail-closed by default: the verdict is denied with PROVIDER_UNAVAILABLE.
With ``fail_open=True`` it is granted instead, but without a subject, with ``adult`` false (so
adults-only mode still refuses) and with ``reason`` PROVIDER_UNAVAILABLE kept so the log shows
why the door opened. A provider's refusal is always denied with PROVIDER_DENIED.

``verify`` never raises for network, HTTP or JSON problems; it logs the cause at warning level
without the scanned code, the token or the subject.
"""

from __future__ import annotations

from dataclasses import dataclass
import ipaddress
import json
import logging
from typing import Final
from urllib.parse import urlsplit

import aiohttp

from .passes import DenyReason

_LOGGER = logging.getLogger(__name__)

DEFAULT_TIMEOUT: Final = 2.0
KNOWN_PROVIDERS: Final = frozenset({"naver", "kakao", "pass", "other"})
MAX_RESPONSE_BYTES: Final = 64 * 1024
MAX_SUBJECT_LEN: Final = 256
MAX_DETAIL_LEN: Final = 200


@dataclass(frozen=True, slots=True)
class ProviderVerdict:
    """What the provider said (or what we decided when it could not be asked).

    ``reason`` is None when granted by the provider; PROVIDER_DENIED when refused; and
    PROVIDER_UNAVAILABLE when the provider could not be asked (granted only under fail-open).
    ``detail`` is the provider's own refusal text or our description of the failure, for logs.
    """

    granted: bool
    subject: str | None
    adult: bool
    provider: str | None
    reason: DenyReason | None
    detail: str | None = None


def verifier_url_error(url: str) -> str | None:
    """Return an error key for a verifier URL the config flow should refuse, or None if usable.

    ``invalid_url`` when it is not an absolute http(s) URL with a host; ``https_required`` for
    plain HTTP to anything but a loopback address (a local adapter on the same host is fine).
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a port that is not a number or out of range
    except ValueError:
        return "invalid_url"
    if parts.scheme not in ("http", "https") or not host:
        return "invalid_url"
    if parts.scheme == "http" and not _is_loopback(host):
        return "https_required"
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _clip(text: str, limit: int) -> str:
    # Provider text goes into our log: keep it short and printable.
    return "".join(ch if ch.isprintable() else "?" for ch in text[:limit])


class IdentityVerifier:
    """Asks one configured provider endpoint whether a scanned code may enter."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        token: str,
        timeout: float = DEFAULT_TIMEOUT,
        fail_open: bool = False,
    ) -> None:
        """Check the configuration now, so a bad URL or token fails at setup, not at the door."""
        if (error := verifier_url_error(url)) is not None:
            raise ValueError(f"verifier URL refused ({error})")
        if not token or not token.isascii() or not token.isprintable() or " " in token:
            raise ValueError("verifier token must be non-empty printable ASCII without spaces")
        if not timeout > 0:
            raise ValueError("timeout must be positive")
        self._session = session
        self._url = url
        self._token = token
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._fail_open = fail_open

    @property
    def fail_open(self) -> bool:
        """Whether an unreachable provider lets people in."""
        return self._fail_open

    async def verify(self, code: str, store_id: str) -> ProviderVerdict:
        """Ask the provider about ``code``; never raises for network, HTTP or JSON problems."""
        try:
            raw = await self._post(code, store_id)
        except _UnavailableError as err:
            return self._unavailable(str(err))
        except TimeoutError:
            return self._unavailable(f"no answer within {self._timeout.total} s")
        except aiohttp.ClientError as err:
            return self._unavailable(f"request failed ({type(err).__name__})")
        verdict = verdict_from_response(raw)
        if isinstance(verdict, str):
            return self._unavailable(verdict)
        if not verdict.granted:
            _LOGGER.info(
                "Identity provider %s refused a code: %s",
                verdict.provider or "?",
                verdict.detail or "",
            )
        return verdict

    async def _post(self, code: str, store_id: str) -> bytes:
        headers = {"Authorization": f"Bearer {self._token}"}
        async with self._session.post(
            self._url,
            json={"code": code, "store": store_id},
            headers=headers,
            timeout=self._timeout,
            allow_redirects=False,
        ) as resp:
            if resp.status != 200:
                raise _UnavailableError(f"HTTP status {resp.status}")
            raw = bytearray()
            # Read in chunks so a hostile or broken endpoint cannot make us buffer megabytes.
            async for chunk in resp.content.iter_chunked(8192):
                raw += chunk
                if len(raw) > MAX_RESPONSE_BYTES:
                    raise _UnavailableError(f"response larger than {MAX_RESPONSE_BYTES} bytes")
        return bytes(raw)

    def _unavailable(self, why: str) -> ProviderVerdict:
        _LOGGER.warning(
            "Identity provider at %s unavailable: %s; %s",
            self._host(),
            why,
            "letting the visitor in (fail-open)" if self._fail_open else "denying entry",
        )
        return ProviderVerdict(
            granted=self._fail_open,
            subject=None,
            adult=False,
            provider=None,
            reason=DenyReason.PROVIDER_UNAVAILABLE,
            detail=why,
        )

    def _host(self) -> str:
        # The host only: a URL may carry a token in its query string.
        return urlsplit(self._url).hostname or "?"


def verdict_from_response(raw: bytes) -> ProviderVerdict | str:
    """The provider's answer under the contract, or why it breaks it (the provider then counts
    as unavailable). Never raises, whatever the bytes.
    """
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):  # also UnicodeDecodeError; deep nesting
        return "response is not JSON"
    if not isinstance(body, dict):
        return "response is not a JSON object"
    granted = body.get("granted")
    if not isinstance(granted, bool):
        return "response lacks a boolean 'granted'"
    reason_text = body.get("reason")
    detail = _clip(reason_text, MAX_DETAIL_LEN) if isinstance(reason_text, str) else None
    provider_raw = body.get("provider")
    provider: str | None = None
    if isinstance(provider_raw, str) and provider_raw:
        provider = provider_raw.lower()
        if provider not in KNOWN_PROVIDERS:
            provider = "other"
    subject = body.get("subject")
    adult = body.get("adult")
    if not granted:
        return ProviderVerdict(
            granted=False,
            subject=subject
            if isinstance(subject, str) and 0 < len(subject) <= MAX_SUBJECT_LEN
            else None,
            adult=adult is True,
            provider=provider,
            reason=DenyReason.PROVIDER_DENIED,
            detail=detail,
        )
    if not isinstance(subject, str) or not 0 < len(subject) <= MAX_SUBJECT_LEN:
        return "grant lacks a usable 'subject'"
    if not isinstance(adult, bool):
        return "grant lacks a boolean 'adult'"
    if provider is None:
        return "grant lacks 'provider'"
    return ProviderVerdict(
        granted=True, subject=subject, adult=adult, provider=provider, reason=None
    )


class _UnavailableError(Exception):
    """The provider answered, but not in a way the contract allows."""
