"""The family's own PDF shows what the family page shows and no more (issue 16, finding 15).

The plan below holds everything a hostile reader of a family's link would want: the
referrer's reason for the decision, the concerns, the other conference texts, the concern an
action answers, a bottom line's judgement note, people who are only on the network map (one
of them invited to the conference, so a signer on the staff's paper) and a staff member's
working note on an action. The family page shows none of it; the family's plan PDF, its
tasks PDF and the plan the coordinator prints for a family member (with their QR code) show
none of it either. The actions, their people, the monitor, the bottom line and the
contingency are there. A family member's own note stays on the page; a staff update without
a note (only a status) stays too.
"""

from __future__ import annotations

import pytest

from eigenkracht.extensions import db
from eigenkracht.plans.models import ActionStatus, Decision
from tests.factories import ActionUpdateFactory, PersonFactory, UserFactory
from tests.pdf.conftest import pdf_text

SECRETS = {
    "concerns": "Zorg over huiselijk geweld bij vader",
    "decision reason": "Reden van de verwijzer: dreigende uithuisplaatsing",
    "going well": "Gaat goed maar geheim van de verwijzer",
    "agreements": "Afspraak tussen de professionals alleen",
    "recipients": "Ontvangers: Veilig Thuis en de rechter",
    "childs view": "Noëlle vertelde de coördinator in vertrouwen",
    "serves concern": "Antwoord op de zorg over verwaarlozing",
    "judgement note": "Oordeel van de verwijzer: onvoldoende",
    "network-only person": "Buurman Zwijgzaam",
    "invited network-only person": "Juf Geheimhouding",
    "staff note": "Interne notitie van de coördinator over vader",
}
SHOWN = ("Vader brengt Noëlle op maandag naar school", "Oma haalt Noëlle op woensdag op",
         "Oma Truus", "Vader Ahmed", "Noëlle gaat elke dag naar school",
         "Als het niet lukt belt oma de coördinator")


@pytest.fixture
def loaded(family):
    """The family fixture's plan with every text the family must not see."""
    plan = family.plan
    plan.concerns = SECRETS["concerns"]
    plan.decision = Decision.ACCEPTED
    plan.decision_reason = SECRETS["decision reason"]
    plan.going_well = SECRETS["going well"]
    plan.agreements = SECRETS["agreements"]
    plan.recipients = SECRETS["recipients"]
    plan.childs_view = SECRETS["childs view"]
    plan.contingency = "Als het niet lukt belt oma de coördinator."
    family.vader_action.serves_concern = SECRETS["serves concern"]
    family.oma_action.serves_concern = SECRETS["serves concern"]
    line = plan.bottom_lines[0]
    line.met, line.note = False, SECRETS["judgement note"]
    case = plan.case
    PersonFactory(case=case, name=SECRETS["network-only person"], language="nl")
    PersonFactory(case=case, name=SECRETS["invited network-only person"], language="nl")
    staff = UserFactory(organisation=case.organisation)
    ActionUpdateFactory(action=family.vader_action, author=staff, author_label=staff.name,
                        note=SECRETS["staff note"], status_to=ActionStatus.IN_PROGRESS)
    ActionUpdateFactory(action=family.vader_action, author=staff, author_label=staff.name,
                        note="", status_to=ActionStatus.IN_PROGRESS)
    ActionUpdateFactory(action=family.oma_action, author=None, author_person=family.oma,
                        author_label="Oma Truus", note="Oma: het ophalen lukt prima")
    db.session.flush()
    return family


def _leaks(text: str) -> list[str]:
    squeezed = " ".join(text.split())
    return [what for what, secret in SECRETS.items() if secret in squeezed]


def test_the_family_plan_pdf_holds_the_page_and_nothing_more(client, loaded):
    response = client.get(f"/p/{loaded.token}/plan.pdf?lang=nl")
    assert response.status_code == 200
    text = pdf_text(response.data)
    for shown in SHOWN:
        assert shown in text, shown
    assert _leaks(text) == []
    assert loaded.plan.case.reference not in text  # the staff's case number: not on the page


def test_the_family_tasks_pdf_holds_no_concern(client, loaded):
    response = client.get(f"/p/{loaded.token}/tasks.pdf?lang=nl")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Oma haalt Noëlle op woensdag op" in text
    assert _leaks(text) == []


def test_the_family_page_shows_no_staff_note_but_the_familys_own(client, loaded):
    """Oma is the monitor: she sees everything that was reported, except staff's notes."""
    page = client.get(f"/p/{loaded.token}").get_data(as_text=True)
    assert "Everything that was reported" in page or "Alles wat is gemeld" in page
    assert "Oma: het ophalen lukt prima" in page
    assert _leaks(page) == []
    # Two updates by staff; only the one without a note (a status change) is shown.
    assert page.count(loaded.vader_action.what) == 2  # the action itself and one update


def test_the_staff_plan_pdf_still_holds_everything(app, loaded):
    """Staff's own download is the whole plan: the cut is the family's alone."""
    from tests.fixtures.roles import log_in

    coordinator = UserFactory(organisation=loaded.plan.case.organisation)
    from tests.factories import CaseAssignmentFactory

    CaseAssignmentFactory(case=loaded.plan.case, user=coordinator)
    staff = log_in(app.test_client(), coordinator)
    response = staff.get(f"/cases/{loaded.plan.case.reference}/plan.pdf?lang=nl")
    assert response.status_code == 200
    text = pdf_text(response.data)
    for what in ("concerns", "decision reason", "network-only person"):
        assert SECRETS[what] in " ".join(text.split()), what


def test_the_plan_the_coordinator_prints_for_a_family_member_is_their_page_too(app, loaded):
    """Printed for Vader with his QR code right after making his link: it goes to him, so
    it is the family's document (in Dutch here: the same cut in every language)."""
    import re

    from tests.factories import CaseAssignmentFactory
    from tests.fixtures.roles import log_in

    user = UserFactory(organisation=loaded.plan.case.organisation)
    CaseAssignmentFactory(case=loaded.plan.case, user=user)
    staff = log_in(app.test_client(), user)
    made = staff.post(f"/cases/{loaded.plan.case.reference}/links",
                      data={"person_id": str(loaded.vader.id)})
    page = made.get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    link_id = re.search(r"/links/(\d+)/print", page).group(1)
    response = staff.post(f"/cases/{loaded.plan.case.reference}/links/{link_id}/print",
                          data={"token": token, "document": "plan", "lang": "nl"})
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Vader brengt Noëlle op maandag naar school" in text
    assert _leaks(text) == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_family_pdf_leaves_the_same_out_in_other_languages(client, loaded, lang):
    response = client.get(f"/p/{loaded.token}/plan.pdf?lang={lang}")
    assert response.status_code == 200
    assert _leaks(pdf_text(response.data)) == []
