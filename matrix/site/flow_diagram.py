"""Lay out the escalation flow (`matrix.flow`) for an inline SVG drawn at build time.

No Mermaid: it loads from a CDN in the browser. The graph is small and acyclic (the validator
rejects cycles), so a layered top-to-bottom layout is enough: each node sits one row below its
deepest parent, rows are centred, and arrows are curves between box edges. The SVG markup itself
lives in a template; this module only does the geometry.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.model import Flow, FlowNode

FONT_SIZE = 14
CHAR_WIDTH = 8.2
"""A generous average advance for the theme's sans-serif at FONT_SIZE, so labels never overflow."""
LINE_HEIGHT = 18
PAD_X, PAD_Y = 16, 12
MIN_WIDTH = 150
GAP_X, GAP_Y = 28, 56
MARGIN = 12


@dataclass(frozen=True)
class Box:
    node: FlowNode
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    """The label, then the note in brackets if there is one."""

    @property
    def center(self) -> float:
        return self.x + self.width / 2

    @property
    def kind(self) -> str:
        """start (where contact begins) | category | party, for styling."""
        if self.node.category:
            return "category"
        return "party" if self.node.party else "start"

    def line_y(self, index: int) -> float:
        """Baseline of line `index`, the block of lines centred vertically in the box."""
        top = self.y + (self.height - LINE_HEIGHT * len(self.lines)) / 2
        return round(top + LINE_HEIGHT * index + LINE_HEIGHT * 0.75, 1)


@dataclass(frozen=True)
class Arrow:
    source: FlowNode
    target: FlowNode
    path: str
    """SVG path data, numbers only: a vertical curve from the source's bottom to the target's top."""


@dataclass(frozen=True)
class FlowLayout:
    width: float
    height: float
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]


def _rows(flow: Flow) -> list[list[FlowNode]]:
    """Nodes by row: a node's row is one more than its deepest parent's (longest path layering)."""
    parents: dict[str, list[str]] = {node.id: [] for node in flow.nodes}
    for source, target in flow.edges:
        parents[target].append(source)
    depth: dict[str, int] = {}

    def row_of(node_id: str) -> int:
        if node_id not in depth:
            depth[node_id] = 0  # guards a cycle, which the validator has already rejected
            depth[node_id] = max((row_of(p) + 1 for p in parents[node_id]), default=0)
        return depth[node_id]

    rows: list[list[FlowNode]] = []
    for node in flow.nodes:
        row = row_of(node.id)
        rows.extend([] for _ in range(row + 1 - len(rows)))
        rows[row].append(node)
    # Order each row by where its parents sit (fewer crossings); ties keep the YAML order.
    place: dict[str, float] = {}
    for row in rows:
        def barycentre(item: tuple[int, FlowNode], middle=(len(row) - 1) / 2) -> tuple[float, int]:
            index, node = item
            known = [place[p] for p in parents[node.id] if p in place]
            return (sum(known) / len(known) if known else index - middle, index)

        row[:] = [node for _, node in sorted(enumerate(row), key=barycentre)]
        # A node's place is its offset from the middle of its row, as rows are drawn centred.
        place.update((node.id, i - (len(row) - 1) / 2) for i, node in enumerate(row))
    return rows


def _lines(node: FlowNode) -> tuple[str, ...]:
    return (node.label, f"({node.note})") if node.note else (node.label,)


def layout_flow(flow: Flow) -> FlowLayout:
    rows = _rows(flow)
    sized = [[(node, _lines(node)) for node in row] for row in rows]
    widths = [[max(MIN_WIDTH, round(max(len(line) for line in lines) * CHAR_WIDTH + 2 * PAD_X))
               for _, lines in row] for row in sized]
    row_widths = [sum(row) + GAP_X * (len(row) - 1) for row in widths]
    width = max(row_widths, default=0) + 2 * MARGIN
    boxes: dict[str, Box] = {}
    y = MARGIN
    for row, row_box_widths, row_width in zip(sized, widths, row_widths):
        height = max(len(lines) for _, lines in row) * LINE_HEIGHT + 2 * PAD_Y
        x = (width - row_width) / 2
        for (node, lines), box_width in zip(row, row_box_widths):
            boxes[node.id] = Box(node, x, y, box_width, height, lines)
            x += box_width + GAP_X
        y += height + GAP_Y
    height = y - GAP_Y + MARGIN
    return FlowLayout(width, height, tuple(boxes[node.id] for node in flow.nodes), _arrows(flow, boxes))


def _arrows(flow: Flow, boxes: dict[str, Box]) -> tuple[Arrow, ...]:
    """One curve per edge; several edges leaving or entering a box are spread along its edge."""
    outgoing: dict[str, list[str]] = {}
    incoming: dict[str, list[str]] = {}
    for source, target in flow.edges:
        outgoing.setdefault(source, []).append(target)
        incoming.setdefault(target, []).append(source)

    def attach(box: Box, others: list[str], other: str) -> float:
        ordered = sorted(others, key=lambda node_id: boxes[node_id].center)
        share = box.width / (len(ordered) + 1)
        return box.x + share * (ordered.index(other) + 1) if len(ordered) > 1 else box.center

    arrows = []
    for source, target in flow.edges:
        a, b = boxes[source], boxes[target]
        x1, y1 = attach(a, outgoing[source], target), a.y + a.height
        x2, y2 = attach(b, incoming[target], source), b.y
        middle = (y1 + y2) / 2
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{middle:.1f} {x2:.1f},{middle:.1f} {x2:.1f},{y2:.1f}"
        arrows.append(Arrow(a.node, b.node, path))
    return tuple(arrows)
