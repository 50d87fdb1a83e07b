"""Store pass codes: encoding, every way a code is refused, scan normalisation and QR images."""

from __future__ import annotations

import base64
import dataclasses
from datetime import UTC, datetime, time, timedelta, timezone
import hashlib
import hmac
import re
import struct

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.unmanned_store.door.passes import (
    MAX_SCAN_BYTES,
    PASS_PREFIX,
    DenyReason,
    PassError,
    PassKind,
    StorePass,
    decode_pass,
    encode_pass,
    is_store_pass,
    new_pass_id,
    new_secret,
    normalise_scan,
    pass_qr_png,
    pass_qr_svg,
    pass_qr_version,
)

SECRET = bytes(range(32))
OTHER_SECRET = bytes(range(1, 33))
T0 = datetime(2026, 11, 1, tzinfo=UTC)


def make_pass(**changes: object) -> StorePass:
    """A delivery pass valid for November 2026; tests change what they are about."""
    fields: dict[str, object] = {
        "pass_id": "Ab3_x-9Zq2Lm",
        "kind": PassKind.DELIVERY,
        "valid_from": T0,
        "valid_until": T0 + timedelta(days=30),
    }
    fields.update(changes)
    return StorePass(**fields)  # type: ignore[arg-type]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(payload: bytes, prefix: str = PASS_PREFIX, secret: bytes = SECRET) -> str:
    """Sign a hand-made payload the way the module documents, independently of its code."""
    mac = hmac.new(secret, prefix.encode() + payload, hashlib.sha256).digest()[:16]
    return prefix + b64(payload + mac)


def payload(
    *,
    flags: int = 0,
    kind: int = 2,
    valid_from: int = int(T0.timestamp()),
    valid_until: int = int(T0.timestamp()) + 3600,
    pass_id: bytes = b"abc",
    tail: bytes = b"",
) -> bytes:
    return struct.pack(">BBIIB", flags, kind, valid_from, valid_until, len(pass_id)) + (
        pass_id + tail
    )


def reason_of(code: str, secret: bytes = SECRET) -> DenyReason:
    with pytest.raises(PassError) as err:
        decode_pass(code, secret)
    return err.value.reason


# Encoding and round trips


def test_minimal_pass_round_trips() -> None:
    p = make_pass()
    code = encode_pass(p, SECRET)
    assert code.startswith(PASS_PREFIX)
    assert decode_pass(code, SECRET) == p


def test_full_pass_round_trips_without_its_label() -> None:
    p = make_pass(
        kind=PassKind.ADULT_VERIFIED,
        weekdays=frozenset({0, 4, 6}),
        hours=(time(22, 0), time(2, 30)),
        max_uses=65535,
        label="김민지 010-1234-5678",
    )
    code = encode_pass(p, SECRET)
    decoded = decode_pass(code, SECRET)
    assert decoded == dataclasses.replace(p, label="")
    # The owner's note may name a person: it must not travel in the code.
    raw = unb64(code.removeprefix(PASS_PREFIX))
    assert "김민지".encode() not in raw
    assert b"1234" not in raw


def test_payload_layout_is_the_documented_one() -> None:
    p = make_pass(weekdays=frozenset({0, 6}), hours=(time(9, 30), time(18, 0)), max_uses=3)
    raw = unb64(encode_pass(p, SECRET).removeprefix(PASS_PREFIX))
    head = struct.pack(
        ">BBIIB", 0x07, 2, int(T0.timestamp()), int((T0 + timedelta(days=30)).timestamp()), 12
    )
    tail = bytes([0b1000001]) + struct.pack(">HHH", 570, 1080, 3)
    assert raw[:-16] == head + b"Ab3_x-9Zq2Lm" + tail
    assert len(raw) - len(raw[:-16]) == 16


def test_typical_code_is_short_and_fits_a_small_qr() -> None:
    code = encode_pass(make_pass(pass_id=new_pass_id()), SECRET)
    assert len(code) <= 60
    assert pass_qr_version(code) <= 4
    biggest = make_pass(
        pass_id="x" * 32,
        weekdays=frozenset(range(7)),
        hours=(time(0, 0), time(23, 59)),
        max_uses=1,
    )
    assert pass_qr_version(encode_pass(biggest, SECRET)) <= 6


def test_each_kind_round_trips() -> None:
    for kind in PassKind:
        p = make_pass(kind=kind)
        assert decode_pass(encode_pass(p, SECRET), SECRET).kind is kind


