"""Fixtures for the embedded Bolt server (filled in with the store)."""
