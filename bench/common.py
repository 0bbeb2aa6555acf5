"""What the benchmark scripts share: the project's own package first on the path, and docs/benchmarks.md.

The scripts run as `python bench/NAME.py`, which puts bench/ on the path, not the project: without
the line below, `matrix` would be whichever copy happens to be installed, not the one measured.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path[:1]:
    sys.path.insert(0, str(ROOT))

BENCHMARKS_PAGE = ROOT / "docs" / "benchmarks.md"


def update_docs(section_title: str, markdown: str) -> None:
    """Replace the `## {section_title}` section of docs/benchmarks.md with `markdown` (others left alone).

    A section that is not there yet is added at the end.
    """
    text = BENCHMARKS_PAGE.read_text(encoding="utf-8") if BENCHMARKS_PAGE.exists() else "# Benchmarks\n"
    section = f"## {section_title}\n\n{markdown.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(section_title)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip() + "\n\n" + section
    BENCHMARKS_PAGE.write_text(text.rstrip() + "\n", encoding="utf-8")
    print(f"\nWritten to {BENCHMARKS_PAGE.relative_to(ROOT)}")
