"""Async protocol clients (door device, vision engine) that import nothing from Home Assistant.

They take an injected `aiohttp.ClientSession` so they can be published on PyPI as they are;
tests/test_hassfest.py enforces that no module here imports `homeassistant`.
"""
