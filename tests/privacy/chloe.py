"""Chloë Vandersteeg, a neighbour on the map of the world's case, put everywhere a person's
data can reach: the pages and the map, a saved map, the texts of the case and its accepted
plan, an action of hers and her update on it, the kept PDFs (the plan and her tasks page),
the outbox (her invitation with its ``.ics``, her personal link), the audit log (her
personal link's label and address, the invitee link's address), the case export.

Staff act through the pages as they would (sending the invitation, making and e-mailing her
link, downloading the PDFs, exporting); Chloë through her own links (answering the
invitation, opening her page, saying how her task goes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from eigenkracht.conference.models import Conference, InvitationRole
from eigenkracht.extensions import db
from eigenkracht.network.models import Person, TieKind
from eigenkracht.network.snapshots import take_snapshot
from eigenkracht.plans.models import Plan
from tests.conference.sending_helpers import send_button, with_link
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    BottomLineFactory,
    ContactLogFactory,
    InformationNoteFactory,
    InvitationFactory,
    PersonFactory,
    RelationshipFactory,
)
from tests.pdf.conftest import accepted_plan, person_named
from tests.privacy.search import Wanted

FIRST, LAST = "Chloë", "Vandersteeg"
NAME = f"{FIRST} {LAST}"
EMAIL = "chloe.vandersteeg@example.org"
PHONE = "06-98765432"
CHLOE = Wanted(words=(NAME, FIRST, LAST, EMAIL), phones=(PHONE,))
ANSWER_TOKEN = "chloe-answer-token-0123456789abcdefghijkl"


@dataclass
class Trail:
    """What the filling made, for the checks afterwards."""

    person_id: int
    invitation_id: int
    link_token: str
    plan: Plan

    def pages(self, reference: str) -> list[str]:
        """Staff pages and documents that showed her before."""
        return [f"/cases/{reference}", f"/cases/{reference}/network",
                f"/cases/{reference}/plan/v{self.plan.version}",
                f"/cases/{reference}/plan.pdf?lang=en", f"/cases/{reference}/links",
                "/admin/outbox/", f"/admin/audit/?case={reference}",
                f"/cases/{reference}/export"]

    @staticmethod
    def api(reference: str) -> list[str]:
        """What the API gives of the case."""
        return [f"/api/v1/cases/{reference}", f"/api/v1/cases/{reference}/people",
                f"/api/v1/cases/{reference}/ties", f"/api/v1/cases/{reference}/plans/1",
                f"/api/v1/cases/{reference}/snapshots"]


class ApiReader:
    """A client of the API with a token of the world's admin."""

    def __init__(self, app, world):
        from tests.factories import ApiTokenFactory

        token = ApiTokenFactory(user=world.admin, read_only=True)
        self.client, self.secret = app.test_client(), f"ek_test_{token.name}"

    def get(self, path: str):
        return self.client.get(path, headers={"Authorization": f"Bearer {self.secret}"})


def put_everywhere(app, world, login_as) -> Trail:
    case = world.case
    coordinator = login_as("coordinator")
    plan = accepted_plan(world)
    oma = person_named(case, "Oma Truus")
    chloe = PersonFactory(case=case, name=NAME, relation="buurvrouw", email=EMAIL, phone=PHONE,
                          language="nl", ring=2, notes=f"{FIRST} woont naast Noëlle.")
    RelationshipFactory(person_a=chloe, person_b=oma, kind=TieKind.FRIEND)
    oma.notes = f"Oma kent {FIRST} al jaren; bel {LAST} op {PHONE}."
    case.concerns = f"{FIRST.upper()} maakt zich zorgen."
    BottomLineFactory(case=case, text=f"{NAME} is op de hoogte.", position=1)
    action = ActionFactory(plan=plan, people=[chloe], what=f"{FIRST} kookt op woensdag",
                           support_needed=f"Een sleutel voor {LAST}", position=4)
    ActionUpdateFactory(action=action, author_label=world.coordinator.name,
                        note=f"Gebeld met chloe ({EMAIL}).")
    plan.agreements = f"{NAME} haalt Noëlle op vrijdag op. {FIRST}'s dochter helpt."
    plan.childs_view = f"Ik vind {FIRST} lief."
    conference = db.session.get(Conference, world.extra_ids["conference"])
    conference.practical_notes = f"{FIRST} neemt koffie mee."
    invitation = InvitationFactory(conference=conference, person=chloe,
                                   role=InvitationRole.FAMILY)
    InformationNoteFactory(invitation=invitation, text=f"Gesprek met {NAME}.")
    ContactLogFactory(case=case, person=chloe, person_name=NAME,
                      asked=f"Kan {FIRST} helpen?", note=f"{LAST} belt terug.")
    take_snapshot(case, f"Met {FIRST}")
    db.session.commit()  # the savepoint: pages read what is there

    # The invitation by e-mail with its .ics, and her answer through its link.
    sent = coordinator.post(send_button(conference, invitation))
    assert sent.status_code == 302, sent.data[:300]
    answer = with_link(db.session.get(type(invitation), invitation.id), ANSWER_TOKEN)
    db.session.commit()
    assert login_as("anonymous").get(answer).status_code == 200
    answered = login_as("anonymous").post(answer, data={
        "answer": "yes", "participation": "in_person",
        "note": f"{FIRST} komt met de fiets.", "suggestions": f"Vraag ook mevrouw {LAST}."})
    assert answered.status_code == 302

    # Her personal link, e-mailed; she opens her page and says how her task goes.
    made = coordinator.post(f"/cases/{case.reference}/links",
                            data={"person_id": str(chloe.id), "send_email": "y"})
    assert made.status_code == 200
    token = re.search(r"/p/([A-Za-z0-9_-]{20,})", made.get_data(as_text=True)).group(1)
    family = login_as("anonymous")
    assert family.get(f"/p/{token}").status_code == 200
    assert family.post(f"/p/{token}/actions/{action.id}", data={
        "status": "done", "note": f"Ik ({FIRST}) heb gekookt."}).status_code == 302

    # The kept PDFs: the plan, and her tasks page.
    for path in (f"/cases/{case.reference}/plan.pdf?lang=en",
                 f"/cases/{case.reference}/plan/tasks/{chloe.id}.pdf?lang=nl"):
        assert coordinator.get(path).status_code == 200
    assert login_as("coordinator").get(f"/cases/{case.reference}/network").status_code == 200
    assert login_as("admin").get(f"/cases/{case.reference}/export").status_code == 200
    reader = ApiReader(app, world)
    db.session.commit()
    for path in Trail.api(case.reference):
        assert reader.get(path).status_code == 200, path
    db.session.expire_all()
    return Trail(person_id=chloe.id, invitation_id=invitation.id, link_token=token,
                 plan=db.session.scalar(select(Plan).where(Plan.id == plan.id)))


def erase(login_as, world, trail: Trail) -> None:
    response = login_as("admin").post(
        f"/cases/{world.case.reference}/people/{trail.person_id}/erase",
        data={"confirm": "yes"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, trail.person_id) is None
