"""Which of the seed's severity examples a training situation describes.

A drill must never teach a severity the seed contradicts: a situation that is one of a severity's
examples ("SkillPod recording not working" is a P1 example) must expect that severity. The load-time
check refuses a scenario that does not, and the drills' verdicts say whether the expected severity
is the seed's (an example) or our judgement for training.

The rule. An example names what fails ("SkillPod recording") and often how ("not working",
"broken", "failing", "delayed"). A situation describes the example when its text (the situation
and its `why`) holds every word of what fails and, if the example says how it fails, some word of
failing too, in whatever words ("is missing", "fails", "not launching"). Words are compared as
`find` compares them: case, punctuation, apostrophes and simple inflections folded ("recordings"
is "recording"), grammar words ("for", "of", "issues") ignored. Every word of what fails is
required, the degree words too ("globally", "intermittently", "completely"): an outage in one
region is not "SkillPod sessions not launching globally", so the rule errs on the side of saying
nothing rather than forcing the seed's severity on a different situation.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Matrix
from .find import STOP_STEMS, stem, terms

NEGATIONS = frozenset({"not", "no", "never", "cannot", "cant", "wont", "doesnt", "isnt", "arent"})
"""Words that say something does not happen ("not launching", "no longer receives")."""
FAILING = frozenset(stem(word) for word in """
    broken broke break fail failing failed fails failure down unavailable missing stopped froze frozen
    crash crashed crashing error errors incorrect wrong delayed delay
""".split()) | NEGATIONS
"""How something fails, in any of the words an example or a situation may use."""
SAYS_ONLY_FAILING = frozenset({stem("working")})
"""After a negation, a verb that adds nothing to what fails: "not working" only says it fails."""


@dataclass(frozen=True)
class SeedExample:
    """One of the seed's examples of a severity, as `severities[].examples` writes it."""

    severity: str
    example: str


def _what_fails(example: str) -> tuple[frozenset[str], bool]:
    """The example's words of what fails, and whether it also says how it fails."""
    words = terms(example)
    subject: set[str] = set()
    failing = False
    for position, word in enumerate(words):
        after_negation = position > 0 and words[position - 1] in NEGATIONS
        if word in FAILING or (after_negation and word in SAYS_ONLY_FAILING):
            failing = True
        elif word not in STOP_STEMS:
            subject.add(word)
    return frozenset(subject), failing


def examples_in(matrix: Matrix, *texts: str) -> tuple[SeedExample, ...]:
    """The seed's severity examples these texts describe, most severe first (the matrix's order)."""
    said = {word for text in texts for word in terms(text)}
    fails = bool(said & FAILING)
    found = []
    for severity in matrix.severities.values():
        for example in severity.examples:
            subject, failing = _what_fails(example)
            if subject and subject <= said and (fails or not failing):
                found.append(SeedExample(severity.id, example))
    return tuple(found)


def seed_example_for(matrix: Matrix, situation: str, why: str, severity: str) -> SeedExample | None:
    """The seed's example that makes `severity` the seed's answer for this situation, if there is one."""
    return next((found for found in examples_in(matrix, situation, why) if found.severity == severity), None)
