"""Training drills: a scenario from the YAML, dressed with a channel, a time, a role and an amount,
asked as questions and graded by `route()` and `can()` — so a drill can never disagree with the
runbook.

Scenarios are ours, written for training (interpretation `training-scenarios`): every drill says so,
and the severity verdict says whether the expected severity is the seed's (the situation is one of
its examples, which the load-time check enforces) or our judgement.

Everything here is deterministic for a given seed and pure (progress goes in and comes out as a
plain dict), so the browser and the terminal run the same drills and keep state themselves.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from ..durations import format_minutes
from ..model import Matrix, Scenario, money
from ..rules.authority import can
from ..rules.examples import seed_example_for
from ..rules.routing import route
from ..shape import type_name
from .. import wording
from .cards import DEFAULT_LINKS, our_choice
from .links import Links
from ..slugs import slugify

TRAINING_CHOICE = "training-scenarios"
"""The published choice that drill scenarios are ours, and whose each expected severity is."""
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_LEVEL = 3
STREAK_PER_LEVEL = 3


@dataclass(frozen=True)
class Question:
    id: str
    """owner | next | severity | sla | may."""
    prompt: str
    options: tuple[tuple[str, str], ...]
    """(value, label) pairs; the value is what an answer gives back."""


@dataclass(frozen=True)
class Drill:
    scenario: Scenario
    seed: int
    level: int
    channel: str
    day: str
    time: str
    role: str | None
    amount: float | None
    matrix: Matrix = field(repr=False, compare=False)

    @property
    def situation(self) -> str:
        amount = money(self.amount, self.matrix.authority.currency) if self.amount is not None else ""
        return self.scenario.situation.replace("{amount}", amount)

    def briefing(self) -> str:
        channel = self.matrix.channels[self.channel].name
        text = f"{self.day} {self.time}, via {channel}: {self.situation}"
        if self.role:
            text += f" You work in {self.matrix.parties[self.role].name}."
        return text

    def questions(self) -> list[Question]:
        rng = random.Random(f"{self.seed}:{self.scenario.id}:options")
        answer = route(self.matrix, self.scenario.issue)
        owner = self.matrix.parties[answer.issue.owner].name
        next_step = _step_name(self.matrix, answer.issue.path[0].any_of) if answer.issue.path else wording.NO_NEXT_STEP
        owners = sorted({self.matrix.parties[i.owner].name for i in self.matrix.issue_types})
        steps = sorted({_step_name(self.matrix, s.any_of) for i in self.matrix.issue_types for s in i.path})
        slas = sorted({i.sla for i in self.matrix.issue_types})
        asked = [
            Question("owner", "Who owns this issue first?", self._choices(rng, owner, owners)),
            Question("next", "Where does it go next if it needs escalating?", self._choices(rng, next_step, steps)),
            Question("severity", "Which severity is it?",
                     tuple((s.id, s.label) for s in self.matrix.severities.values())),
            Question("sla", "What is the issue type's SLA?",
                     tuple((str(m), format_minutes(m)) for m in self._pick(rng, answer.issue.sla, slas))),
        ]
        if self.role and self.scenario.action:
            role = self.matrix.parties[self.role].name
            amount = f" for {money(self.amount, self.matrix.authority.currency)}" if self.amount is not None else ""
            asked.append(Question("may", f"As {role}, may you “{self.scenario.action}”{amount} yourself?",
                                  tuple(wording.GRANT_CHOICES.items())))
        return asked

    def _pick(self, rng: random.Random, answer, pool: list) -> list:
        """All options at the top level; the answer and three distractors below it."""
        if self.level >= MAX_LEVEL or len(pool) <= 4:
            return list(pool)
        others = [p for p in pool if p != answer]
        chosen = rng.sample(others, 3) + [answer]
        return sorted(chosen, key=pool.index)

    def _choices(self, rng, answer: str, pool: list[str]) -> tuple[tuple[str, str], ...]:
        return tuple((name, name) for name in self._pick(rng, answer, pool))

    def to_dict(self, links: Links = DEFAULT_LINKS) -> dict:
        """The drill as the page and `escalate drill --answer` show it; `training` says the scenario is ours."""
        return {
            "scenario": self.scenario.id,
            "training": our_choice(links, TRAINING_CHOICE, wording.WRITTEN_FOR_TRAINING),
            "issue_slug": slugify(self.scenario.issue) if self.level < MAX_LEVEL else None,
            "seed": self.seed,
            "level": self.level,
            "briefing": self.briefing(),
            "situation": self.situation,
            "channel": self.channel,
            "day": self.day,
            "time": self.time,
            "role": self.role,
            "amount": self.amount,
            "questions": [{"id": q.id, "prompt": q.prompt, "options": [list(o) for o in q.options]}
                          for q in self.questions()],
        }


def _step_name(matrix: Matrix, parties: tuple[str, ...]) -> str:
    return " or ".join(matrix.parties[p].name for p in parties)


def scenario_by_id(matrix: Matrix, scenario_id: str) -> Scenario:
    from ..problems import LookupProblem

    for scenario in matrix.scenarios:
        if scenario.id == scenario_id:
            return scenario
    import difflib

    raise LookupProblem("scenario", scenario_id,
                        difflib.get_close_matches(scenario_id, [s.id for s in matrix.scenarios], n=3))


_STORY_AMOUNTS = [85.0, 240.0, 650.0, 1800.0]
"""Sums for a story whose action the amount does not decide (escrow held in a dispute)."""


def _amounts(matrix: Matrix, action: str, level: int) -> list[float]:
    """Amounts worth asking about: well inside each band early on, right at the edges later."""
    bands = [r.amount for r in matrix.authority.rules if r.action == action and r.amount]
    if not bands:
        return []
    if level == 1:
        return [b.min + 25 if b.max is None else round((b.min + b.max) / 2, 2) for b in bands]
    edges = []
    for band in bands:
        if band.min > 0:
            edges += [band.min - 0.01, band.min, band.min + 0.01]
    return edges or [bands[0].min]


def make_drill(matrix: Matrix, scenario_id: str, seed: int = 0, level: int = 1) -> Drill:
    """The drill a deep link names: the same scenario, seed and level always give the same drill."""
    scenario = scenario_by_id(matrix, scenario_id)
    level = max(1, min(MAX_LEVEL, int(level)))
    rng = random.Random(f"{seed}:{scenario.id}:{level}")
    channel = rng.choice(list(matrix.channels))
    day = rng.choice(DAYS)
    time = f"{rng.randrange(24):02d}:{rng.choice((0, 15, 30, 45)):02d}"
    role = amount = None
    if scenario.action:
        action = _action_name(matrix, scenario.action)
        role = rng.choice(list(matrix.authority.roles))
        amounts = _amounts(matrix, action, level)
        if not amounts and "{amount}" in scenario.situation:
            amounts = _STORY_AMOUNTS  # the action has no bands, but the story names a sum
        amount = rng.choice(amounts) if amounts else None
    return Drill(scenario, seed, level, channel, day, time, role, amount, matrix)


def _action_name(matrix: Matrix, written: str) -> str:
    from ..rules.lookup import find_action

    return find_action(matrix, written)


@dataclass(frozen=True)
class Verdict:
    question: str
    correct: bool
    expected: str
    """The right answer's label."""
    given: str | None
    reason: str
    link: str
    """Runbook page and anchor that decides it: relative to the site root, or a full URL when the
    `Links` given to `grade()` know the site's address."""
    why: dict | None = None
    """`{text, link}` to the published choice of ours the expected answer rests on (a severity that is
    our judgement for training, not one of the seed's examples), else None."""


