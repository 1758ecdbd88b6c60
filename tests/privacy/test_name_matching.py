"""What erasure finds of a person in free text (``privacy.names``): the whole name, each
identifying word of it on its own (case and accents ignored, whole words only), their
e-mail address and their phone number — and what it leaves alone."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from eigenkracht.privacy.names import ERASED, Needles


def needles(name: str, *, relation: str = "", email: str = "", phone: str = "",
            keep: tuple[str, ...] = ()) -> Needles:
    person = SimpleNamespace(name=name, relation=relation, email=email, phone=phone)
    return Needles.of([person], keep=keep)


FATMA = needles("Fatma Yılmaz", relation="buurvrouw", email="Fatma.Y@Example.org",
                phone="06-12345678", keep=("Noëlle Jansen", "Oma Truus"))


@pytest.mark.parametrize(("text", "expected"), [
    ("Fatma Yılmaz belt", f"{ERASED} belt"),  # the whole name is one mark
    ("Fatma belt", f"{ERASED} belt"),  # the first name on its own
    ("Yılmaz belt", f"{ERASED} belt"),  # the last name on its own
    ("fatma, FATMA en Fátma", f"{ERASED}, {ERASED} en {ERASED}"),  # case and accents
    ("mevrouw Yilmaz", f"mevrouw {ERASED}"),  # dotless ı written as i
    ("Fatma's zoon", f"{ERASED}'s zoon"),  # a possessive: the word is still the name
    ("Fatma-Zehra komt", f"{ERASED}-Zehra komt"),  # a hyphen separates words
    ("(Fatma)", f"({ERASED})"),
    ("Fatma\u00a0Yılmaz", ERASED),  # a non-breaking space inside the name
    ("Fatma\nYılmaz", ERASED),
])
def test_the_name_and_each_of_its_words_are_found_whole(text, expected):
    assert FATMA.scrub_text(text) == expected


@pytest.mark.parametrize("text", [
    "Fatmagül komt morgen",  # a longer word is another name, often another person's
    "Fatmanur en Yılmazlar",
    "de buurvrouw helpt",  # the relation is not their name
    "Noëlle Jansen en Oma Truus",  # the names of those who stay
    "bel 06-12345679",  # another number
    "0612345678901 is een rekeningnummer",  # their number inside a longer one
])
def test_longer_words_relations_and_other_people_stay(text):
    assert FATMA.scrub_text(text) == text


def test_an_address_is_found_in_any_case_even_inside_a_longer_text():
    assert FATMA.scrub_text("mail FATMA.Y@EXAMPLE.ORG.") == f"mail {ERASED}."


@pytest.mark.parametrize("text", [
    "bel 06-12345678", "bel 0612345678", "bel 06 1234 5678", "bel +31 6 12345678",
    "bel 0031612345678", "bel (06) 123 456 78", "bel 06.12.34.56.78",
])
def test_the_phone_number_is_found_however_it_is_written(text):
    assert FATMA.scrub_text(text) == f"bel {ERASED}"


def test_a_surname_shared_with_someone_who_stays_goes_only_as_part_of_the_whole_name():
    father = needles("Piet Jansen", relation="vader", keep=("Noëlle Jansen",))
    assert father.scrub_text("Piet Jansen belt Noëlle Jansen") == f"{ERASED} belt Noëlle Jansen"
    assert father.scrub_text("Piet belt") == f"{ERASED} belt"
    assert father.scrub_text("familie Jansen") == "familie Jansen"


def test_particles_and_initials_are_not_erased_on_their_own():
    person = needles("J. van der Berg")
    assert person.scrub_text("J. van der Berg komt") == f"{ERASED} komt"
    assert person.scrub_text("Berg komt van de markt, J ook") == (
        f"{ERASED} komt van de markt, J ook")


def test_a_name_that_is_also_a_word_is_erased_wherever_that_word_stands():
    """The safe side: erasing "Roos" also takes the flower out of the texts of the case."""
    assert needles("Roos").scrub_text("Roos plukt een roos") == f"{ERASED} plukt een {ERASED}"


@pytest.mark.parametrize("name", ["", "   ", "-", "J.", "'t"])
def test_an_empty_or_wordless_name_finds_nothing(name):
    nothing = needles(name)
    assert nothing.scrub_text("J. van 't Hof en - de rest") == "J. van 't Hof en - de rest"
    assert not nothing


def test_hostile_names_are_words_not_patterns():
    person = needles("Ab.* (Cd|Ef) [Gh]+", email="a+b*@x")
    assert person.scrub_text("abc, cd, gh, Ab.* and a+b*@x") == (
        f"abc, {ERASED}, {ERASED}, {ERASED}.* and {ERASED}")


def test_scripts_other_than_latin_are_matched_without_their_vowel_marks():
    person = needles("فاطمة")
    assert person.scrub_text("فاطِمة تتصل") == f"{ERASED} تتصل"


def test_json_values_and_keys_are_scrubbed_numbers_and_booleans_stay():
    value = {"people": [{"id": 3, "name": "Fatma", "ok": True}], "Fatma": ["Yılmaz", 1.5]}
    assert FATMA.scrub(value) == {"people": [{"id": 3, "name": ERASED, "ok": True}],
                                  ERASED: [ERASED, 1.5]}
    assert FATMA.scrub(None) is None


def test_an_oversized_text_is_scrubbed_whole():
    text = "Fatma " * 200_000 + "Fatmagül"
    scrubbed = FATMA.scrub_text(text)
    assert scrubbed.count(ERASED) == 200_000 and scrubbed.endswith("Fatmagül")
    assert "Fatma " not in scrubbed
