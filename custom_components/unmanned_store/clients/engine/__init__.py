"""Async client of the vision engine's HTTP API v1 (docs/engine-api.md).

Knows nothing of Home Assistant: it takes an injected `aiohttp.ClientSession`.
"""

from .client import (
    API_VERSION,
    EngineAuthenticationError,
    EngineClient,
    EngineConnectionError,
    EngineError,
    EngineEvent,
    EngineInfo,
    EngineResponseError,
    GapCallback,
)

__all__ = [
    "API_VERSION",
    "EngineAuthenticationError",
    "EngineClient",
    "EngineConnectionError",
    "EngineError",
    "EngineEvent",
    "EngineInfo",
    "EngineResponseError",
    "GapCallback",
]
