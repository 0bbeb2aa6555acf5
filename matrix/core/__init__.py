"""The pure core: load a matrix, route issues, check authority, fill templates, answer the browser.

Standard library only and no I/O, so the same code runs in CPython and in Pyodide. Reading files
and parsing YAML live at the edges (`matrix.source`, `matrix.cli`, `matrix.site`).

The public names below are imported on first use (PEP 562), not with the package: the browser
imports only what the wizard asks for (`matrix.core.answers.browser`), and every module it does not
need costs it compile and start-up time in Pyodide.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "rules.authority": ("Permission", "can"),
    "clock.coverage": ("coverage_grid", "coverage_holes"),
    "durations": ("format_minutes", "parse_duration"),
    "clock.hours": ("TimeProblem", "parse_instant"),
    "audit.lint": ("lint", "validate"),
    "load": ("build_matrix",),
    "rules.lookup": ("find_action", "find_channel", "find_issue_type", "find_party", "find_role", "find_severity"),
    "rules.find": ("Found", "find"),
    "model": ("Matrix",),
    "problems": ("ERROR", "WARNING", "AmbiguousLookup", "LookupProblem", "MatrixError", "Problem"),
    "rules.routing": ("Route", "route"),
    "answers.cards": ("party_card", "permission_answer", "roster", "route_answer"),
    "slugs": ("slugify",),
    "rules.templates": ("fill",),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
