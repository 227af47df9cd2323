"""pytest plugin: every tutorial of an eduplat site is a test item.

Registered through the ``pytest11`` entry point, so plain ``pytest`` in a site's folder
collects ``tutorials/*`` (when ``mkdocs.yml`` enables eduplat); ``eduplat test`` runs the
same items. Execution goes through the build's cache: ``eduplat test`` then
``eduplat build`` executes nothing twice.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

__all__ = ["ReferenceMissingWarning"]

_SITE_KEY = pytest.StashKey["_Site | None"]()


class ReferenceMissingWarning(UserWarning):
    """A tutorial ran without errors but has no reference outputs to compare with."""


@dataclass
class _Site:
    """What the items need from mkdocs.yml, loaded once per session."""

    config_file: Path
    folder: Path
    reference_dir: Path
    masks: list[str]
    pipeline: Any
    update: bool
    failures: dict[str, Any] = field(default_factory=dict)
    batch_done: bool = False


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("eduplat", "eduplat tutorials")
    group.addoption(
        "--eduplat-config",
        default=None,
        help="mkdocs.yml of the site whose tutorials to test (default: <rootdir>/mkdocs.yml).",
    )
    group.addoption(
        "--eduplat-update",
        action="store_true",
        default=False,
        help="Record the current outputs as the tutorials' reference outputs.",
    )


def _load_site(config: pytest.Config) -> _Site | None:
    if _SITE_KEY in config.stash:
        return config.stash[_SITE_KEY]
    site: _Site | None = None
    option = config.getoption("--eduplat-config")
    config_file = Path(option) if option else config.rootpath / "mkdocs.yml"
    if option or config_file.is_file():
        site = _site_from(config_file, update=config.getoption("--eduplat-update"))
    config.stash[_SITE_KEY] = site
    return site


def _site_from(config_file: Path, update: bool) -> _Site | None:
    from eduplat import site as site_api
    from eduplat.features import cache_root, eduplat_plugin
    from eduplat.features.tutorials import pipeline_options
    from eduplat.progress import LogReporter
    from eduplat.tutorials.cache import TutorialCache
    from eduplat.tutorials.pipeline import TutorialPipeline

    mkdocs_config = site_api.load_config(config_file)
    plugin = eduplat_plugin(mkdocs_config)
    if plugin is None or not plugin.config.enabled:
        return None
    options = plugin.config.tutorials
    base = config_file.resolve().parent
    pipeline = TutorialPipeline(
        base / options.dir,
        TutorialCache(cache_root(mkdocs_config, plugin.config.cache_dir)),
        pipeline_options(options, execute=True),
        reporter=LogReporter(logging.getLogger("eduplat.tutorials")),
    )
    return _Site(
        config_file=config_file,
        folder=(base / options.dir).resolve(),
        reference_dir=base / options.reference_dir,
        masks=list(options.masks),
        pipeline=pipeline,
        update=update,
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in {".py", ".md", ".ipynb"}:
        return None
    site = _load_site(parent.config)
    if site is None:
        return None
    try:
        rel = file_path.resolve().relative_to(site.folder)
    except ValueError:
        return None
    if any(part.startswith((".", "_")) for part in rel.parts) or rel.name.lower() == "readme.md":
        return None
    return TutorialFile.from_parent(parent, path=file_path)


class TutorialFile(pytest.File):
    """A tutorial source file: one item."""

    def collect(self) -> Iterator[pytest.Item]:
        yield TutorialItem.from_parent(self, name="execute")


class TutorialItem(pytest.Item):
    """Executes a tutorial (through the cache) and compares it with its reference."""

    def _site(self) -> _Site:
        site = _load_site(self.config)
        assert site is not None
        return site

    def _tutorial_id(self) -> str:
        return self.path.resolve().relative_to(self._site().folder).with_suffix("").as_posix()

    def _batch(self, site: _Site) -> None:
        """Run every collected tutorial at once (in parallel) on the first item."""
        from eduplat.errors import SourceError
        from eduplat.tutorials.pipeline import ExecutionFailed

        if site.batch_done:
            return
        site.batch_done = True
        ids = [item._tutorial_id() for item in self.session.items if isinstance(item, TutorialItem)]
        try:
            site.pipeline.prepare(only=ids)
        except ExecutionFailed as exc:
            for error in exc.errors:
                if isinstance(error, SourceError):
                    site.failures[str(error.path.resolve())] = error
        except SourceError:
            pass  # a broken source: each item prepares itself and reports its own error

    def runtest(self) -> None:
        from eduplat.tutorials.regression import compare, write_reference

        site = self._site()
        self._batch(site)
        failure = site.failures.get(str(self.path.resolve()))
        if failure is not None:
            raise TutorialFailure(str(failure))
        tutorial_id = self._tutorial_id()
        (prepared,) = site.pipeline.prepare(only=[tutorial_id])
        reference = site.reference_dir / f"{tutorial_id}.ipynb"
        if site.update:
            write_reference(reference, prepared.notebook)
            return
        if not reference.is_file():
            warnings.warn(
                ReferenceMissingWarning(
                    f"{tutorial_id}: ran without errors, but has no reference outputs to "
                    f"compare with; record them with 'eduplat test --update' "
                    f"(writes {reference})"
                ),
                stacklevel=1,
            )
            return
        diff = compare(reference, prepared.notebook, site.masks)
        if diff is not None:
            raise TutorialFailure(
                f"{tutorial_id}: outputs differ from {reference}\n{diff}\n"
                "If the new outputs are right, record them with 'eduplat test --update'."
            )

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | Any:
        from eduplat.errors import EduplatError

        if isinstance(excinfo.value, TutorialFailure | EduplatError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"tutorial {self.path.name}"


class TutorialFailure(Exception):
    """A tutorial failed or its outputs changed; the message says which and where."""
