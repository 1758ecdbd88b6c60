"""Consent under Dutch law (WGBO / Jeugdwet): who must agree, by the client's age.

Under 12 the parents (or guardians) decide; from 12 to 15 both the child and the
parents; from 16 the young person alone. Adults consent themselves.
"""

from __future__ import annotations

import enum
from datetime import date


class Consenter(enum.StrEnum):
    CLIENT = "client"
    PARENTS = "parents"


def age_on(birth_date: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def required_consent(birth_date: date | None, today: date) -> frozenset[Consenter]:
    """Whose consent the law asks for; without a birth date the client is taken as adult."""
    if birth_date is None:
        return frozenset({Consenter.CLIENT})
    age = age_on(birth_date, today)
    if age < 12:
        return frozenset({Consenter.PARENTS})
    if age < 16:
        return frozenset({Consenter.CLIENT, Consenter.PARENTS})
    return frozenset({Consenter.CLIENT})


def given_consent(case) -> frozenset[Consenter]:
    given = set()
    if case.consent_client_on:
        given.add(Consenter.CLIENT)
    if case.consent_parents_on:
        given.add(Consenter.PARENTS)
    return frozenset(given)


def missing_consent(case, today: date) -> frozenset[Consenter]:
    return required_consent(case.client_birth_date, today) - given_consent(case)
