"""MkDocs side of tutorials: turns prepared tutorials into generated files and pages."""

from __future__ import annotations

import dataclasses
import os
import posixpath
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from eduplat.errors import SourceError, did_you_mean
from eduplat.features import cache_root, config_folder
from eduplat.i18n import Translator
from eduplat.progress import make_reporter
from eduplat.tutorials.cache import TutorialCache
from eduplat.tutorials.dask_executor import DaskOptions
from eduplat.tutorials.model import Prerequisite
from eduplat.tutorials.pipeline import PipelineOptions, PreparedTutorial, TutorialPipeline
from eduplat.tutorials.render import (
    LaunchOptions,
    RenderOptions,
    default_environment,
    index_order,
    render_index,
    render_tutorial,
)
from eduplat.tutorials.runinpage import pyodide_files, pyodide_source

__all__ = ["TutorialsFeature", "pipeline_options", "theme_loader"]

_Record = TypeVar("_Record")


def pipeline_options(options: Any, *, execute: bool) -> PipelineOptions:
    """The pipeline settings from the `tutorials:` config (shared by build and test)."""
    return PipelineOptions(
        execute=execute,
        kernel=options.kernel,
        timeout=options.timeout,
        workers=options.workers,
        max_output=options.max_output,
        executor=options.executor,
        dask=_from_config(DaskOptions, options.dask),
    )


class TutorialsFeature:
    """Prepares, renders and adds tutorial pages; one instance lives across serve rebuilds."""

    def __init__(self, options: Any, config: MkDocsConfig, cache_dir: str, logger: Any) -> None:
        self.options = options
        self.base = config_folder(config)
        self.folder = self.base / options.dir
        self.url = options.url.strip("/")
        self.cache = TutorialCache(cache_root(config, cache_dir))
        self.log = logger
        self.serving = False
        self.prepared: list[PreparedTutorial] = []
        self.by_id: dict[str, PreparedTutorial] = {}
        self.pages: dict[str, File] = {}

    def pipeline(self) -> TutorialPipeline:
        execute = self.options.execute and (self.options.execute_on_serve or not self.serving)
        return TutorialPipeline(
            self.folder,
            self.cache,
            pipeline_options(self.options, execute=execute),
            reporter=make_reporter(self.log),
        )

    def runs_in_page(self) -> bool:
        """Whether any tutorial lets readers run its cells in the page."""
        site = self.options.run_in_page
        return any(
            (site if x.meta.run_in_page is None else x.meta.run_in_page) == "pyodide"
            for x in self.prepared
        )

    def render_options(self, config: MkDocsConfig, pyodide_url: str = "") -> RenderOptions:
        return RenderOptions(
            url=self.url,
            source_dir=Path(os.path.relpath(self.folder, self.base)).as_posix(),
            max_output_lines=self.options.max_output_lines,
            max_output_bytes=self.options.max_output_bytes,
            searchable_output_lines=self.options.searchable_output_lines,
            raw_html_outputs=self.options.raw_html_outputs,
            site_url=config.site_url or "",
            solutions=self.options.solutions,
            publish_solutions=self.options.publish_solutions,
            run_in_page=self.options.run_in_page,
            pyodide_url=pyodide_url,
            launch=_from_config(LaunchOptions, self.options.launch),
        )

    def on_files(self, files: Files, config: MkDocsConfig, t: Translator) -> Files:
        self.prepared = self.pipeline().prepare()
        env = default_environment(theme_loader(config))
        # Webinar sessions look tutorials up by id, hundreds of times on a large course.
        self.by_id = by_id = {x.id: x for x in self.prepared}
        pyodide_url = ""
        if self.runs_in_page():
            # Resolved only when a page runs code: a wrong folder must not break other sites.
            config_file = Path(config.config_file_path or "mkdocs.yml")
            source = pyodide_source(self.options.pyodide_url, self.base, config_file)
            pyodide_url = source.url
            if source.folder is not None:
                for uri, path in pyodide_files(source.folder).items():
                    files.append(File.generated(config, uri, abs_src_path=str(path)))
        options = self.render_options(config, pyodide_url)
        for tutorial in self.prepared:
            page_uri = f"{self.url}/{tutorial.id}.md"
            if files.get_file_from_path(page_uri) is not None:
                raise SourceError(
                    tutorial.source.path,
                    f"docs/{page_uri} already exists, so this tutorial has no page to go to",
                    hint="rename one of them, or set 'tutorials.url' to another folder",
                )
            link = _prerequisite_linker(tutorial, by_id, files, self.url)
            rendered = render_tutorial(tutorial, t, options, link, env)
            page = File.generated(
                config, page_uri, content=rendered.markdown, inclusion=InclusionLevel.NOT_IN_NAV
            )
            self.pages[tutorial.id] = page
            files.append(page)
            for uri, content in rendered.files.items():
                files.append(File.generated(config, uri, content=content))
            if rendered.solutions_page:
                appendix_uri, appendix = rendered.solutions_page
                files.append(
                    File.generated(
                        config, appendix_uri, content=appendix, inclusion=InclusionLevel.NOT_IN_NAV
                    )
                )
        index_uri = f"{self.url}/index.md"
        if self.options.index and files.get_file_from_path(index_uri) is None and self.prepared:
            files.append(
                File.generated(config, index_uri, content=render_index(self.prepared, t, env))
            )
        return files

    def reading_order(self) -> list[PreparedTutorial]:
        """The tutorials in index order (for previous/next)."""
        return sorted((x for x in self.prepared if x.id in self.pages), key=index_order)

    def find_page(self, tutorial_id: str) -> tuple[str, File] | None:
        """Title and page of a tutorial, by id (None when there is none)."""
        tutorial = self.by_id.get(tutorial_id)
        if tutorial is None or tutorial_id not in self.pages:
            return None
        return tutorial.meta.title, self.pages[tutorial_id]


