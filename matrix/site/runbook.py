"""Render the runbook's generated pages from a matrix file, through the Jinja2 templates.

Each page `name.md` comes from the template `name.md.j2`. Templates write Markdown headings (for
the table of contents and search) around HTML blocks (tables, lists, the flow diagram), and
autoescape every value, so no YAML string can become markup.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import jinja2

from ..core.clock.coverage import coverage_grid
from ..core.durations import format_minutes
from ..core.audit.lint import KINDS, group
from ..core.clock.hours import WEEK, weekly_off
from ..core.model import AuthorityRule, Schedule
from ..core.problems import WARNING
from ..core.slugs import slugify
from ..core import wording
from ..core.rules.authority import LEAD_ROLES, band_choices
from ..core.rules.reach import UNREACHABLE, owner_through, party_through, reachable, step_through
from ..core.rules.templates import fill
from .data_api import FOLDER as API_FOLDER, PAGE as API_PAGE, VERSION as API_VERSION, issue_files
from .api_schemas import schemas
from .calendars import feed_paths
from .coverage_chart import layout_coverage, shift_summaries
from .loaded import LoadedMatrix, load
from .flow_diagram import layout_flow
from .markup import code_spans, fenced_code, linked_text, markdown_text
from .summary import summary_numbers, summary_texts
from ..core.answers import ours
from ..core.answers.links import page_url, relative_url

PAGES = (
    "flow.md", "tiers.md", "routing.md", "severities.md", "sla.md", "contacts.md", "authority.md",
    "procedures.md", "templates.md", "quick-reference.md", "interpretations.md", "policy-check.md", "api.md",
)
"""Every generated page, in reading order."""

CONTACT_KINDS = {
    "email": "Email", "chat-channel": "Chat channel", "phone": "Phone", "in-app": "In-app",
    "automatic": "Automatic",
}


def _roles_granted(rule: AuthorityRule, roles: tuple[str, ...], grant: str) -> list[str]:
    """The roles (in column order) that a row of the authority matrix gives `grant`."""
    return [role for role in roles if rule.grants[role] == grant]


def _clock_zone(schedule: Schedule) -> str | None:
    """The schedule's zone when its hours depend on one: not for 24/7, nor for no regular hours."""
    off = weekly_off(schedule)
    return schedule.timezone if off and off != [(0, WEEK)] else None


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds (Jinja's per-user temporary folder; keyed by the
    template source, so an edited template is recompiled). Compiling costs more than rendering."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, bytecode_cache=_bytecode_cache())
    env.globals["words"] = wording  # the core's phrases, so pages never write their own
    # The core's rules where a page must say what an answer says: whom to go through for a party with no usable
    # contact, which choices of ours a band's threshold and a lead's grants rest on.
    env.globals.update(reachable=reachable, owner_through=owner_through, step_through=step_through,
                       party_through=party_through, band_choices=band_choices, LEAD_ROLES=LEAD_ROLES,
                       UNREACHABLE=UNREACHABLE)
    env.filters.update(
        duration=format_minutes, slug=slugify, md=markdown_text, fenced=fenced_code, code_spans=code_spans,
        linked=linked_text,
        contact_kind=lambda kind: CONTACT_KINDS.get(kind, kind), fill=fill, roles_granted=_roles_granted,
        clock_zone=_clock_zone, clock_name=lambda clock: wording.CLOCK_NAMES.get(clock, clock.replace("_", " ").capitalize()))
    return env


class PageMarks:
    """The choices of ours a page's values rest on (`matrix.core.answers.ours`, as answers mark them),
    for the templates' `m.rests_on(ids)`; `gather` joins them over a column a page marks at once."""

    def __init__(self, matrix):
        self.matrix = matrix
        self._topics = {item.id: item.topic for item in matrix.interpretations}

    def topic(self, interpretation_id: str) -> str:
        return self._topics[interpretation_id]

    def at(self, *paths: str) -> list[str]:
        return ours.recorded_at(self.matrix, *paths)

    def chosen(self, *ids: str) -> list[str]:
        return ours.published(self.matrix, *ids)

    def hours(self, party) -> list[str]:
        return ours.hours_ours(self.matrix, party)

    def hours_of(self, party_id: str) -> list[str]:
        return self.hours(self.matrix.parties[party_id])

    def party(self, party_id: str) -> list[str]:
        return ours.party_ours(self.matrix, party_id)

    def team(self, party_id: str) -> list[str]:
        return ours.team_ours(self.matrix, party_id)

    def step(self, step) -> list[str]:
        return ours.step_ours(self.matrix, step) + [i for p in step.any_of for i in self.team(p)]

    def path(self, issue) -> list[str]:
        return self.gather("step", issue.path)

    def resolution(self, severity) -> list[str]:
        return ours.resolution_ours(self.matrix, severity)

    def procedure(self, procedure) -> list[str]:
        return ours.procedure_ours(self.matrix, procedure)

    def emergency(self) -> list[str]:
        return ours.emergency_ours(self.matrix)

    def sla(self) -> list[str]:
        return ours.sla_ours(self.matrix)

    def gather(self, kind: str, items) -> list[str]:
        """`kind`'s marks over `items` (`gather("team", owners)`), each once, in the order met."""
        mark = getattr(self, kind)
        return list(dict.fromkeys(i for item in items for i in mark(item)))


