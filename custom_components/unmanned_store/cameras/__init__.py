"""Cameras: the link to the vision engine (embedded process or standalone) and camera entities.

A frame becomes an event in the engine; this package turns engine events into entity state.
"""
