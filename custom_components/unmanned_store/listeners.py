"""Callbacks a runtime object tells about its changes (entities, and other parts of the store)."""

from __future__ import annotations

from collections.abc import Callable

from homeassistant.core import CALLBACK_TYPE


class Listeners[**P]:
    """An ordered set of callbacks; `add` returns the function that removes one again."""

    __slots__ = ("_callbacks",)

    def __init__(self) -> None:
        """Start with none."""
        self._callbacks: list[Callable[P, None]] = []

    def add(self, listener: Callable[P, None]) -> CALLBACK_TYPE:
        """Call `listener` on every `fire` until the returned function is called."""
        self._callbacks.append(listener)
        return lambda: self._callbacks.remove(listener)

    def fire(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Call every listener; one may remove itself (or another) while this runs."""
        for listener in list(self._callbacks):
            listener(*args, **kwargs)
