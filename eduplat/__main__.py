"""``python -m eduplat`` runs the CLI."""

from eduplat.cli import main

main()
