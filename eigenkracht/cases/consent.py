"""Consent under Dutch law (WGBO / Jeugdwet): who must agree, by each client's age.

Under 12 the parents (or guardians) decide; from 12 to 15 both the child and the
parents; from 16 the young person alone. Adults consent themselves. A case about several
clients (a family's children) needs the consent each client's own age requires.

A client with only a year of birth may be of two ages on a given day (before or after their
birthday that year). The safe reading asks for everyone either age needs: in the year a
child turns 12, the child and the parents; in the year they turn 16, the child and the
parents as well. Nobody's consent is ever missing because a birthday was guessed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date


class Consenter(enum.StrEnum):
    CLIENT = "client"
    PARENTS = "parents"


def age_on(birth_date: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def _for_age(age: int) -> frozenset[Consenter]:
    if age < 12:
        return frozenset({Consenter.PARENTS})
    if age < 16:
        return frozenset({Consenter.CLIENT, Consenter.PARENTS})
    return frozenset({Consenter.CLIENT})


def required_consent(birth_date: date | None, today: date,
                     birth_year: int | None = None) -> frozenset[Consenter]:
    """Whose consent the law asks for on ``today``.

    With a date of birth, the client's age decides. With only ``birth_year``, the client is
    as old as someone born on 1 January or on 31 December of that year: both ages count
    (the safe reading). Without either, the client is taken as an adult.
    """
    if birth_date is not None:
        return _for_age(age_on(birth_date, today))
    if birth_year is not None:
        oldest = age_on(date(birth_year, 1, 1), today)
        youngest = age_on(date(birth_year, 12, 31), today)
        return _for_age(oldest) | _for_age(youngest)
    return frozenset({Consenter.CLIENT})


def required_for(client, today: date) -> frozenset[Consenter]:
    """Whose consent ``client`` (a ``Client`` or ``ClientData``) needs on ``today``."""
    return required_consent(client.birth_date, today, client.birth_year)


def given_consent(client) -> frozenset[Consenter]:
    given = set()
    if client.consent_client_on:
        given.add(Consenter.CLIENT)
    if client.consent_parents_on:
        given.add(Consenter.PARENTS)
    return frozenset(given)


def missing_consent(client, today: date) -> frozenset[Consenter]:
    """Whose consent is still missing for one client."""
    return required_for(client, today) - given_consent(client)


def clients_without_consent(clients: Iterable, today: date) -> list:
    """The clients whose consent is not complete on ``today``, in their order."""
    return [c for c in clients if missing_consent(c, today)]
