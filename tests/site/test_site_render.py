"""The runbook's rendering helpers (matrix.site), checked against the real Markdown and MkDocs."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import markdown
import pytest
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from conftest import parse_html
from matrix.core.model import Flow, FlowNode
from matrix.site.loaded import LoadedMatrix
from matrix.site import (
    PAGES, Runbook, UnknownSummaryNumber, code_spans, duplicate_ids, fenced_code, fill_summary, layout_flow,
    markdown_text, page_url, relative_url,
)
from matrix.source import DEFAULT_PATH, MatrixFileError, parse_matrix_text

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "hooks" / "templates"
EXTENSIONS = ["attr_list", "md_in_html", "tables", "pymdownx.superfences"]

AWKWARD = [
    "<script>alert(1)</script>",
    "*Ops* & _Sales_",
    "a | b",
    "[Billing](https://example.org)",
    "Tier {: #evil }",
    "&amp; is not an entity here",
    "`code` and \\backslash",
    "# not a heading",
    "1. not a list",
    "<b>bold</b> <!-- comment -->",
    "T&S Lead → CISO ✓ 🚨",
]


@pytest.mark.parametrize("name", AWKWARD)
def test_markdown_text_renders_literally_in_a_heading(name):
    html = markdown.markdown(f"## {markdown_text(name)} {{: #target }}", extensions=EXTENSIONS)
    document = parse_html(html)
    heading = document.by_id("target")
    assert heading.tag == "h2"
    assert heading.text == " ".join(name.split())
    assert [element.tag for element in document.iter()] == ["#document", "h2"]


@pytest.mark.parametrize("name", AWKWARD)
def test_markdown_text_renders_literally_in_a_table_cell(name):
    html = markdown.markdown(f"| A | B |\n| - | - |\n| {markdown_text(name)} | x |", extensions=EXTENSIONS)
    cells = parse_html(html).find_all("td")
    assert [cell.text for cell in cells] == [" ".join(name.split()), "x"]


@pytest.mark.parametrize("body", [
    "plain",
    "``` breaks a three-backtick fence\n<script>alert(1)</script>",
    "````\nfour\n`````",
    "  indented\n\n\nblank lines kept\n🚨 ESCALATION",
])
def test_fenced_code_keeps_the_whole_body_in_one_code_block(body):
    html = markdown.markdown(f"before\n\n{fenced_code(body)}\n\nafter", extensions=EXTENSIONS)
    document = parse_html(html)
    blocks = document.find_all("pre")
    assert len(blocks) == 1
    assert "".join(_all_text(blocks[0])) == body + "\n"
    assert [p.text for p in document.find_all("p")] == ["before", "after"]


def _all_text(element):
    for child in element.children:
        yield from ([child] if isinstance(child, str) else _all_text(child))


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_page_urls_and_relative_links_agree_with_mkdocs(use_directory_urls):
    sources = ["index.md", *PAGES, "wizard/index.md", "editing.md"]
    for source, target in itertools.product(sources, repeat=2):
        from_url = File(source, "docs", "site", use_directory_urls).url
        to_url = File(target, "docs", "site", use_directory_urls).url
        assert page_url(source, use_directory_urls) == from_url
        expected = get_relative_url(to_url, from_url)
        ours = relative_url(to_url, from_url)
        # MkDocs writes a link to the page itself as its own name or "./"; ours is "" (then "#anchor").
        if source == target:
            assert ours == ""
        else:
            assert ours == expected, (source, target)


def test_duplicate_ids_names_each_repeated_id_once():
    html = '<h2 id="billing">B</h2><tr id="billing"></tr><tr id="tier-1"></tr><p id=\'billing\'></p>'
    assert duplicate_ids(html) == ["billing"]
    assert duplicate_ids('<h2 id="a"></h2><h2 id="b"></h2>') == []


# --- the flow diagram ------------------------------------------------------------------------------

def _overlap(a, b) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


def _endpoints(path: str) -> tuple[tuple[float, float], tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
    return (numbers[0], numbers[1]), (numbers[-2], numbers[-1])


def test_flow_layout_of_the_seed_places_every_node_once_without_overlaps(matrix):
    layout = layout_flow(matrix.flow)
    assert [box.node.id for box in layout.boxes] == [node.id for node in matrix.flow.nodes]
    for a, b in itertools.combinations(layout.boxes, 2):
        assert not _overlap(a, b), (a.node.id, b.node.id)
    for box in layout.boxes:
        assert 0 <= box.x and box.x + box.width <= layout.width
        assert 0 <= box.y and box.y + box.height <= layout.height
    rows = sorted({box.y for box in layout.boxes})
    # Customer → Tier 1 → three categories → three teams → Tier 3 → Tier 4: six rows, as in the seed.
    assert len(rows) == 6
    assert [box.node.id for box in layout.boxes if box.y == rows[2]] == [
        "technical-issues", "billing-issues", "trust-safety-issues"]


def test_flow_arrows_run_from_the_bottom_of_the_source_to_the_top_of_the_target(matrix):
    layout = layout_flow(matrix.flow)
    boxes = {box.node.id: box for box in layout.boxes}
    assert [(a.source.id, a.target.id) for a in layout.arrows] == list(matrix.flow.edges)
    for arrow in layout.arrows:
        (x1, y1), (x2, y2) = _endpoints(arrow.path)
        source, target = boxes[arrow.source.id], boxes[arrow.target.id]
        assert y1 == pytest.approx(source.y + source.height, abs=0.1)
        assert source.x <= x1 <= source.x + source.width
        assert y2 == pytest.approx(target.y, abs=0.1)
        assert target.x <= x2 <= target.x + target.width
        assert y2 > y1


def test_flow_layout_puts_a_node_below_its_deepest_parent_and_fits_long_labels():
    long_label = "A very long label for a box that must still fit inside it"
    flow = Flow(
        nodes=(FlowNode(id="start", label="Start"), FlowNode(id="middle", label="Middle", note="a note"),
               FlowNode(id="end", label=long_label)),
        edges=(("start", "middle"), ("middle", "end"), ("start", "end")))
    layout = layout_flow(flow)
    start, middle, end = layout.boxes
    assert start.y < middle.y < end.y
    assert middle.lines == ("Middle", "(a note)")
    assert end.width >= len(long_label) * 7
    assert layout.width >= end.width


# --- the home page's numbers and the policy findings -----------------------------------------------

def test_fill_summary_replaces_every_placeholder_with_its_number():
    text = "{{ summary.issue_types }} issue types, {{summary.teams}} teams"
    assert fill_summary(text, {"issue_types": 23, "teams": 29}) == "23 issue types, 29 teams"


def test_fill_summary_names_an_unknown_placeholder_and_the_known_ones():
    with pytest.raises(UnknownSummaryNumber) as caught:
        fill_summary("{{ summary.isue_types }}", {"issue_types": 23, "teams": 29}, "index.md")
    assert str(caught.value) == "Unknown summary number 'isue_types' in index.md; expected one of: issue_types, teams"


def test_summary_numbers_count_the_real_matrix(matrix):
    runbook = Runbook.from_path(DEFAULT_PATH, TEMPLATES)
    numbers = runbook.summary()
    assert numbers["issue_types"] == len(matrix.issue_types) == 23
    assert numbers["categories"] == 4
    assert numbers["tiers"] == 4
    assert numbers["actions"] == 11 and numbers["authority_rows"] == 12
    assert numbers["teams"] == len(matrix.directory())
    assert numbers["interpretations"] == len(matrix.interpretations)
    assert numbers["scenarios"] == len(matrix.scenarios) == 46


def test_the_runbook_findings_are_the_policy_checks_groups_at_their_yaml_lines(matrix_source):
    located = matrix_source.lint()
    runbook = Runbook(LoadedMatrix.from_file(matrix_source), TEMPLATES, "escalation-matrix.yaml")
    groups = runbook.findings
    assert [g["kind"] for g in groups] == ["contradiction", "coverage", "path-coverage", "contact", "channel",
                                           "authority", "undefined-response", "flow"]
    assert all(g["title"] and g["explanation"] for g in groups)
    flat = [finding for g in groups for finding in g["findings"]]
    assert sorted((f["path"], f["message"], f["line"], f["column"]) for f in flat) == sorted(
        (i.problem.path, i.problem.message, i.line, i.column) for i in located)
    assert runbook.warning_count == len(located) == len(flat)
    lines = Path(matrix_source.name).read_text(encoding="utf-8").splitlines()
    finance = next(f for f in flat if f["message"].startswith("Finance is named here"))
    assert "finance" in lines[finance["line"] - 1]


def test_code_spans_become_code_and_everything_else_stays_text():
    html = str(code_spans("count it in business hours (`clocks`) <b>or</b> `a<b` & more"))
    assert html == ("count it in business hours (<code>clocks</code>) &lt;b&gt;or&lt;/b&gt; "
                    "<code>a&lt;b</code> &amp; more")
    assert str(code_spans("no code here")) == "no code here"


def test_an_invalid_matrix_raises_every_located_error():
    text = DEFAULT_PATH.read_text(encoding="utf-8").replace("owner: disputes", "owner: dispute-team", 1)
    matrix_file = parse_matrix_text(text, "copy.yaml")
    with pytest.raises(MatrixFileError) as caught:
        LoadedMatrix.from_file(matrix_file)
    messages = [str(item) for item in caught.value.located]
    assert len(messages) == 1
    assert re.match(r"copy\.yaml:\d+:\d+: categories\[1\]\.issue_types\[3\]\.owner: Unknown .*'dispute-team'",
                    messages[0])


def test_an_unknown_page_is_refused():
    runbook = Runbook.from_path(DEFAULT_PATH, TEMPLATES)
    with pytest.raises(KeyError, match="Unknown runbook page 'routes.md'"):
        runbook.render("routes.md")


# --- the libyaml fast path in matrix.source (added for the site build's speed) ----------------------

def test_the_fast_yaml_path_gives_the_reference_loaders_data_and_positions():
    from matrix.source import _FastLoader, _StrictLoader, _compose, _walk, parse_matrix_text

    if _FastLoader is None:
        pytest.skip("PyYAML was built without libyaml: only the reference loader runs")
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    text += '\nextra_for_this_test: {when: "18:00", flag: yes, on: true, number: 012, date: 2024-01-01}\n'
    fast = parse_matrix_text(text, "copy.yaml")
    node, data = _compose(_StrictLoader, text)
    positions: dict = {}
    _walk(node, "", positions, [])
    positions.setdefault("", (1, 1))
    assert fast.data == data
    # The strict scalar rules hold on the fast path too: times, dates and yes/no stay text.
    extra = fast.data["extra_for_this_test"]
    assert (extra["when"], extra["flag"], extra["on"], extra["date"]) == ("18:00", "yes", True, "2024-01-01")
    assert fast.positions == positions


def test_a_yaml_error_keeps_the_reference_loaders_message():
    text = DEFAULT_PATH.read_text(encoding="utf-8").replace("name: Billing Team", "name: [Billing Team", 1)
    with pytest.raises(MatrixFileError) as caught:
        parse_matrix_text(text, "copy.yaml")
    (located,) = caught.value.located
    assert located.problem.message.startswith("YAML syntax error: ")
    line = text.splitlines()[located.line - 1]
    assert "[Billing Team" in line or "[Billing Team" in text.splitlines()[located.line - 2]
