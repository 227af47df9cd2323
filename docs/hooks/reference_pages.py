"""MkDocs hook for the flagship site: reference pages generated from the code.

The configuration reference comes from the option docstrings in eduplat/config.py and the
command-line reference from the click commands, so neither can drift from what ships.
"""

from __future__ import annotations

import click
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from eduplat.cli import cli
from eduplat.config import reference_markdown


def _command_markdown(command: click.Command, path: list[str], depth: int) -> list[str]:
    ctx = click.Context(command, info_name=" ".join(path))
    usage = command.get_usage(ctx)
    lines = [f"{'#' * depth} `{' '.join(path)}`", "", command.help or "", "", "```text", usage]
    params = [p.get_help_record(ctx) for p in command.get_params(ctx)]
    records = [r for r in params if r]
    if records:
        lines.append("")
        lines.append("Options:")
        lines.extend(f"  {name:<28} {text}" for name, text in records)
    lines.extend(["```", ""])
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                lines.extend(_command_markdown(sub, [*path, name], min(depth + 1, 4)))
    return lines


def cli_markdown() -> str:
    """The command-line reference page."""
    intro = [
        "# Command line",
        "",
        "Exit codes: `0` success, `1` a problem in your sources or configuration (printed as",
        "`path:line: message — hint`), `2` a mistake on the command line. Add `--debug` to any",
        "command for a full traceback.",
        "",
        "<!-- Generated from eduplat/cli.py by docs/hooks/reference_pages.py. -->",
        "",
    ]
    return "\n".join(intro + _command_markdown(cli, ["eduplat"], 2))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for uri, content in (
        ("reference/configuration.md", reference_markdown()),
        ("reference/cli.md", cli_markdown()),
    ):
        files.append(File.generated(config, uri, content=content))
    return files
