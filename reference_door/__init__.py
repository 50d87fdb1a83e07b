"""A reference door authenticator speaking the open door protocol v1 (docs/door-protocol.md).

Run it with `python -m reference_door --state-dir DIR`, or in-process with `start_device`.
"""

from .device import Device, DeviceConfig
from .faults import Faults
from .running import RunningDevice, start_device

__all__ = ["Device", "DeviceConfig", "Faults", "RunningDevice", "start_device"]
