"""Which written names count as the same person (``core.names``), at the boundaries."""

from __future__ import annotations

import pytest

from eigenkracht.core.names import allowed_slips, distance, matches, name_key, same_name


@pytest.mark.parametrize(("a", "b"), [
    ("Ayşe Yılmaz", "ayse yilmaz"),  # accents, dotless i, case
    ("Ayse", "Ayşe"),
    ("Yılmaz, Ayşe", "Ayşe Yılmaz"),  # word order and punctuation
    ("Fatima El-Idrissi", "fatima el idrissi"),
    ("Jan de Vries", "Jan Vries"),  # a particle does not tell people apart
    ("Mohamed Bouzid", "Mohammed Bouzid"),  # one letter added
    ("Kees Jansen", "Kees Janssen"),
    ("Noor Bakker", "Noor Bakekr"),  # two letters swapped
    ("Ölgün Straße", "olgun strasse"),
    ("Bjørn", "Bjorn"),
    ("  Ayşe\u00a0 Yılmaz ", "Ayşe Yılmaz"),  # odd spacing
    ("Christina Hendriksen", "Kristina Hendriksen"),  # long names allow two slips
    ("Zeynep Ozturk", "Zeynep Öztürk"),
])
def test_these_are_the_same_name(a, b):
    assert same_name(a, b)
    assert same_name(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Ali", "Alo"),  # three letters: no slip allowed
    ("Ali", "Ali Yılmaz"),  # a first name alone is not the whole name
    ("Anna", "Hanna de Boer"),
    ("Kees Jansen", "Kees Smit"),
    ("Mila", "Milan Smit"),
    ("Mohamed", "Ahmed"),  # two slips in a short name
    ("Oma 1", "Oma 2"),  # numbers are never a typing slip
    ("Persoon 100", "Persoon 101"),
    ("", ""),  # nothing matches nothing
    ("   ", "Ayşe"),
    ("!!!", "???"),
    (None, "Ayşe"),
])
def test_these_are_different_names(a, b):
    assert not same_name(a, b)


def test_the_key_ignores_case_accents_order_and_particles():
    assert name_key("Yılmaz, AYŞE") == name_key("ayse yilmaz") == "ayse yilmaz"
    assert name_key("van der Berg") == "berg"
    assert name_key("de") == "de"  # only particles: they are the name


def test_hostile_and_oversized_names_are_compared_without_trouble():
    script = "<script>alert(1)</script>"
    assert same_name(script, "script alert 1 script")
    long_a, long_b = "a" * 5000, "a" * 4999 + "b"
    assert same_name(long_a, long_b)  # one slip in 5000 letters
    assert not same_name(long_a, "b" * 5000)
    assert not same_name("\x00\x01", "\x00\x01")  # control characters are no name


def test_distance_stops_at_its_limit():
    assert distance("kitten", "sitting", 5) == 3
    assert distance("kitten", "sitting", 1) == 2  # limit + 1: "more than allowed"
    assert distance("ab", "ba", 1) == 1  # a swap is one slip
    assert distance("", "abc", 5) == 3


@pytest.mark.parametrize(("length", "slips"), [(0, 0), (3, 0), (4, 1), (9, 1), (10, 2)])
def test_longer_names_allow_more_slips(length, slips):
    assert allowed_slips(length) == slips


def test_matches_keeps_the_candidates_order():
    people = ["Ayşe Yılmaz", "Kees Smit", "ayse yilmaz", "Yilmaz Ayse"]
    assert matches("Ayse Yilmaz", people) == ["Ayşe Yılmaz", "ayse yilmaz", "Yilmaz Ayse"]
    assert matches("", people) == []
    assert matches("Kees", [{"n": "Kees"}], name_of=lambda p: p["n"]) == [{"n": "Kees"}]


# --- the search box's use of the same words and slips ------------------------------------

from eigenkracht.core.names import (  # noqa: E402
    EXACT,
    INSIDE,
    PREFIX,
    SLIPPED,
    grams,
    indexed,
    search_score,
    search_words,
    word_score,
)


@pytest.mark.parametrize(("typed", "word", "score"), [
    ("kaya", "kaya", EXACT), ("kay", "kaya", PREFIX), ("ka", "kaya", PREFIX),
    ("aya", "kaya", INSIDE), ("ay", "kaya", 0),  # two letters only begin a word
    ("kaja", "kaya", SLIPPED), ("mohamed", "mohammed", SLIPPED),
    ("ali", "alo", 0),  # three letters: no slip, as same_name
    ("oma1", "oma2", 0),  # digits are never a slip
    ("christina", "kristina", 0), ("hendriksen", "hendrikzon", SLIPPED),  # 10 letters: two
])
def test_a_typed_word_fits_a_word_as_same_name_allows(typed, word, score):
    assert word_score(typed, word) == score


def test_search_words_fold_and_drop_particles_in_the_order_typed():
    assert search_words("Van der Berg, Ayşe") == ("berg", "ayse")
    assert search_words("van der") == ("van", "der")  # only particles: kept
    assert search_words("Kaya kaya") == ("kaya",)


def test_every_typed_word_must_fit_some_word():
    text = indexed("Ayşe Kaya", "tante")
    assert text == " ayse kaya tante "
    assert search_score(("kaya", "ayse"), text) == 2 * EXACT
    assert search_score(("aysa", "kaja"), text) == 2 * SLIPPED
    assert search_score(("ayse", "smit"), text) == 0


def test_a_word_within_one_slip_shares_one_of_its_edge_trigrams():
    assert grams("kaya") == (" ka", "kay", "aya", "ya ")
    assert set(grams("kaja")) & set(grams("kaya"))
