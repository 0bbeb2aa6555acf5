"""Lay out the coverage chart of the policy check page: parties × the 168 hours of the week.

The chart is drawn at build time as inline SVG (no script, nothing fetched) from the core's
`matrix.coverage.coverage_grid`; the markup lives in a template (coverage.svg.j2), this module
does the geometry and the words. Each row is a party: hours on shift are filled, hours off shift
are left empty, and the off-shift hours of a party reachable for emergencies (P0/P1) are hatched.
Parties whose hours the matrix does not publish keep its assumed schedule: their rows say
"(assumed)" and their on-shift hours are striped rather than filled, so a guess never reads as a
fact.

Beside it, `shift_summaries` gives the same facts as text (the chart's text alternative): each
party's on-shift ranges, written from the schedule's exact minutes rather than whole hours.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.clock.hours import DAY, DAY_NAMES, WEEK, describe_minute, weekly_on
from ..core.model import Matrix
from ..core.wording import HOURS_NOT_PUBLISHED

HOURS = 7 * 24
HOUR_WIDTH = 3
"""Each hour is this wide, so a day is 72 units and the week 504: at the theme's content width
the chart is drawn at about its own size, so its 12px labels stay readable."""
ROW_HEIGHT = 14
ROW_GAP = 3
SECTION_GAP = 8
"""Extra space where the rows move from one contact-directory section to the next."""
CHAR_WIDTH = 7.0
"""A generous average advance for the theme's sans-serif at the chart's 12px, so labels never overflow."""
LABEL_PAD = 10
HEADER_HEIGHT = 30
LEGEND_HEIGHT = 34
MARGIN = 6
ASSUMED = " (assumed)"


@dataclass(frozen=True)
class Run:
    """Consecutive hours of one row in the same state, drawn as one rectangle."""

    state: str
    """on | part (on shift for only part of each hour) | emergency (off shift, reachable for P0/P1)."""
    start: int
    """First hour of the week (Monday 00:00 is 0)."""
    end: int
    x: float
    width: float


@dataclass(frozen=True)
class ChartRow:
    id: str
    label: str
    """The party's name, with "(assumed)" when its hours are not published."""
    y: float
    assumed: bool
    is_tier: bool
    runs: tuple[Run, ...]
    title: str
    """What a pointer over the row shows: its hours in words (one title per row, not per bar, keeps
    the page light for MkDocs and its search index on a large matrix)."""

    @property
    def text_y(self) -> float:
        return round(self.y + ROW_HEIGHT * 0.8, 1)


