"""What the site's build needs from outside the project's Python code, and the error when it is missing.

The wizard's build copies Pyodide from npm's node_modules and, the first time, runs Node to compile
Pyodide's standard library. hooks/wizard.py checks for both before MkDocs writes anything, and MkDocs
prints a hook's `PluginError` as one line without a traceback: a build that cannot finish says what
is missing and how to install it, and leaves the previous site as it was.
"""

from __future__ import annotations

import shutil

SETUP = "run scripts/setup (npm ci)"
"""How to install the npm packages (and the Python ones): the project's setup script."""
INSTALL_NODE = "install Node.js 20 with npm"


class PrerequisiteError(RuntimeError):
    """One line: what the build needs that is not installed (or does not work), and how to put it right."""


def node_executable() -> str | None:
    return shutil.which("node")


def require_node(purpose: str) -> str:
    """The `node` on PATH; PrerequisiteError naming `purpose` when there is none."""
    found = node_executable()
    if found is None:
        raise PrerequisiteError(f"{purpose} needs Node.js, and node is not on PATH: {INSTALL_NODE}, then {SETUP}")
    return found
