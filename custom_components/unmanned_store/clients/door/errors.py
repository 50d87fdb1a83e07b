"""Exceptions of the door client."""

from __future__ import annotations


class DoorError(Exception):
    """Base of every error the door client raises."""


class DoorConnectionError(DoorError):
    """The device cannot be reached, or it did not answer in time."""


class DoorAuthenticationError(DoorError):
    """The device refused the token or the pairing code (HTTP 401): pair again."""


class DoorResponseError(DoorError):
    """The device answered with an error, or with something the protocol does not allow."""

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None):
        super().__init__(message)
        self.status = status
        self.code = code


class DoorRateLimitedError(DoorResponseError):
    """Too many wrong pairing codes: the device refuses pairing for `retry_after` seconds."""

    def __init__(self, message: str, *, retry_after: float):
        super().__init__(message, status=429, code="rate_limited")
        self.retry_after = retry_after


class MalformedMessageError(ValueError):
    """A JSON message from the device breaks the protocol; `reason` says how."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class MalformedEventError(MalformedMessageError):
    """A frame on the event stream breaks the protocol; `reason` says how."""
