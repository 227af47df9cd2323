"""Versioned sites: versions.json (mike's shape) and the files around the versions."""