def _from_config(record: type[_Record], options: Any) -> _Record:
    """A domain dataclass from the config section with the same field names."""
    return record(**{f.name: options[f.name] for f in dataclasses.fields(record)})  # type: ignore[arg-type]


def theme_loader(config: MkDocsConfig) -> Any:
    """Theme templates first (user overrides in custom_dir), then eduplat's own."""
    import jinja2

    return jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(config.theme.dirs),
            jinja2.PackageLoader("eduplat", "templates"),
        ]
    )


def _prerequisite_linker(
    tutorial: PreparedTutorial, by_id: dict[str, PreparedTutorial], files: Files, url: str
) -> Any:
    def link(prerequisite: Prerequisite, page_uri: str) -> tuple[str, str]:
        target = prerequisite.target.strip()
        page_dir = posixpath.dirname(page_uri)
        if target in by_id:
            other = by_id[target]
            uri = f"{url}/{other.id}.md"
            return prerequisite.title or other.meta.title, posixpath.relpath(uri, page_dir)
        if target.startswith(("http://", "https://")):
            return prerequisite.title or target, target
        path, _, anchor = target.partition("#")
        if path.endswith(".md"):
            if files.get_file_from_path(path.lstrip("/")) is None:
                raise SourceError(
                    tutorial.source.path,
                    f"prerequisite '{target}' is not a page of this site",
                    hint="give a path relative to docs/, e.g. 'guide/index.md'",
                )
            title = prerequisite.title or Path(path).stem.replace("-", " ").capitalize()
            rel = posixpath.relpath(path.lstrip("/"), page_dir)
            return title, rel + (f"#{anchor}" if anchor else "")
        suggestion = did_you_mean(target, by_id)
        raise SourceError(
            tutorial.source.path,
            f"prerequisite '{target}' is not a tutorial, page or URL",
            hint=suggestion or f"tutorial ids: {', '.join(sorted(by_id)) or 'none'}",
        )

    return link
