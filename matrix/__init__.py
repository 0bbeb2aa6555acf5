"""The escalation matrix as code: load a matrix, route issues, check authority, fill templates.

Standard library only and no I/O, so the same code runs in CPython and in Pyodide. Reading files
and parsing YAML live at the edges (`matrix.source`, the CLI, the MkDocs hooks).

The public names below are imported on first use (PEP 562), not with the package: the browser
imports only what the wizard asks for (`matrix.answers`), and every module the package does not
need costs it compile and start-up time in Pyodide.
"""

from __future__ import annotations

import importlib
import sys
import types

_EXPORTS = {
    "authority": ("Permission", "can"),
    "coverage": ("coverage_grid", "coverage_holes"),
    "durations": ("format_minutes", "parse_duration"),
    "hours": ("TimeProblem", "parse_instant"),
    "lint": ("lint",),
    "load": ("build_matrix", "validate"),
    "lookup": ("find_action", "find_channel", "find_issue_type", "find_party", "find_role", "find_severity",
               "search_issue_types"),
    "model": ("Matrix",),
    "problems": ("ERROR", "WARNING", "LookupProblem", "MatrixError", "Problem"),
    "routing": ("Route", "party_card", "route"),
    "shifts": ("roster",),
    "slugs": ("slugify",),
    "templates": ("fill",),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF)
__version__ = "0.1.0"


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'matrix' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """Keeps the exported function `lint` when its submodule `matrix.lint` is imported first.

    The import system binds a submodule on its package under the same name, which would hide the
    function of that name (an eager `from .lint import lint` used to rebind it).
    """

    def __setattr__(self, name: str, value) -> None:
        if name in _MODULE_OF and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
