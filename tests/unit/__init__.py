"""Unit tests of the door core's plain modules (no Home Assistant instance needed)."""
