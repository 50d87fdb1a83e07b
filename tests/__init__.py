"""Tests of the unmanned_store project."""
