"""The door: where a scan is decided (verifier, passes, guard), the lock driven, visits logged."""