class Runbook:
    """One matrix's runbook pages, from the matrix loaded once for the whole build (`loaded.load`)."""

    def __init__(self, loaded: LoadedMatrix, templates: Path, source_name: str, use_directory_urls: bool = True):
        self.file = loaded.file
        self.matrix = loaded.matrix
        self.source_name = source_name
        """How pages name the YAML file, e.g. `matrix/escalation-matrix.yaml`."""
        self.findings = group(loaded.findings)
        """The policy check's groups (`matrix.core.audit.lint.group`): kind, title, explanation, findings."""
        self.warning_count = sum(1 for item in loaded.findings if item.problem.level == WARNING)
        self.use_directory_urls = use_directory_urls
        self.env = environment(templates)
        self.marks = PageMarks(self.matrix)
        self.feeds = feed_paths(self.matrix)
        """Each team with a calendar feed of its hours, by id: the feed's path in the site."""

    @classmethod
    def from_path(cls, path: str | Path, templates: Path, source_name: str | None = None, **options) -> Runbook:
        """MatrixFileError (every located error) if the file is invalid."""
        return cls(load(path), templates, source_name or Path(path).name, **options)

    def summary(self) -> dict[str, int | str]:
        return summary_numbers(self.matrix, self.warning_count) | summary_texts(self.matrix)

    def line_of(self, data_path: str) -> int | None:
        """The YAML line a data path starts on, if the file has it."""
        position = self.file.positions.get(data_path)
        return position[0] if position else None

    def url(self, from_page: str, to_page: str, anchor: str | None = None) -> str:
        """Link from one page to another page (and anchor), relative, as the site serves them."""
        link = relative_url(page_url(to_page, self.use_directory_urls), page_url(from_page, self.use_directory_urls))
        return f"{link}#{anchor}" if anchor else (link or "./")

    def file_url(self, from_page: str, path: str) -> str:
        """Link from a page to a file the build writes (a feed, an API file), by its path in the site."""
        return relative_url(path, page_url(from_page, self.use_directory_urls))

    def render(self, page: str) -> str:
        if page not in PAGES:
            raise KeyError(f"Unknown runbook page {page!r}; expected one of: {', '.join(PAGES)}")
        template = self.env.get_template(page + ".j2")
        return template.render(
            matrix=self.matrix, runbook=self, page=page, url=partial(self.url, page), marks=self.marks,
            flow=layout_flow(self.matrix.flow) if page == "flow.md" else None,
            rules_by_action=self._rules_by_action(), off_shift_rule=wording.rule_text(self.matrix),
            **(self._policy_check() if page == "policy-check.md" else {}),
            **({"api": self._api()} if page == API_PAGE else {}))

    def _policy_check(self) -> dict:
        """The policy check page's kinds, its coverage chart and the chart's text alternative (one grid)."""
        grid = coverage_grid(self.matrix)
        shifts = shift_summaries(self.matrix, grid)
        return {"kinds": KINDS, "chart": layout_coverage(grid, shifts), "shifts": shifts}

    def _api(self) -> dict:
        """What the Data API page lists: each kind of file with its schema, and each issue type's file."""
        found = schemas()
        issues = issue_files(self.matrix)
        example = next(iter(issues), None)
        kinds = [("index.json", "index"), ("matrix.json", "matrix"), ("authority.json", "authority")]
        files = [{"path": path, "link": path, "kind": kind, "schema": found[kind]} for path, kind in kinds]
        if example:
            files.append({"path": "issues/<slug>.json", "link": issues[example], "kind": "issue", "schema": found["issue"]})
        return {"folder": API_FOLDER, "version": API_VERSION, "files": files, "issues": issues}

    def _rules_by_action(self) -> dict[str, list[AuthorityRule]]:
        """The authority matrix's rows grouped by action, in table order (one pass, not one per action)."""
        grouped: dict[str, list[AuthorityRule]] = {}
        for rule in self.matrix.authority.rules:
            grouped.setdefault(rule.action, []).append(rule)
        return grouped

    def pages(self) -> dict[str, str]:
        """Every generated page's Markdown, by its path in the site."""
        return {page: self.render(page) for page in PAGES}
