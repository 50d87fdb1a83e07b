"""Anomalies: pure fusion rules, the store's anomaly state, and their entities."""