def test_store_pass_normalises_times() -> None:
    seoul = timezone(timedelta(hours=9))
    p = make_pass(
        kind="staff",
        valid_from=datetime(2026, 11, 1, 9, 0, 0, 999_999, tzinfo=seoul),
        valid_until=datetime(2026, 11, 2, 9, 0, tzinfo=seoul),
        hours=(time(8, 15, 59, 1), time(17, 45, 30)),
    )
    assert p.kind is PassKind.STAFF
    assert p.valid_from == datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
    assert p.valid_from.tzinfo is UTC
    assert p.hours == (time(8, 15), time(17, 45))
    assert decode_pass(encode_pass(p, SECRET), SECRET) == p


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pass_id": ""}, "pass_id"),
        ({"pass_id": "a" * 33}, "pass_id"),
        ({"pass_id": "has space"}, "pass_id"),
        ({"pass_id": "한글"}, "pass_id"),
        ({"kind": "visitor"}, "visitor"),
        ({"valid_from": datetime(2026, 11, 1)}, "timezone-aware"),  # noqa: DTZ001
        ({"valid_until": datetime(2026, 12, 1)}, "timezone-aware"),  # noqa: DTZ001
        ({"valid_until": T0}, "after valid_from"),
        ({"valid_from": datetime(1969, 12, 31, tzinfo=UTC)}, "between 1970-01-01 and 2106"),
        ({"valid_until": datetime(2107, 1, 1, tzinfo=UTC)}, "between 1970-01-01 and 2106"),
        ({"weekdays": frozenset()}, "weekdays"),
        ({"weekdays": frozenset({7})}, "weekdays"),
        ({"weekdays": frozenset({-1})}, "weekdays"),
        ({"weekdays": frozenset({True})}, "weekdays"),
        ({"hours": (time(9, tzinfo=UTC), time(18))}, "no time zone"),
        ({"hours": (time(9, 0), time(9, 0, 30))}, "different minutes"),
        ({"max_uses": 0}, "max_uses"),
        ({"max_uses": 65536}, "max_uses"),
        ({"max_uses": True}, "max_uses"),
    ],
)
def test_store_pass_refuses_what_cannot_be_encoded(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        make_pass(**changes)


def test_short_secret_is_refused() -> None:
    code = encode_pass(make_pass(), SECRET)
    with pytest.raises(ValueError, match="at least 16 bytes"):
        encode_pass(make_pass(), b"short")
    with pytest.raises(ValueError, match="at least 16 bytes"):
        decode_pass(code, b"")


def test_new_secret_and_pass_id_are_random() -> None:
    secrets_ = {new_secret() for _ in range(50)}
    assert len(secrets_) == 50
    assert all(len(s) == 32 for s in secrets_)
    ids = {new_pass_id() for _ in range(50)}
    assert len(ids) == 50
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{12}", i) for i in ids)


# Refusals


def test_is_store_pass() -> None:
    assert is_store_pass(encode_pass(make_pass(), SECRET))
    assert is_store_pass("USP2.anything")
    assert is_store_pass("USP10.x")
    assert not is_store_pass("usp1.abc")
    assert not is_store_pass("USP1")
    assert not is_store_pass("USPX.abc")
    assert not is_store_pass("https://qr.kakao.com/USP1.abc")
    assert not is_store_pass("")


@pytest.mark.parametrize(
    "code",
    [
        "",
        "hello",
        "USP1",
        "USP1.",
        "USP1.!!!!",
        "USP1.abc=",
        "USP1.abc def",
        "USP1.A",
        "USP1." + "A" * 20,
        "USP1." + "가나다",
    ],
)
def test_garbage_is_malformed(code: str) -> None:
    assert reason_of(code) is DenyReason.MALFORMED


def test_truncated_code_is_malformed() -> None:
    code = encode_pass(make_pass(max_uses=3), SECRET)
    for cut in range(1, len(code) - len(PASS_PREFIX)):
        assert reason_of(code[:-cut]) is DenyReason.MALFORMED, cut


def test_extended_code_is_malformed() -> None:
    code = encode_pass(make_pass(), SECRET)
    assert reason_of(code + "AAAA") is DenyReason.MALFORMED


def test_non_canonical_spelling_is_malformed() -> None:
    code = encode_pass(make_pass(max_uses=3), SECRET)
    body = code.removeprefix(PASS_PREFIX)
    assert len(body) % 4 != 0, "the fixture needs unused trailing bits to exercise this"
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twin = body[:-1] + alphabet[alphabet.index(body[-1]) + 1]
    assert unb64(twin) == unb64(body)
    assert reason_of(PASS_PREFIX + twin) is DenyReason.MALFORMED


def test_tampered_payload_has_bad_signature() -> None:
    code = encode_pass(make_pass(), SECRET)
    raw = bytearray(unb64(code.removeprefix(PASS_PREFIX)))
    for index in range(len(raw)):
        forged = bytearray(raw)
        forged[index] ^= 0x01
        # Bytes 0 (flags) and 10 (id length) announce the length, so flipping them makes the code
        # malformed before its signature is checked; any other change is a forgery.
        expected = DenyReason.MALFORMED if index in (0, 10) else DenyReason.BAD_SIGNATURE
        assert reason_of(PASS_PREFIX + b64(bytes(forged))) is expected, index


def test_extended_validity_with_a_guessed_signature_is_refused() -> None:
    p = make_pass()
    longer = encode_pass(
        dataclasses.replace(p, valid_until=p.valid_until + timedelta(days=365)), OTHER_SECRET
    )
    assert reason_of(longer) is DenyReason.BAD_SIGNATURE


def test_wrong_secret_has_bad_signature() -> None:
    assert reason_of(encode_pass(make_pass(), OTHER_SECRET)) is DenyReason.BAD_SIGNATURE


@pytest.mark.parametrize("prefix", ["USP0.", "USP2.", "USP99."])
def test_other_versions_are_unsupported(prefix: str) -> None:
    body = encode_pass(make_pass(), SECRET).removeprefix(PASS_PREFIX)
    assert reason_of(prefix + body) is DenyReason.UNSUPPORTED_VERSION
    # Even signed under that prefix: the version decides the format, so it is checked first.
    assert reason_of(sign(unb64(body)[:-16], prefix=prefix)) is DenyReason.UNSUPPORTED_VERSION


def test_own_signature_over_other_prefix_does_not_verify() -> None:
    body = unb64(encode_pass(make_pass(), SECRET).removeprefix(PASS_PREFIX))
    resigned = sign(body[:-16], prefix="USP2.")
    assert reason_of(PASS_PREFIX + resigned.removeprefix("USP2.")) is DenyReason.BAD_SIGNATURE


def test_hand_signed_valid_payload_decodes() -> None:
    """The independent signer in this file agrees with the module, so the cases below count."""
    p = decode_pass(sign(payload()), SECRET)
    assert p.pass_id == "abc"
    assert p.kind is PassKind.DELIVERY
    assert p.valid_until - p.valid_from == timedelta(hours=1)


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        (payload(flags=0x08), "unknown flags"),
        (payload(kind=4), "unknown kind"),
        (payload(pass_id=b"\xff\xfe"), "not ASCII"),
        (payload(pass_id=b"a b"), "pass_id"),
        (payload(valid_until=int(T0.timestamp())), "after valid_from"),
        (payload(flags=0x01, tail=b"\x00"), "weekdays"),
        (payload(flags=0x01, tail=b"\x80"), "bit 7"),
        (payload(flags=0x02, tail=struct.pack(">HH", 1440, 60)), "hour out of range"),
        (payload(flags=0x02, tail=struct.pack(">HH", 60, 1440)), "hour out of range"),
        (payload(flags=0x02, tail=struct.pack(">HH", 60, 60)), "different minutes"),
        (payload(flags=0x04, tail=struct.pack(">H", 0)), "max_uses"),
    ],
)
def test_signed_but_invalid_payload_is_malformed(raw: bytes, detail: str) -> None:
    with pytest.raises(PassError, match=detail) as err:
        decode_pass(sign(raw), SECRET)
    assert err.value.reason is DenyReason.MALFORMED