def grade(drill: Drill, answers: dict[str, str], links: Links = DEFAULT_LINKS) -> list[Verdict]:
    """Grade every question against what `route()` and `can()` answer for this drill."""
    matrix = drill.matrix
    answer = route(matrix, drill.scenario.issue, drill.scenario.severity, drill.channel)
    issue = answer.issue
    owner = matrix.parties[issue.owner].name
    slug = issue.slug
    verdicts = []
    path_names = [_step_name(matrix, s.any_of) for s in issue.path]
    for question in drill.questions():
        given = answers.get(question.id)
        labels = dict(question.options)
        why = None
        if question.id == "owner":
            expected = owner
            reason = f"{issue.name} ({answer.category.name}) starts with {owner}."
            link = links.routing(slug)
        elif question.id == "next":
            expected = path_names[0] if path_names else wording.NO_NEXT_STEP
            reason = f"{issue.name} escalates {' → '.join([owner, *path_names])}."
            link = links.routing(slug)
        elif question.id == "severity":
            severity = matrix.severities[drill.scenario.severity]
            expected = severity.id
            example = seed_example_for(matrix, drill.scenario.situation, drill.scenario.why, severity.id)
            basis = wording.severity_basis(severity.id, example.example if example else None)
            reason = f"{basis} {severity.label}: {severity.definition}. {drill.scenario.why}"
            link = links.severity(severity.id)
            why = None if example else our_choice(links, TRAINING_CHOICE, wording.WHY_TRAINING)
        elif question.id == "sla":
            expected = str(issue.sla)
            reason = f"{issue.name} must be resolved within {format_minutes(issue.sla)}."
            link = links.routing(slug)
        else:
            permission = can(matrix, drill.role, drill.scenario.action, drill.amount)
            expected = "denied" if permission.grant == "depends" else permission.grant
            row = f"“{permission.action}”"
            if permission.rule is not None and permission.rule.amount is not None:  # in words that place the threshold
                row += ", " + wording.band_phrase(wording.amount_words(permission.rule.amount, matrix.authority.currency),
                                                  wording.seed_words(permission.rule.label, permission.action))
            elif permission.rule is not None and permission.rule.label != permission.action:
                row = f"“{permission.rule.label}”"
            who = ", ".join(permission.who_can()) or "nobody"
            verdict = {"allowed": "may", "lead": "may only through the lead —", "denied": "may not"}[expected]
            reason = f"{permission.role.name} {verdict} take {row}"
            reason += f"; {permission.lead().name} can." if permission.lead_only else (
                "." if permission.allowed else f"; who can: {who}.")
            link = links.authority(slugify(permission.action))
        verdicts.append(Verdict(question.id, given == expected, labels.get(expected, expected),
                                labels.get(given, given) if given is not None else None, reason, link, why))
    return verdicts


