"""What is wrong with a timeline's machine-readable dates (``when``) beyond their type: a date
that is not one, milestones out of date order, and a timeline where only some have one."""

from __future__ import annotations

from kiosk.core.content.model import TimelineSlide
from kiosk.core.content.problems import Problem
from kiosk.core.content.yaml_tree import Node
from kiosk.core.timeline_axis import when_day

WHEN_HINT = "write it as YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2019-07-22 (a day that exists)"


def check_timeline(slide: TimelineSlide, node: Node, where: str) -> list[Problem]:
    """Problems with ``slide``'s ``when`` fields; ``node`` is the slide's mapping and
    ``where`` names the slide as other problems do."""
    problems: list[Problem] = []
    items = _milestone_nodes(node)
    if len(items) != len(slide.milestones):  # not read from this node: nothing to point at
        return problems
    previous: tuple[int, float] | None = None
    for index, (milestone, item) in enumerate(zip(slide.milestones, items, strict=True)):
        if not milestone.when:
            continue
        at = _field(item, "when")
        name = f"{where}.milestones[{index + 1}].when"
        day = when_day(milestone.when)
        if day is None:
            problems.append(at.problem(f"{name}: '{milestone.when}' is not a date", WHEN_HINT))
            continue
        if previous is not None and day < previous[1]:
            earlier = slide.milestones[previous[0]].when
            problems.append(at.problem(
                f"{name} {milestone.when} comes before milestones[{previous[0] + 1}].when "
                f"{earlier}: a timeline reads in date order",
                "put the milestones in date order, or correct the date"))
        previous = (index, day)
    given = [bool(m.when) for m in slide.milestones]
    if any(given) and not all(given):
        first_missing = given.index(False)
        problems.append(items[first_missing].problem(
            f"{where}: {sum(given)} of {len(given)} milestones have a 'when', so the timeline "
            "is spaced evenly, not by date",
            f"add when: to milestones[{first_missing + 1}] and every other one without it "
            "(YYYY-MM-DD, YYYY-MM or YYYY), or leave 'when' out everywhere",
            severity="warning"))
    return problems


def _milestone_nodes(node: Node) -> list[Node]:
    if node.kind != "map" or "milestones" not in node.entries:
        return []
    listed = node.entries["milestones"][1]
    return list(listed.items) if listed.kind == "list" else []


def _field(node: Node, key: str) -> Node:
    """The node of ``key`` in mapping ``node``, else ``node`` itself (to point near it)."""
    if node.kind == "map" and key in node.entries:
        return node.entries[key][1]
    return node
