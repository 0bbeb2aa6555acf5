"""find() against phrasings written the way agents talk, by people who had not seen the vocabulary.

Four tuning sets (the vocabulary and the rules were adjusted on them) and a holdout never used for
tuning, which measures how find() does on words the project has not seen. The figures of every set
are printed at the end of the test run.
"""

import pytest

from matrix_data import evaluate_find

TUNING = ["tuning-1", "tuning-2", "tuning-3", "tuning-4"]
TARGET = 0.90
"""Share resolved: right and certain, or right among the first three candidates when not certain."""


@pytest.fixture(scope="module")
def figures(matrix, pytestconfig):
    found = {name: evaluate_find(matrix, name) for name in [*TUNING, "holdout"]}
    pytestconfig.find_figures = found  # printed by tests/conftest.py at the end of the run
    return found


@pytest.mark.parametrize("corpus", [*TUNING, "holdout"])
def test_find_is_never_certain_of_a_wrong_issue_type(figures, corpus):
    assert figures[corpus].confident_wrong == []


def test_phrasings_never_used_for_tuning_are_resolved(figures):
    holdout = figures["holdout"]
    assert holdout.items >= 70
    assert holdout.share(holdout.resolved) >= TARGET, holdout.unresolved


@pytest.mark.parametrize("corpus", TUNING)
def test_the_tuning_sets_are_resolved(figures, corpus):
    assert figures[corpus].share(figures[corpus].resolved) >= TARGET, figures[corpus].unresolved


def test_the_corpora_are_large_and_cover_every_issue_type(matrix, figures):
    from matrix_data import corpus_items

    total = sum(f.items for f in figures.values())
    assert total >= 100 + 70
    labelled = {item["issue"] for name in figures for item in corpus_items(name) if "issue" in item}
    assert labelled == {issue.slug for issue in matrix.issue_types}
    texts = [item["text"].casefold() for name in figures for item in corpus_items(name)]
    assert len(texts) == len(set(texts)), "a phrasing appears twice"


def test_no_phrasing_is_copied_from_the_vocabulary(matrix):
    """The corpora measure the vocabulary: a phrasing that is one of its terms would measure nothing."""
    from matrix_data import corpus_items

    vocabulary = {term.casefold() for issue in matrix.issue_types
                  for term in (*issue.our_vocabulary.synonyms, *issue.our_vocabulary.phrases)}
    copied = [item["text"] for name in [*TUNING, "holdout"] for item in corpus_items(name)
              if item["text"].casefold() in vocabulary]
    assert len(copied) <= 5, copied  # a few short phrasings ("dmca", "refund pls"?) are words agents type
