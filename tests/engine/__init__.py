"""Tests of the vision engine (unmanned_store_engine) and its client."""
