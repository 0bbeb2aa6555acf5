"""`find()`: which issue type an agent means, from the words they type mid-chat, and whether that is certain.

Evidence for an issue type is its name (the seed's words) and the search vocabulary the matrix
keeps for it (`our_vocabulary`: synonyms and example phrases, ours, not the seed's). Words are
matched whole, never inside another word ("sue" is not in "issues"), after folding case,
apostrophes and simple inflections ("hacked" is "hack", "refunds" is "refund"), with one typo
allowed in a longer word. A term that many issue types share counts for less (inverse document
frequency), and the matrix's broad words ("complaint", "money") point at several issue types at
once without ever making an answer certain.

An answer is confident only when the best candidate has specific evidence and leads the next by a
clear margin; otherwise the candidates are the answer and the agent chooses. The CLI, the wizard's
search box and the site search's suggestion all ask this one function.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import IssueType, Matrix
from ..slugs import slugify
from ..wording import find_summary

NAME_WEIGHT = 3.0
"""A word of the issue type's name (the seed's own)."""
SYNONYM_WEIGHT = 3.0
"""A synonym of the vocabulary: a word or a short term agents use for the issue type."""
PHRASE_WEIGHT = 0.5
"""A word of one of the vocabulary's example phrases: a hint for the ranking, never enough to be certain."""
BROAD_WEIGHT = 1.0
"""A broad word (`our_broad_words`): evidence for each issue type it names, never specific."""
TYPO_FACTOR = 0.6
"""A word matched with one typo counts for this share of the word."""
CERTAIN_TYPO_LENGTH = 6
"""A typo of a shorter word ("logo" for "logon") is too often another word to make an answer certain."""
CONFIDENT_SCORE = 4.0
"""The least score of a confident answer: about one specific term."""
CONFIDENT_LEAD = 2.0
"""A confident answer scores at least this many times the next candidate."""
CONTESTED_LEAD = 3.0
"""... and this many times when the next has evidence of its own ("hacked" against "payout" and "bank account")."""
CONFIDENT_SHARE = 0.34
"""A confident answer accounts for at least this share of the text's words: one word of a long story is not enough."""
WINDOW = 2
"""Words that may stand between the words of a term ("locked me out" is "locked out")."""

STOPWORDS = frozenset("""
a about after again all also am an and any are as at be because been being but by can cant cannot could cx
did do does doesnt dont each even ever for from get gets getting go going got had has have having he her hers
him his how i id if im in into is isnt it its ive just keep keeps kind know let like ll me mine more most my
need needs no not now of off ok on once one only or our ours out over please pls re s so some someone
something still such t than that thats the their theirs them then there these they theyre thing this those
through to too up us very via want wanted wants was way we were what whats when where which while who why
will with without wont would yes yet you your yours youre
customer client user users customers clients freelancer says said saying tell told asks asked asking
issue issues problem problems request requests question questions report reports inquiry help hi hello thanks
ticket tickets
""".split())
"""Words that say nothing of which issue it is: grammar, and how agents frame any ticket."""

_APOSTROPHES = re.compile(r"['’`´]")
_CURRENCY = re.compile(r"[$€£¥]")
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The words of a text, folded: lower case, apostrophes dropped ("can't" → "cant"), "$" → "money"."""
    text = _CURRENCY.sub(" money ", _APOSTROPHES.sub("", text.casefold()))
    return _WORD.findall(text)


_KEEP = frozenset("news series species always perhaps lens bias gas plus".split())
"""Words whose last "s" is no plural ("news" is not "new")."""


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A word without its simple English inflection, so that "hacked", "hacking" and "hacks" meet."""
    if len(word) <= 3 or not word.isalpha() or word in _KEEP:
        return word  # "c100", "429" and "2fa" are names, not inflected words
    for ending, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith(("ss", "us", "is")):
            word = word[: len(word) - len(ending)] + replacement
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "stopped" → "stopp" → "stop"
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]  # "charge" and "charged" both end as "charg"
    return word


def terms(text: str) -> tuple[str, ...]:
    """A text as the sequence of stems that matching compares."""
    return tuple(stem(w) for w in words(text))


STOP_STEMS = frozenset(stem(word) for word in STOPWORDS)


@dataclass(frozen=True)
class Candidate:
    issue: IssueType
    score: float
    matched: tuple[str, ...]
    """The vocabulary's words or phrases (or the name's words) that the text matched, as the matrix writes them."""
    specific: bool
    """Matched a name's word or a synonym of its own (not a broad word, a phrase's word or a short typo):
    only such evidence can make an answer certain."""
    explained: float = 0.0
    """The share of the text's own words (not "the", not "customer") that such evidence accounts for."""

    def to_dict(self) -> dict:
        return {"issue": self.issue.name, "slug": self.issue.slug, "score": round(self.score, 2),
                "matched": list(self.matched)}


