"""Helpers only tests use (kept out of the eduplat package)."""
