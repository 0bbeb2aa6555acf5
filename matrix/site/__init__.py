"""The runbook site: the matrix rendered into MkDocs pages through Jinja2 templates.

An edge like `matrix.source` (it needs Jinja2 and reads template files); the core never imports
it. `hooks/runbook.py` is the thin MkDocs adapter around `Runbook`.
"""

from .findings import Finding, FindingGroup, group_findings
from .flow_diagram import FlowLayout, layout_flow
from .markup import duplicate_ids, fenced_code, markdown_text
from .runbook import PAGES, Runbook
from .summary import UnknownSummaryNumber, fill_summary, summary_numbers
from .urls import page_url, relative_url

__all__ = [
    "PAGES", "Finding", "FindingGroup", "FlowLayout", "Runbook", "UnknownSummaryNumber", "duplicate_ids",
    "fenced_code", "fill_summary", "group_findings", "layout_flow", "markdown_text", "page_url",
    "relative_url", "summary_numbers",
]