@dataclass(frozen=True)
class Found:
    query: str
    confident: bool
    candidates: tuple[Candidate, ...]
    """Best first; the first is the answer when `confident`."""

    @property
    def best(self) -> IssueType | None:
        return self.candidates[0].issue if self.confident else None

    def to_dict(self) -> dict:
        """`{query, confident, summary, candidates: [{issue, slug, score, matched}]}`, best first."""
        return {"query": self.query, "confident": self.confident,
                "summary": find_summary(self.query, self.confident, [c.issue.name for c in self.candidates]),
                "candidates": [candidate.to_dict() for candidate in self.candidates]}


@dataclass(frozen=True)
class _Posting:
    slug: str
    weight: float
    label: str
    specific: bool


@dataclass
class _TermNode:
    """Where the terms that share their first words go on: the term that ends here, and the next words."""

    following: dict[str, _TermNode] = field(default_factory=dict)
    key: tuple[str, ...] | None = None
    rank: int = 0
    """The term's place among those that start with its word, in the order the index met them."""
    count: int = 0
    """At a first word: how many terms start with it."""


class SearchIndex:
    """Every term of every issue type's evidence, by its stems; built once per matrix."""

    def __init__(self, matrix: Matrix):
        self.issues = {issue.slug: issue for issue in matrix.issue_types}
        self.exact = {}
        for issue in matrix.issue_types:
            for name in (issue.name, issue.slug):
                self.exact[" ".join(words(name))] = issue
        self.order = {slug: number for number, slug in enumerate(self.issues)}
        """Each issue type's place in the file: the ranking's tie-break."""
        self.postings: dict[tuple[str, ...], dict[str, _Posting]] = {}
        """Each term's evidence, one posting per issue type, by slug: adding one looks the issue type up."""
        for issue in matrix.issue_types:
            for word in words(issue.name):
                self._add((stem(word),), issue.slug, NAME_WEIGHT, word, True)
            vocabulary = issue.our_vocabulary
            for synonym in vocabulary.synonyms:
                self._add(terms(synonym), issue.slug, SYNONYM_WEIGHT, synonym, True)
                if len(terms(synonym)) > 1:  # "video interview": "interview" alone is a hint too
                    for word in words(synonym):
                        self._add((stem(word),), issue.slug, PHRASE_WEIGHT, word, True)
            for phrase in vocabulary.phrases:
                for word in words(phrase):
                    self._add((stem(word),), issue.slug, PHRASE_WEIGHT, word, True)
        for word, names in matrix.our_broad_words.items():
            for name in names:
                self._add(terms(word), slugify(name), BROAD_WEIGHT, word, False)
        broad = {terms(word) for word in matrix.our_broad_words}
        for key in broad:  # a broad word is never specific, even where a name or a synonym holds it
            self.postings[key] = {slug: _Posting(slug, p.weight, p.label, False) for slug, p in self.postings[key].items()}
        self.starting: dict[str, _TermNode] = {}
        """The terms by their stems, word after word, from the first: a text's words lead to its terms."""
        for key in self.postings:
            first = self.starting.setdefault(key[0], _TermNode())
            node = first
            for word in key[1:]:
                node = node.following.setdefault(word, _TermNode())
            node.key, node.rank = key, first.count
            first.count += 1
        count = len(self.issues)
        self.idf = {key: math.log(1 + count / len(postings))
                    for key, postings in self.postings.items()}
        self.single = {key[0] for key in self.postings if len(key) == 1}
        self.deletions: dict[str, set[str]] = {}
        for word in self.single:
            if len(word) >= 4 and not word.isdigit():
                for variant in _deletions(word) | {word}:
                    self.deletions.setdefault(variant, set()).add(word)

    def _add(self, key: tuple[str, ...], slug: str, weight: float, label: str, specific: bool) -> None:
        if not key or (len(key) == 1 and key[0] in STOP_STEMS):
            return
        # One posting per issue type and term, the weightiest; a replaced one moves to the end, as it was found.
        postings = self.postings.setdefault(key, {})
        known = postings.get(slug)
        if known is None or known.weight < weight:
            postings.pop(slug, None)
            postings[slug] = _Posting(slug, weight, label, specific)

    def typo_of(self, word: str) -> str | None:
        """The known word `word` is a typo of (one letter missing, extra, changed or swapped), if it is clear.

        Several such words are clear when they point at the same issue types ("logn": login, logon).
        """
        if len(word) < 4 or word.isdigit():
            return None
        found = set()
        for variant in _deletions(word) | {word}:
            found |= self.deletions.get(variant, set())
        meaning = {known: frozenset(p.slug for p in self.postings[(known,)].values() if p.weight > PHRASE_WEIGHT)
                   for known in found if known != word and _one_edit_apart(word, known)}
        meant = {known: slugs for known, slugs in meaning.items() if slugs}
        return min(meant) if len(set(meant.values())) == 1 else None


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter missing, extra, changed, or two neighbours swapped."""
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                    and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]])
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def search_index(matrix: Matrix) -> SearchIndex:
    index = matrix.memo.get("search")
    if index is None:
        index = matrix.memo["search"] = SearchIndex(matrix)
    return index


def find(matrix: Matrix, text: str, limit: int = 5) -> Found:
    """The issue types `text` may mean, best first, and whether the first is certain."""
    index = search_index(matrix)
    query = " ".join(str(text).split())
    exact = index.exact.get(" ".join(words(query)))
    if exact is not None:
        return Found(query, True, (Candidate(exact, 100.0, (exact.name,), True),))
    stems = list(terms(query))
    typos = set()
    for position, word in enumerate(stems):
        if word not in STOP_STEMS and word not in index.starting and (fixed := index.typo_of(word)):
            stems[position] = fixed
            typos.add(position)
    scores: dict[str, float] = {}
    matched: dict[str, dict[str, None]] = {}
    explained: dict[str, set[int]] = {}  # the query's words each issue type's certain evidence accounts for
    found = [term for position, word in enumerate(stems) if word in index.starting
             for term in _terms_at(index.starting[word], stems, position)]
    covered: set[int] = set()
    for key, span in sorted(found, key=lambda item: -len(item[0])):  # longest first: "bank login" hides "login"
        if covered.issuperset(span):
            continue
        covered.update(span)
        typo = len(key) == 1 and span[0] in typos
        factor = TYPO_FACTOR if typo else 1.0
        for posting in index.postings[key].values():
            scores[posting.slug] = scores.get(posting.slug, 0.0) + posting.weight * index.idf[key] * factor
            matched.setdefault(posting.slug, {})[posting.label] = None
            if posting.specific and posting.weight > PHRASE_WEIGHT and (not typo or len(key[0]) >= CERTAIN_TYPO_LENGTH):
                explained.setdefault(posting.slug, set()).update(span)
    content = {position for position, word in enumerate(stems) if word not in STOP_STEMS}
    ranked = sorted(scores, key=lambda slug: (-scores[slug], index.order[slug]))
    candidates = tuple(Candidate(index.issues[slug], scores[slug], tuple(matched[slug]), slug in explained,
                                 len(explained.get(slug, set()) & content) / max(1, len(content)))
                       for slug in ranked[:limit])
    return Found(query, _confident(candidates), candidates)


def _terms_at(first: _TermNode, stems: list[str], start: int) -> list[tuple[tuple[str, ...], tuple[int, ...]]]:
    """The terms that stand in `stems` from `start` (its word leads to `first`), each with where its words are:
    in order, a few words apart at most, each at its nearest place. In the index's order of terms.

    Walked word by word through the words that follow, so a text's common word ("account") costs the few
    terms its next words continue, not every term that starts with it."""
    found, todo = [], [(first, (start,))]
    while todo:
        node, span = todo.pop()
        if node.key is not None:
            found.append((node.rank, node.key, span))
        following = stems[span[-1] + 1: span[-1] + 2 + WINDOW]
        for word in dict.fromkeys(following):
            if (child := node.following.get(word)) is not None:
                todo.append((child, (*span, span[-1] + 1 + following.index(word))))
    return [(key, span) for _, key, span in sorted(found)]


def _confident(candidates: tuple[Candidate, ...]) -> bool:
    """Certain: the best has evidence of its own for a fair share of the text, and leads the next clearly,
    the more so when the next has evidence of its own too."""
    if not candidates or not candidates[0].specific or candidates[0].score < CONFIDENT_SCORE:
        return False
    if candidates[0].explained < CONFIDENT_SHARE:
        return False
    if len(candidates) == 1:
        return True
    lead = CONTESTED_LEAD if candidates[1].specific else CONFIDENT_LEAD
    return candidates[0].score >= lead * candidates[1].score