# --- progress: which drill next ---------------------------------------------------------------

def new_progress() -> dict:
    """A trainee's progress, JSON-plain (the browser keeps it in local storage as it is).

    `last_scenario`: the id of the drill just answered, so the next one is another; progress saved
    before it existed has none, which is read as None.
    """
    return {"streak": 0, "best_streak": 0, "answered": 0, "correct": 0, "topics": {}, "last_scenario": None}


MAX_COUNT = 1_000_000_000
"""More drills than anyone answers: a larger count in saved progress is damage, not progress."""
MAX_SEED = 2 ** 53
"""The largest seed a browser keeps exactly (a JavaScript number)."""
MAX_SAVED_CHARS = 100_000
"""Far more than a trainee's saved state ever takes (a few dozen characters per topic): longer text is
not read at all, so damaged storage costs no time or memory."""
MAX_SAVED_BRACKETS = 200
"""More objects and lists than saved state ever has (one per topic, a few more): text with more is not
parsed, since deep nesting exhausts the parser's stack (in Pyodide, the page's whole Python)."""
SAVED_KEYS = ("progress", "current")
"""What the drill page keeps: the progress, and the drill on screen left unanswered (`scenario`, `seed`, `level`)."""


class SavedProblem(ValueError):
    """Saved drill state the drills cannot use; the message says where (`progress.streak: Expected …`)."""


def _received(value) -> str:
    """`type_name`, cut short: a damaged value may be megabytes of text."""
    name = type_name(value)
    return name if len(name) <= 80 else name[:79] + "…"


