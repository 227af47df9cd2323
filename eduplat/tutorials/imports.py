"""Importing the Jupyter libraries without the part of jsonschema nobody here uses.

nbformat validates notebooks with jsonschema. When ``rfc3987-syntax`` is installed
(pytest-notebook pulls it in through ``jsonschema[format-nongpl]``), importing jsonschema
compiles that package's IRI grammar: 0.7 s of the 1.1 s that ``import jupytext, nbclient``
costs, in every build that reads or runs a notebook. Only jsonschema's optional
``iri``/``iri-reference`` format checkers use it, and no notebook schema asks for them, so
the first import of jsonschema in an eduplat process skips it (jsonschema treats the
package as absent, as it does when it is not installed).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["jupyter_imports"]

_SKIPPED = "rfc3987_syntax"


@contextmanager
def jupyter_imports() -> Iterator[None]:
    """Wrap the imports of jupytext, nbformat or nbclient.

    Does nothing once jsonschema is loaded (by us or anyone else) or when the skipped
    package is already imported.
    """
    if "jsonschema" in sys.modules or _SKIPPED in sys.modules:
        yield
        return
    sys.modules[_SKIPPED] = None  # type: ignore[assignment]  # "import" now raises ImportError
    try:
        yield
    finally:
        if sys.modules.get(_SKIPPED, ...) is None:
            del sys.modules[_SKIPPED]
