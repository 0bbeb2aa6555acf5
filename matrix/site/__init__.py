"""The runbook site: the matrix rendered into MkDocs pages through Jinja2 templates.

An edge like `matrix.source` (it needs Jinja2 and reads template files); the core never imports
it. `hooks/runbook.py` is the thin MkDocs adapter around `Runbook`.
"""

from .coverage_chart import CoverageChart, describe_week, layout_coverage, shift_summaries
from .flow_diagram import FlowLayout, layout_flow
from .markup import code_spans, duplicate_ids, fenced_code, markdown_text
from .runbook import PAGES, Runbook
from .summary import UnknownSummaryNumber, fill_summary, summary_numbers, summary_texts
from ..core.answers.links import page_url, relative_url

__all__ = [
    "PAGES", "CoverageChart", "FlowLayout", "Runbook", "UnknownSummaryNumber", "code_spans", "describe_week",
    "duplicate_ids", "fenced_code", "fill_summary", "layout_coverage", "layout_flow", "markdown_text",
    "page_url", "relative_url", "shift_summaries", "summary_numbers", "summary_texts",
]
