"""A family whose plan is written in Dutch and read in Arabic: Dutch sentences with a
question mark and a full stop, a Dutch postcode, and names in Latin and Arabic letters."""

from __future__ import annotations

import pytest

from tests.factories import ActionFactory, PersonFactory
from tests.family.conftest import family  # noqa: F401 - the family of the family tests

QUESTION = "Wat is er nodig zodat Noëlle veilig kan opgroeien?"
ACTION = "Vader Ahmed brengt Noëlle op maandag en vrijdag naar school."
POSTCODE = "Coolsingel 40, 3011 AB Rotterdam"


@pytest.fixture
def arabic_family(family, db):  # noqa: F811 - the fixture above, built on
    """Oma's link reads Arabic; the plan is Dutch; the father's action has a Dutch full stop,
    and three people (one with an Arabic name) do it together."""
    plan = family.plan
    plan.central_question = QUESTION
    plan.contingency = "Als het niet lukt, bellen we de coördinator."
    family.vader_action.what = ACTION
    hamid = PersonFactory(case=plan.case, name="حامد الكردي", language="ar")
    together = ActionFactory(plan=plan, people=[family.oma, hamid, family.vader], position=2,
                             what="Samen koken op zondag.")
    family.oma.language = "ar"
    db.session.flush()
    family.together = together
    family.hamid = hamid
    return family
