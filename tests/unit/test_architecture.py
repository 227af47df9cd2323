"""Domain code never imports MkDocs: the plugin is glue, the domain is reusable.

And eduplat reads no private attribute of another library outside the one function that
isolates each (checked, with its upstream, by tests/unit/test_upstream.py and
tests/unit/tutorials/test_upstream_hooks.py).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "eduplat"
DOMAINS = ("tutorials", "quizzes", "webinars", "versions", "paths", "media")


def mkdocs_imports(path: Path) -> list[str]:
    """Lines of ``path`` that import mkdocs (any submodule), found by parsing."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        found += [f"{path.name}:{node.lineno}" for n in names if n.split(".")[0] == "mkdocs"]
    return found


def domain_modules() -> list[Path]:
    return sorted(p for d in DOMAINS for p in (PACKAGE / d).rglob("*.py"))


def test_detector_catches_an_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("import os\nfrom mkdocs.config import base\n", "utf-8")
    assert mkdocs_imports(module) == ["bad.py:2"]


#: (module, function, attribute): the only private attributes of other libraries read.
ISOLATED_PRIVATE_READS = {
    ("upstream.py", "config_schema", "_schema"),
    ("upstream.py", "type_checked", "_type"),
    ("tutorials/execute.py", "_drop_exit_hook", "_cleanup_kernel"),
}


def own_private_names(modules: list[Path]) -> set[str]:
    """Private names eduplat defines itself (functions, methods, classes, attributes)."""
    names = set()
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name | ast.arg):
                names.add(node.id if isinstance(node, ast.Name) else node.arg)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def private_reads(path: Path, own: set[str]) -> set[tuple[str, str]]:
    """(function, attribute) for each ``x._name`` read in ``path`` that eduplat did not define."""
    found = set()

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and node.attr not in own
        ):
            found.add((function, node.attr))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(ast.parse(path.read_text("utf-8")), "<module>")
    return found


def test_private_read_detector_catches_one(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text(
        "def _mine():\n    pass\n\ndef peek(client):\n    client._mine()\n"
        "    return client._cleanup_kernel\n",
        "utf-8",
    )
    assert private_reads(module, own_private_names([module])) == {("peek", "_cleanup_kernel")}


def test_private_attributes_of_other_libraries_are_read_in_one_function_each():
    modules = sorted(PACKAGE.rglob("*.py"))
    own = own_private_names(modules)
    reads = {
        (str(path.relative_to(PACKAGE)), function, attr)
        for path in modules
        for function, attr in private_reads(path, own)
    }
    assert reads == ISOLATED_PRIVATE_READS


@pytest.mark.parametrize("module", domain_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_domain_module_does_not_import_mkdocs(module):
    assert mkdocs_imports(module) == []


@pytest.mark.parametrize("domain", [d for d in DOMAINS if (PACKAGE / d).is_dir()])
def test_importing_a_domain_package_does_not_load_mkdocs(domain):
    # Catches indirect imports too (a domain module importing an eduplat module that
    # imports mkdocs).
    code = (
        f"import importlib, pkgutil, sys, eduplat.{domain} as pkg\n"
        "for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs')\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def third_party_imports(path: Path) -> set[str]:
    """Top-level names of the absolute imports in ``path`` (found by parsing)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"eduplat", "__future__"}


def runtime_distributions() -> set[str]:
    """Distributions eduplat needs at run time: its requirements without an extra."""
    requirements = metadata.requires("eduplat") or []
    return {
        re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0].lower().replace("_", "-")
        for r in requirements
        if "extra ==" not in r
    }


#: Modules that import an optional extra, only when the user chose the feature (and say how
#: to install it when it is missing).
OPTIONAL_IMPORTS = {
    ("pack.py", "playwright"),  # eduplat[pack]
    ("tutorials/dask_executor.py", "distributed"),  # eduplat[dask]
}


def test_runtime_imports_only_runtime_dependencies():
    # Test-only code (an independent calendar reader, say) belongs under tests/, and its
    # libraries in the `test` extra, not in every user's install.
    providers = metadata.packages_distributions()
    runtime = runtime_distributions()
    outside = sorted(
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in PACKAGE.rglob("*.py")
        if "scaffold" not in path.parts
        for name in third_party_imports(path)
        if (path.relative_to(PACKAGE).as_posix(), name) not in OPTIONAL_IMPORTS
        and not {d.lower().replace("_", "-") for d in providers.get(name, [name])} & runtime
    )
    assert outside == []


def test_runtime_dependency_check_sees_an_extra():
    runtime = runtime_distributions()
    assert "mkdocs" in runtime
    assert "recurring-ical-events" not in runtime  # only in the test extra
    assert "mkdocstrings" not in runtime  # only in the docs extra
