"""Tests of the door protocol: the client against the reference device on loopback."""