def test_pass_error_message_carries_reason_not_code() -> None:
    code = encode_pass(make_pass(), OTHER_SECRET)
    with pytest.raises(PassError) as err:
        decode_pass(code, SECRET)
    assert str(err.value) == "bad_signature: signature does not match"
    assert code not in str(err.value)
    assert str(PassError(DenyReason.EMPTY)) == "empty"


# Properties

pass_ids = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
    min_size=1,
    max_size=32,
)
instants = st.datetimes(
    min_value=datetime(1970, 1, 1),  # noqa: DTZ001
    max_value=datetime(2096, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
minutes = st.integers(0, 1439).map(lambda m: time(m // 60, m % 60))


@st.composite
def store_passes(draw: st.DrawFn) -> StorePass:
    start = draw(instants).replace(microsecond=0)
    hours = draw(st.none() | st.tuples(minutes, minutes).filter(lambda h: h[0] != h[1]))
    return StorePass(
        pass_id=draw(pass_ids),
        kind=draw(st.sampled_from(PassKind)),
        valid_from=start,
        valid_until=start + draw(st.timedeltas(timedelta(seconds=1), timedelta(days=3650))),
        weekdays=draw(st.none() | st.frozensets(st.integers(0, 6), min_size=1)),
        hours=hours,
        max_uses=draw(st.none() | st.integers(1, 65535)),
        label=draw(st.text(max_size=20)),
    )


@settings(max_examples=300, deadline=None)
@given(p=store_passes())
def test_round_trip_property(p: StorePass) -> None:
    code = encode_pass(p, SECRET)
    assert is_store_pass(code)
    assert normalise_scan(code + "\r\n") == code
    assert decode_pass(code, SECRET) == dataclasses.replace(p, label="")


@settings(max_examples=300, deadline=None)
@given(p=store_passes(), data=st.data())
def test_any_single_character_change_is_refused(p: StorePass, data: st.DataObject) -> None:
    code = encode_pass(p, SECRET)
    index = data.draw(st.integers(len(PASS_PREFIX), len(code) - 1))
    replacement = data.draw(
        st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    )
    forged = code[:index] + replacement + code[index + 1 :]
    if unb64(forged.removeprefix(PASS_PREFIX)) == unb64(code.removeprefix(PASS_PREFIX)):
        return  # the same character, or another spelling of the last bits (refused elsewhere)
    with pytest.raises(PassError):
        decode_pass(forged, SECRET)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200) | st.text(max_size=200).map(lambda t: PASS_PREFIX + t))
def test_arbitrary_text_only_ever_raises_pass_error(text: str) -> None:
    with pytest.raises(PassError):
        decode_pass(text, SECRET)


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=1200) | st.text(max_size=1200))
def test_normalise_scan_returns_clean_text_or_pass_error(raw: bytes | str) -> None:
    reason: DenyReason | None = None
    try:
        text = normalise_scan(raw)
    except PassError as err:
        reason = err.reason
    if reason is not None:
        assert reason in (
            DenyReason.EMPTY,
            DenyReason.TOO_LONG,
            DenyReason.NOT_UTF8,
            DenyReason.MALFORMED,
        )
    else:
        assert text
        assert text == text.strip()
        assert len(text.encode("utf-8")) <= MAX_SCAN_BYTES
        assert not any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text)