def _whole_number(where: str, value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SavedProblem(f"{where}: Expected a whole number from {low} to {high} but received: {_received(value)}")
    return value


def _mapping(where: str, value, allowed: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise SavedProblem(f"{where}: Expected a mapping but received: {_received(value)}")
    unknown = [key for key in value if key not in allowed]
    if unknown:
        raise SavedProblem(f"{where}: Expected only {', '.join(allowed)} but received: {_received(unknown[0])}")
    return value


def _scenario_id(matrix: Matrix, where: str, value) -> str:
    if not any(value == scenario.id for scenario in matrix.scenarios):
        raise SavedProblem(f"{where}: Expected a scenario of the matrix but received: {_received(value)}")
    return value


def checked_progress(matrix: Matrix, progress) -> dict:
    """`progress` as `record()` made it, completed with `new_progress()`'s defaults, or `SavedProblem`.

    Progress comes back from a browser's storage, which anything may have changed: every count a whole
    number in range, every topic an issue type of this matrix, the last scenario one of its scenarios.
    """
    fresh = new_progress()
    progress = _mapping("progress", progress, tuple(fresh))
    for key in ("streak", "best_streak", "answered", "correct"):
        _whole_number(f"progress.{key}", progress.get(key, 0), 0, MAX_COUNT)
    topics = progress.get("topics", {})
    if not isinstance(topics, dict):
        raise SavedProblem(f"progress.topics: Expected a mapping but received: {_received(topics)}")
    slugs = {issue.slug for issue in matrix.issue_types}
    for slug, topic in topics.items():
        if slug not in slugs:
            raise SavedProblem(f"progress.topics: Expected issue types of the matrix but received: {_received(slug)}")
        topic = _mapping(f"progress.topics.{slug}", topic, ("right", "wrong"))
        for key in ("right", "wrong"):
            _whole_number(f"progress.topics.{slug}.{key}", topic.get(key), 0, MAX_COUNT)
    if progress.get("last_scenario") is not None:
        _scenario_id(matrix, "progress.last_scenario", progress["last_scenario"])
    return {**fresh, **progress}


def checked_current(matrix: Matrix, current) -> dict:
    """The drill left unanswered (`scenario`, `seed`, `level`), as a drill's link names it, or `SavedProblem`."""
    current = _mapping("current", current, ("scenario", "seed", "level"))
    return {"scenario": _scenario_id(matrix, "current.scenario", current.get("scenario")),
            "seed": _whole_number("current.seed", current.get("seed"), -MAX_SEED, MAX_SEED),
            "level": _whole_number("current.level", current.get("level"), 1, MAX_LEVEL)}


def read_saved(matrix: Matrix, text: str | None) -> dict:
    """What the drill page kept in this browser (JSON text of `SAVED_KEYS`, or nothing), read for a fresh page.

    Returns `progress` and `current` (each None when not kept). Text the drills cannot use (not JSON,
    wrong types, scenarios or topics this matrix does not have, counts out of range) is read as nothing:
    `recovered` says so to the trainee, `problem` says where it went wrong, and the page saves afresh.
    """
    if not text:
        return {"progress": None, "current": None, "recovered": None, "problem": None}
    try:
        if len(text) > MAX_SAVED_CHARS:
            raise SavedProblem(f"Expected at most {MAX_SAVED_CHARS} characters but received {len(text)}")
        brackets = text.count("{") + text.count("[")
        if brackets > MAX_SAVED_BRACKETS:
            raise SavedProblem(f"Expected at most {MAX_SAVED_BRACKETS} objects and lists but received {brackets}")
        try:
            saved = json.loads(text)
        except ValueError as error:
            raise SavedProblem(f"Expected JSON but received text that is not ({wording.failure_detail(error)})") from None
        saved = _mapping("(saved)", saved, SAVED_KEYS)
        progress, current = saved.get("progress"), saved.get("current")
        return {"progress": None if progress is None else checked_progress(matrix, progress),
                "current": None if current is None else checked_current(matrix, current),
                "recovered": None, "problem": None}
    except SavedProblem as problem:
        return {"progress": None, "current": None, "recovered": wording.PROGRESS_RECOVERED, "problem": str(problem)}


def level_for(progress: dict) -> int:
    """Difficulty rises with the streak of fully right drills."""
    return min(MAX_LEVEL, 1 + int(progress.get("streak", 0)) // STREAK_PER_LEVEL)


def record(progress: dict, drill: Drill, verdicts: list[Verdict]) -> dict:
    """Progress after this drill; the input is left unchanged."""
    updated = {**new_progress(), **progress}
    topics = {k: dict(v) for k, v in updated["topics"].items()}
    all_right = all(v.correct for v in verdicts)
    topic = topics.setdefault(slugify(drill.scenario.issue), {"right": 0, "wrong": 0})
    topic["right" if all_right else "wrong"] += 1
    streak = updated["streak"] + 1 if all_right else 0
    return {
        "streak": streak,
        "best_streak": max(updated["best_streak"], streak),
        "answered": updated["answered"] + 1,
        "correct": updated["correct"] + (1 if all_right else 0),
        "topics": topics,
        "last_scenario": drill.scenario.id,
    }


def topic_weight(progress: dict, issue_slug: str) -> int:
    """Missed topics come back more often: each miss triples the odds, each later success lowers them."""
    topic = progress.get("topics", {}).get(issue_slug, {"right": 0, "wrong": 0})
    return max(1, 1 + 3 * topic["wrong"] - topic["right"])


def next_drill(matrix: Matrix, progress: dict, seed: int) -> Drill:
    """A topic by its weight, then one of its scenarios: never the one just answered (unless it is the only one).

    The weight is the topic's, not each scenario's: leaving out the scenario just answered must not
    lower the odds of the topic missed in it, which has other scenarios to come back with.
    """
    rng = random.Random(f"next:{seed}")
    last = progress.get("last_scenario")
    by_topic: dict[str, list[Scenario]] = {}
    for scenario in matrix.scenarios:
        if scenario.id != last or len(matrix.scenarios) == 1:
            by_topic.setdefault(slugify(scenario.issue), []).append(scenario)
    topics = list(by_topic)
    topic = rng.choices(topics, weights=[topic_weight(progress, t) for t in topics], k=1)[0]
    scenario = rng.choice(by_topic[topic])
    return make_drill(matrix, scenario.id, seed, level_for(progress))

