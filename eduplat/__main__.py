"""``python -m eduplat`` runs the CLI."""

from eduplat.cli import main

if __name__ == "__main__":  # not when a Dask worker process imports the parent's main module
    main()
