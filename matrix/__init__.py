"""The support escalation matrix as code.

`matrix.core` is the pure core: standard library only, no I/O, and exactly what the browser's wheel
holds. Beside it sit the edges, which the browser never receives: `matrix.source` reads matrix files
(PyYAML), `matrix.cli` is the `escalate` command, `matrix.site` renders the runbook and builds the
wizard's assets.
"""

__version__ = "0.1.0"
