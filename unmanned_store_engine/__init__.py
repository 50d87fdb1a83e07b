"""Vision engine for the unmanned_store integration: cameras in, events out, no Home Assistant.

Runs as its own process (`python -m unmanned_store_engine serve`) because OpenCV has no wheel
for Home Assistant OS (musl) and video work must never stall Home Assistant's event loop.
"""

__version__ = "0.1.0"