@dataclass(frozen=True)
class DayColumn:
    name: str
    x: float
    width: float

    @property
    def center(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class LegendItem:
    state: str
    """on | part | off | emergency | assumed: the swatch drawn."""
    text: str
    x: float


LEGEND = (
    ("on", "On shift"),
    ("part", "On shift for part of the hour"),
    ("off", "Off shift"),
    ("emergency", "Off shift, reachable for P0/P1"),
    ("assumed", f"{HOURS_NOT_PUBLISHED.capitalize()}: assumed"),
)
SWATCH_WIDTH = 16
LEGEND_GAP = 18


def _legend(rows: list[ChartRow], x: float) -> tuple[LegendItem, ...]:
    """Swatches for the states the chart shows (on and off always), left to right from `x`."""
    shown = {"on", "off"} | {run.state for row in rows for run in row.runs}
    if any(row.assumed for row in rows):
        shown.add("assumed")
    items = []
    for state, text in LEGEND:
        if state in shown:
            items.append(LegendItem(state, text, x))
            x += SWATCH_WIDTH + 6 + round(len(text) * CHAR_WIDTH) + LEGEND_GAP
    return tuple(items)


@dataclass(frozen=True)
class CoverageChart:
    width: float
    height: float
    timezone: str
    grid_x: float
    """Where the hours begin (right of the labels)."""
    grid_width: float
    top: float
    """Top of the first row."""
    bottom: float
    """Bottom of the last row."""
    days: tuple[DayColumn, ...]
    rows: tuple[ChartRow, ...]
    legend: tuple[LegendItem, ...]
    hour_width: float = HOUR_WIDTH
    row_height: float = ROW_HEIGHT

    @property
    def legend_y(self) -> float:
        """Top of the legend's swatches."""
        return self.bottom + 14

    @property
    def hour_ticks(self) -> list[tuple[float, str]]:
        """x and label of the 06, 12 and 18 o'clock ticks of every day."""
        return [(self.hour_x(day * 24 + hour), f"{hour:02d}") for day in range(7) for hour in (6, 12, 18)]

    def hour_x(self, hour: int) -> float:
        return self.grid_x + hour * self.hour_width


# An hour's state from its minutes on shift; None: off shift and unreachable (the empty band).
def _state(minutes: int, emergency: bool) -> str | None:
    if minutes >= 60:
        return "on"
    if minutes > 0:
        return "part"
    return "emergency" if emergency else None


# The row's bars: each run of hours in one drawn state, closed when the state changes or the week ends.
def _runs(minutes: list[int], emergency: bool, grid_x: float) -> tuple[Run, ...]:
    runs: list[Run] = []
    start = 0
    for hour in range(1, HOURS + 1):
        state = _state(minutes[start], emergency)
        if hour < HOURS and _state(minutes[hour], emergency) == state:
            continue
        if state is not None:
            runs.append(Run(state, start, hour, grid_x + start * HOUR_WIDTH, (hour - start) * HOUR_WIDTH))
        start = hour
    return tuple(runs)


def layout_coverage(grid: dict, summaries: list[ShiftSummary]) -> CoverageChart:
    """The chart of `coverage_grid(matrix)`: one row per party, in the grid's order, titled with its
    `shift_summaries`."""
    words = {summary.id: summary for summary in summaries}
    labels = [row["name"] + ("" if row["published"] else ASSUMED) for row in grid["rows"]]
    grid_x = MARGIN + round(max((len(label) for label in labels), default=0) * CHAR_WIDTH) + LABEL_PAD
    grid_width = HOURS * HOUR_WIDTH
    top = MARGIN + HEADER_HEIGHT
    rows = []
    y = top
    section = object()
    shared: dict[tuple, tuple[Run, ...]] = {}  # parties keeping the same hours share their bars
    for row, label in zip(grid["rows"], labels):
        here = "tier" if row["is_tier"] else row["directory"]
        if rows and here != section:
            y += SECTION_GAP
        section = here
        key = (tuple(row["minutes"]), row["emergency"])
        if key not in shared:
            shared[key] = _runs(row["minutes"], row["emergency"], grid_x)
        rows.append(ChartRow(row["id"], label, y, not row["published"], row["is_tier"], shared[key],
                             f"{row['name']}: {words[row['id']].sentence}"))
        y += ROW_HEIGHT + ROW_GAP
    bottom = y - ROW_GAP
    days = tuple(DayColumn(name, grid_x + d * 24 * HOUR_WIDTH, 24 * HOUR_WIDTH) for d, name in enumerate(grid["days"]))
    legend = _legend(rows, MARGIN)
    width = max(grid_x + grid_width, legend[-1].x + SWATCH_WIDTH + 6 + len(legend[-1].text) * CHAR_WIDTH) + MARGIN
    return CoverageChart(width, bottom + LEGEND_HEIGHT + MARGIN, grid["timezone"], grid_x, grid_width, top, bottom,
                         days, tuple(rows), legend)


# --- the text alternative ---------------------------------------------------------------------

@dataclass(frozen=True)
class ShiftSummary:
    """One party's hours in words, in the organisation's zone."""

    id: str
    name: str
    label: str
    """The hours as the matrix words them ("9am-6pm"), or the assumed schedule's name."""
    assumed: bool
    emergency: bool
    on_shift: str
    """`Mon–Fri 09:00–17:00`, `around the clock`, `never`."""
    hours_per_week: float
    schedule_zone: str | None
    """The schedule's own zone when it differs from the organisation's (its hours were converted)."""

    @property
    def sentence(self) -> str:
        """`on shift Mon–Fri 09:00–17:00; off shift, reachable for emergencies (P0/P1)`."""
        text = "always on shift" if self.on_shift == "around the clock" else (
            "never on shift" if self.on_shift == "never" else f"on shift {self.on_shift}")
        if self.emergency:
            text += "; off shift, reachable for emergencies (P0/P1)"
        if self.assumed:
            text += f" ({HOURS_NOT_PUBLISHED}; assumed: {self.label})"
        return text


def _clock(minute: int, end: bool = False) -> str:
    """`09:00`; a span that ends at midnight ends at `24:00`."""
    minute %= DAY
    if end and minute == 0:
        return "24:00"
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _days(indexes: list[int]) -> str:
    """`Mon–Fri` for consecutive days, else `Mon, Wed`."""
    if len(indexes) > 2 and indexes == list(range(indexes[0], indexes[0] + len(indexes))):
        return f"{DAY_NAMES[indexes[0]]}–{DAY_NAMES[indexes[-1]]}"
    return ", ".join(DAY_NAMES[i] for i in indexes)


def describe_week(spans: list[tuple[int, int]]) -> str:
    """On-shift spans of the week in words; the same daily hours on several days are said once.

    `Mon–Fri 09:00–17:00`, `Mon–Thu 22:00–06:00 next day; Fri 22:00 → Mon 06:00`, in the order
    of each group's first span.
    """
    if not spans:
        return "never"
    if spans == [(0, WEEK)]:
        return "around the clock"
    spans = list(spans)
    if len(spans) > 1 and spans[0][0] == 0 and spans[-1][1] == WEEK:  # Sunday night into Monday
        spans = [(spans[-1][0], spans[0][1] + WEEK), *spans[1:-1]]
    # Spans of the same daily hours are said once with their days; longer ones on their own.
    groups: dict[object, list[tuple[int, int]]] = {}
    for start, end in sorted(spans):
        key = (start % DAY, end - start) if end - start < DAY else start
        groups.setdefault(key, []).append((start, end))
    parts = []
    for group in groups.values():
        start, end = group[0]
        if end - start >= DAY:
            parts.append(f"{describe_minute(start)} → {describe_minute(end)}")
            continue
        overnight = end // DAY > start // DAY and end % DAY != 0
        parts.append(f"{_days([s // DAY % 7 for s, _ in group])} {_clock(start)}–{_clock(end, True)}"
                     + (" next day" if overnight else ""))
    return "; ".join(parts)


def shift_summaries(matrix: Matrix, grid: dict) -> list[ShiftSummary]:
    """Every party of the coverage grid, in its order, with its on-shift ranges in words."""
    tz = grid["timezone"]
    out = []
    for row in grid["rows"]:
        schedule = matrix.schedules[row["schedule"]]
        out.append(ShiftSummary(
            row["id"], row["name"], row["label"] if row["published"] else schedule.name, not row["published"],
            row["emergency"], describe_week(weekly_on(schedule, tz)), row["hours_per_week"],
            schedule.timezone if schedule.timezone != tz else None))
    return out