# Scan normalisation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("USP1.abc\r\n", "USP1.abc"),
        ("  USP1.abc\t", "USP1.abc"),
        (b"USP1.abc\n", "USP1.abc"),
        (b"\xef\xbb\xbfUSP1.abc\r", "USP1.abc"),
        ("\ufeffhttps://qr.example/a b", "https://qr.example/a b"),
        ("인증코드-123".encode(), "인증코드-123"),
        (bytearray(b"abc"), "abc"),
        ("a" * MAX_SCAN_BYTES + "\r\n", "a" * MAX_SCAN_BYTES),
    ],
)
def test_normalise_scan_strips_reader_noise(raw: str | bytes, expected: str) -> None:
    assert normalise_scan(raw) == expected


@pytest.mark.parametrize("raw", ["", b"", "   ", "\r\n", b" \r\n\t", "\ufeff", "\u2028"])
def test_empty_scan(raw: str | bytes) -> None:
    with pytest.raises(PassError) as err:
        normalise_scan(raw)
    assert err.value.reason is DenyReason.EMPTY


@pytest.mark.parametrize(
    "raw",
    [
        "a" * (MAX_SCAN_BYTES + 1),
        b"a" * (MAX_SCAN_BYTES + 1),
        "가" * 342,  # 1026 bytes in 342 characters: the limit is in bytes
        "a" * 100_000,
        b"\xff" * 100_000,  # refused for size before anyone tries to decode it
    ],
)
def test_oversized_scan(raw: str | bytes) -> None:
    with pytest.raises(PassError) as err:
        normalise_scan(raw)
    assert err.value.reason is DenyReason.TOO_LONG


@pytest.mark.parametrize(
    "raw",
    [b"\xff\xfe", b"USP1.\xc0\xaf", b"abc\xe2\x82", b"\xed\xa0\x80", "abc\ud800"],
)
def test_non_utf8_scan(raw: str | bytes) -> None:
    with pytest.raises(PassError) as err:
        normalise_scan(raw)
    assert err.value.reason is DenyReason.NOT_UTF8


@pytest.mark.parametrize(
    "raw",
    ["USP1.a\x00b", "USP1.a\x1b[31mb", "a\tb", "a\r\nb", "a\x7fb", "a\x85b", "a\u2029b", b"a\x00b"],
)
def test_control_characters_inside_a_scan_are_malformed(raw: str | bytes) -> None:
    with pytest.raises(PassError) as err:
        normalise_scan(raw)
    assert err.value.reason is DenyReason.MALFORMED


# QR images


def test_qr_svg_is_an_svg_document() -> None:
    svg = pass_qr_svg(encode_pass(make_pass(), SECRET))
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg


def test_qr_png_decodes_back_to_the_code() -> None:
    cv2 = pytest.importorskip("cv2")
    zxingcpp = pytest.importorskip("zxingcpp")
    import numpy as np

    code = encode_pass(make_pass(hours=(time(22), time(6)), max_uses=10), SECRET)
    png = pass_qr_png(code)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = cv2.imdecode(np.frombuffer(png, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image.shape[0] == image.shape[1] == (pass_qr_version(code) * 4 + 17 + 8) * 8
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [code]
    assert decode_pass(results[0].text, SECRET) == decode_pass(code, SECRET)
