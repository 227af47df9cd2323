"""Notebook (JSON data) → a Markdown page for Material, plus its files.

Prose cells stay Markdown, so admonitions, tabs and links work as on any page; code cells
become fenced code (highlighted, with Material's copy button); outputs become HTML blocks
or image files. Pure functions of their inputs: no MkDocs, no nbformat.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import jinja2

from eduplat.i18n import Translator
from eduplat.text import escape_markdown, fragment_environment
from eduplat.tutorials import exercises as ex
from eduplat.tutorials import runinpage
from eduplat.tutorials.execute import CUT_KEY, strip_ansi
from eduplat.tutorials.model import LEVELS, Prerequisite, format_size, utf8_head, utf8_size
from eduplat.tutorials.pipeline import PreparedTutorial

__all__ = [
    "LaunchOptions",
    "RenderOptions",
    "RenderedTutorial",
    "default_environment",
    "index_order",
    "render_index",
    "render_tutorial",
]

_IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/svg+xml": "svg"}
_HEADING_1 = re.compile(r"\A\s*#\s+[^\n]+\n?")
#: Bytes of each output that search indexes at most, whatever its line count.
_SEARCHABLE_BYTES = 4_000
#: UI strings of run-in-page (exercises.js), passed to the page as data.
_RUN_STRINGS = (
    "run.run",
    "run.check",
    "run.reset",
    "run.stop",
    "run.loading",
    "run.running",
    "run.passed",
    "run.failed",
    "run.load_failed",
    "run.stopped",
    "run.editor",
    "run.output_cut",
)


@dataclass(frozen=True)
class LaunchOptions:
    """Where "open in" buttons point.

    Attributes:
        repo: GitHub ``owner/name`` of the site's repository.
        branch: Branch with the tutorial sources (Binder opens them with jupytext).
        notebooks_branch: Branch where the built site (and so the executed ``.ipynb``
            files) is published, for Colab, which only opens ``.ipynb`` files on GitHub.
        notebooks_path: Folder of the site inside ``notebooks_branch`` (e.g. a mike
            version such as ``latest``), or empty for the root.
        colab: Show the Colab button.
        binder: Show the Binder button.
        jupyterlite: Base URL of a JupyterLite deployment; empty hides the button.
    """

    repo: str = ""
    branch: str = "main"
    notebooks_branch: str = "gh-pages"
    notebooks_path: str = ""
    colab: bool = True
    binder: bool = True
    jupyterlite: str = ""


@dataclass(frozen=True)
class RenderOptions:
    """Site-wide rendering settings.

    Attributes:
        url: Folder of the tutorial pages inside the docs (``tutorials``).
        source_dir: The tutorials folder relative to the repository root, for launch links.
        max_output_lines: Longer text outputs are cut (the download has them whole).
        max_output_bytes: Larger text outputs are cut too (a single long line counts).
        searchable_output_lines: Lines of each output that search indexes; the rest is
            shown but excluded, so long outputs do not drown prose in search results.
        raw_html_outputs: Keep HTML outputs as they are (scripts included) instead of
            sanitizing them.
        site_url: The site's public URL, for JupyterLite links.
        launch: Launch buttons, or None for none.
    """

    url: str = "tutorials"
    source_dir: str = "tutorials"
    max_output_lines: int = 200
    max_output_bytes: int = 100_000
    searchable_output_lines: int = 30
    raw_html_outputs: bool = False
    site_url: str = ""
    launch: LaunchOptions | None = None
    solutions: ex.SolutionMode = "after-attempt"
    publish_solutions: bool = False
    run_in_page: runinpage.RunInPage | None = None
    #: Absolute Pyodide URL, or empty for the copy at ``assets/pyodide/`` in the site.
    pyodide_url: str = runinpage.DEFAULT_PYODIDE_URL


@dataclass
class RenderedTutorial:
    """A tutorial page and the files it links to, keyed by URI below the docs root."""

    markdown: str
    files: dict[str, bytes] = field(default_factory=dict)
    #: The ``<tutorial>/solutions/`` page (``solutions: appendix`` only), keyed by URI.
    solutions_page: tuple[str, str] | None = None


def default_environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """The Jinja environment for eduplat's fragments (a theme can override each one)."""
    return fragment_environment(loader, keep_trailing_newline=True)


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _fence(code: str, language: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", code)), default=2)
    ticks = "`" * (longest + 1)
    return f"{ticks}{language}\n{code}\n{ticks}"


def _markdown_div(kind: str, markdown: str) -> str:
    """An output block whose content is Markdown (md_in_html)."""
    return f'<div class="eduplat-output eduplat-output--{kind}" markdown>\n\n{markdown}\n\n</div>'


class _PageRenderer:
    def __init__(
        self,
        tutorial: PreparedTutorial,
        t: Translator,
        options: RenderOptions,
        env: jinja2.Environment,
    ) -> None:
        self.tutorial = tutorial
        self.t = t
        self.options = options
        self.env = env
        self.stem = tutorial.id.rsplit("/", 1)[-1]
        self.page_dir = "/".join([options.url, *tutorial.id.split("/")[:-1]]).strip("/")
        self.files: dict[str, bytes] = {}
        info = tutorial.notebook.get("metadata", {}).get("language_info", {})
        self.language = str(info.get("name") or "python")
        meta = tutorial.meta
        self.mode: ex.SolutionMode = meta.solutions or options.solutions
        self.publish_solutions = (
            options.publish_solutions if meta.publish_solutions is None else meta.publish_solutions
        )
        self.groups = ex.exercise_groups(tutorial.notebook["cells"])
        run = options.run_in_page if meta.run_in_page is None else meta.run_in_page
        self.run_in_page = run == "pyodide" and self.language == "python"
        self.group_of = {
            index: group
            for group in self.groups
            for index in (group.exercise, *group.solutions, *group.checks)
            if index is not None
        }

    def uri(self, name: str) -> str:
        return f"{self.page_dir}/{name}" if self.page_dir else name

    # -- outputs -----------------------------------------------------------------------
    def _pre(self, text: str, kind: str) -> str:
        full = strip_ansi(text).rstrip("\n")
        lines = full.split("\n")
        note = ""
        limit = self.options.max_output_lines
        if len(lines) > limit:
            note = self.t("tutorial.output_truncated", hidden=len(lines) - limit)
            lines = lines[:limit]
        shown = "\n".join(lines)
        if utf8_size(shown) > self.options.max_output_bytes:
            shown = utf8_head(shown, self.options.max_output_bytes)
            hidden = format_size(utf8_size(full) - utf8_size(shown))
            note = self.t("tutorial.output_truncated_bytes", size=hidden)
        count = self.options.searchable_output_lines
        searchable = utf8_head("\n".join(shown.split("\n", count)[:count]), _SEARCHABLE_BYTES)
        rest = shown[len(searchable) :]
        markup = html.escape(searchable)
        if rest:
            markup += '<span data-search-exclude="">' + html.escape(rest) + "</span>"
        block = f'<pre class="eduplat-output eduplat-output--{kind}"><code>{markup}</code></pre>'
        if note:
            block += f'\n<p class="eduplat-output-note">{html.escape(note)}</p>'
        return block

    def _sanitize(self, markup: str) -> str:
        if self.options.raw_html_outputs:
            return markup
        import nh3

        return nh3.clean(markup)

    def _output(self, output: dict[str, Any], cell_number: int, index: int) -> str:
        kind = output.get("output_type")
        if kind == "stream":
            return self._pre(_text(output.get("text", "")), str(output.get("name", "stdout")))
        if kind == "error":
            traceback = "\n".join(output.get("traceback", [])) or (
                f"{output.get('ename')}: {output.get('evalue')}"
            )
            return self._pre(traceback, "error")
        cut = output.get("metadata", {}).get(CUT_KEY, {}).get("output_cut")
        if isinstance(cut, int):
            note = self.t("tutorial.output_cut", size=format_size(cut))
            return f'<p class="eduplat-output-note">{html.escape(note)}</p>'
        data: dict[str, Any] = output.get("data", {})
        for mime, ext in _IMAGE_TYPES.items():
            if mime in data:
                raw = _text(data[mime])
                content = raw.encode() if ext == "svg" else base64.b64decode(raw)
                name = f"{self.stem}.assets/cell{cell_number}-{index}.{ext}"
                self.files[self.uri(name)] = content
                alt = escape_markdown(
                    _text(data.get("text/plain", f"Output of cell {cell_number}"))
                )
                return _markdown_div("image", f"![{alt}]({quote(name)})")
        if "text/html" in data:
            return (
                '<div class="eduplat-output eduplat-output--html">\n'
                + self._sanitize(_text(data["text/html"])).strip()
                + "\n</div>"
            )
        if "text/markdown" in data:
            return _markdown_div("markdown", _text(data["text/markdown"]))
        for mime in ("text/latex", "application/json", "text/plain"):
            if mime in data:
                value = data[mime]
                text = json.dumps(value, indent=2) if mime == "application/json" else _text(value)
                return self._pre(text, "result")
        return ""

    # -- cells -------------------------------------------------------------------------
    def _details(self, summary: str, body: str, kind: str, *, searchable: bool = True) -> str:
        exclude = "" if searchable else " data-search-exclude"
        return (
            f'<details class="eduplat-{kind}"{exclude} markdown>\n'
            f"<summary>{html.escape(summary)}</summary>\n\n{body}\n\n</details>"
        )

    def _code_and_outputs(self, cell: dict[str, Any], number: int) -> str:
        source = _text(cell.get("source", "")).rstrip()
        outputs = [self._output(o, number, i) for i, o in enumerate(cell.get("outputs", []))]
        return "\n\n".join(
            p for p in [_fence(source, self.language) if source else "", *outputs] if p
        )

    def _runnable(self, block: str, number: int) -> str:
        """A visible code cell (its code and outputs) that the reader can edit and run."""
        if not self.run_in_page or not block:
            return block
        return f'<div class="eduplat-cell" data-cell="{number}" markdown>\n\n{block}\n\n</div>'

    def run_marker(self) -> str:
        """The page's run-in-page settings and cell sources, for exercises.js."""
        if not self.run_in_page:
            return ""
        data = runinpage.run_data(self.tutorial.notebook["cells"], self.groups)
        strings = {key.removeprefix("run."): self.t(key) for key in _RUN_STRINGS}
        return (
            f'<div class="eduplat-run" hidden data-run="pyodide"'
            f' data-pyodide-url="{html.escape(self.options.pyodide_url)}"'
            f' data-pyodide-folder="{runinpage.SITE_FOLDER}/"'
            f' data-strings="{runinpage.run_data_attribute(strings)}"'
            f' data-cells="{runinpage.run_data_attribute(data)}"></div>'
        )

    def exercise_cell(self, cell: dict[str, Any], number: int, group: ex.ExerciseGroup) -> str:
        """An exercise, solution or check cell, as the ``solutions`` mode says."""
        role = ex.cell_role(cell)
        n = group.number
        if role == "check":
            return ""  # hidden test code: in the downloads, never on the page
        if role == "exercise":
            return self._fragment(
                "exercise",
                number=n,
                body=self._runnable(self._code_and_outputs(cell, number), number),
                checks=bool(group.checks),
                mode=self.mode,
                has_solution=bool(group.solutions),
                solutions_link=f"{self.stem}/solutions.md#exercise-{n}",
            )
        # a solution
        if self.mode in ("omit", "appendix"):
            return ""
        first = not group.solutions or group.solutions[0] == number - 1
        return self._fragment(
            "solution",
            number=n,
            body=self._code_and_outputs(cell, number),
            mode=self.mode,
            first=first,
        )

    def _fragment(self, name: str, **values: Any) -> str:
        """Render ``fragments/eduplat/<name>.html`` with the page's translator."""
        return (
            self.env.get_template(f"fragments/eduplat/{name}.html")
            .render(t=self.t, **values)
            .strip()
        )

    def solutions_markdown(self) -> str:
        """The appendix page: every exercise's solution, by number."""
        cells = self.tutorial.notebook["cells"]
        items = [
            (
                group.number,
                "\n\n".join(self._code_and_outputs(cells[i], i + 1) for i in group.solutions),
            )
            for group in self.groups
            if group.solutions
        ]
        return self.env.get_template("fragments/eduplat/solutions_page.html").render(
            t=self.t,
            title=escape_markdown(self.tutorial.meta.title),
            items=items,
            back=quote(f"../{self.stem}.md"),
        )

    def code_cell(self, cell: dict[str, Any], number: int) -> str:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "remove-cell" in tags:
            return ""
        group = self.group_of.get(number - 1)
        if group is not None:
            return self.exercise_cell(cell, number, group)
        parts = []
        source = _text(cell.get("source", "")).rstrip()
        hide_input = "hide-input" in tags and "remove-input" not in tags and bool(source)
        if "remove-input" not in tags and source:
            parts.append(_fence(source, self.language))
        if "remove-output" not in tags:
            outputs = [self._output(o, number, i) for i, o in enumerate(cell.get("outputs", []))]
            block = "\n\n".join(o for o in outputs if o)
            if block:
                if "hide-output" in tags and not hide_input:
                    block = self._details(self.t("tutorial.show_output"), block, "hidden-output")
                parts.append(block)
        if not hide_input and "remove-input" not in tags and source:
            return self._runnable("\n\n".join(parts), number)
        if hide_input:
            # A hidden solution hides its output too: printed below "Show code", it would
            # give the answer away. Both stay out of search, as the answer key of an exercise.
            body = "\n\n".join(parts)
            return self._details(
                self.t("tutorial.show_input"), body, "hidden-input", searchable=False
            )
        return "\n\n".join(parts)

    def cells(self) -> tuple[str | None, list[str]]:
        """The page's H1 (if the first prose cell starts with one) and its blocks."""
        title_line = None
        blocks: list[str] = []
        for number, cell in enumerate(self.tutorial.notebook["cells"], start=1):
            kind = cell["cell_type"]
            if kind == "markdown":
                text = _text(cell.get("source", ""))
                if not blocks and title_line is None:
                    match = _HEADING_1.match(text)
                    if match:
                        title_line = match.group(0).strip()
                        text = text[match.end() :]
                if "remove-cell" not in cell.get("metadata", {}).get("tags", []):
                    blocks.append(text.strip())
            elif kind == "code":
                blocks.append(self.code_cell(cell, number))
            # raw cells are for other converters (LaTeX, reST): not shown on a web page
        return title_line, [b for b in blocks if b]

    # -- header ------------------------------------------------------------------------
    def launch_links(self) -> list[tuple[str, str]]:
        """Colab, Binder and JupyterLite links.

        A tutorial with exercises opens the *student* notebook, the one published with the
        site (solutions left out), never its source: Colab and Binder take it from the
        branch the site is published to, JupyterLite from the site itself. Other tutorials
        open their source (Binder runs it with jupytext in the repository's environment).
        """
        launch = self.options.launch
        if launch is None or not launch.repo:
            return []
        links = []
        source_path = f"{self.options.source_dir.strip('/')}/{self.tutorial.source.rel}"
        folder = launch.notebooks_path.strip("/")
        published = f"{folder + '/' if folder else ''}{self.uri(f'{self.stem}.ipynb')}"
        student = bool(self.groups)
        if launch.colab:
            if self.tutorial.source.suffix == ".ipynb" and not student:
                target = f"{launch.branch}/{source_path}"
            else:
                target = f"{launch.notebooks_branch}/{published}"
            links.append(
                ("Colab", f"https://colab.research.google.com/github/{launch.repo}/blob/{target}")
            )
        if launch.binder:
            branch, path = (
                (launch.notebooks_branch, published) if student else (launch.branch, source_path)
            )
            lab_path = quote("lab/tree/" + path, safe="")
            binder = f"https://mybinder.org/v2/gh/{launch.repo}/{branch}?urlpath={lab_path}"
            links.append(("Binder", binder))
        if launch.jupyterlite and self.options.site_url:
            notebook_url = self.options.site_url.rstrip("/") + "/" + self.uri(f"{self.stem}.ipynb")
            lite = launch.jupyterlite.rstrip("/")
            links.append(
                ("JupyterLite", f"{lite}/lab/index.html?fromURL={quote(notebook_url, safe='')}")
            )
        return links

    def header(self, prerequisite_link: Callable[[Prerequisite, str], tuple[str, str]]) -> str:
        meta = self.tutorial.meta
        record = self.tutorial.record
        page_uri = self.uri(f"{self.stem}.md")
        prerequisites = [prerequisite_link(p, page_uri) for p in meta.prerequisites]
        source_name = f"{self.stem}.py"
        return self.env.get_template("fragments/eduplat/tutorial_header.html").render(
            t=self.t,
            meta=meta,
            level=self.t(f"level.{meta.level}") if meta.level in LEVELS else None,
            prerequisites=[(escape_markdown(title), target) for title, target in prerequisites],
            notebook_file=quote(f"{self.stem}.ipynb"),
            source_file=quote(source_name),
            solutions_file=(
                quote(f"{self.stem}-solutions.ipynb")
                if self.publish_solutions and self.groups
                else None
            ),
            launch=self.launch_links(),
            record=record,
        )


def render_tutorial(
    tutorial: PreparedTutorial,
    t: Translator,
    options: RenderOptions,
    prerequisite_link: Callable[[Prerequisite, str], tuple[str, str]],
    env: jinja2.Environment | None = None,
) -> RenderedTutorial:
    """Render one tutorial page and its downloads.

    Args:
        tutorial: The prepared tutorial.
        t: UI strings.
        options: Rendering settings.
        prerequisite_link: Maps a prerequisite and the page's URI to (title, link
            relative to the page); raises SourceError for an unknown target.
        env: Jinja environment (theme overrides); the default one when None.
    """
    page = _PageRenderer(tutorial, t, options, env or default_environment())
    title_line, blocks = page.cells()
    front = json.dumps(
        {
            "title": html.escape(tutorial.meta.title, quote=False),
            "description": html.escape(tutorial.meta.description, quote=False),
        },
        ensure_ascii=False,
    )
    markdown = "\n\n".join(
        [
            f"---\n{front}\n---",  # JSON is valid YAML: safe for any title
            title_line or f"# {html.escape(escape_markdown(tutorial.meta.title))}",
            page.header(prerequisite_link).strip(),
            *([page.run_marker()] if page.run_in_page else []),
            *blocks,
        ]
    )
    student = ex.student_notebook(tutorial.notebook) if page.groups else tutorial.notebook
    page.files[page.uri(f"{page.stem}.ipynb")] = _notebook_bytes(student)
    py_text = ex.student_percent(tutorial.py_text) if page.groups else tutorial.py_text
    page.files[page.uri(f"{page.stem}.py")] = py_text.encode("utf-8")
    solutions_page = None
    if page.groups and page.publish_solutions:
        page.files[page.uri(f"{page.stem}-solutions.ipynb")] = _notebook_bytes(tutorial.notebook)
    if page.groups and page.mode == "appendix":
        solutions_page = (page.uri(f"{page.stem}/solutions.md"), page.solutions_markdown())
    return RenderedTutorial(
        markdown=markdown + "\n", files=page.files, solutions_page=solutions_page
    )


def _notebook_bytes(notebook: dict[str, Any]) -> bytes:
    return (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def index_order(tutorial: PreparedTutorial) -> tuple[bool, int, str]:
    """Sort key of the tutorials index (and previous/next): ``order``, then title."""
    meta = tutorial.meta
    return (meta.order is None, meta.order or 0, meta.title.lower())


def render_index(
    tutorials: Sequence[PreparedTutorial],
    t: Translator,
    env: jinja2.Environment | None = None,
) -> str:
    """The tutorials index page: one card per tutorial, by ``order`` then title."""
    ordered = sorted(tutorials, key=index_order)
    cards = [
        {
            "title": escape_markdown(x.meta.title),
            "link": quote(f"{x.id}.md"),
            "description": x.meta.description,
            "level": t(f"level.{x.meta.level}") if x.meta.level in LEVELS else None,
            "duration": t("tutorial.minutes", minutes=x.meta.duration) if x.meta.duration else None,
            "tags": x.meta.tags,
        }
        for x in ordered
    ]
    template = (env or default_environment()).get_template("fragments/eduplat/tutorial_index.html")
    return template.render(t=t, cards=cards)
