"""Who to call (plans/contacts.py) and signing the plan (plans/signatures.py)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.core import clock
from eigenkracht.core.rules import RuleError
from eigenkracht.extensions import db
from eigenkracht.plans import contacts, signatures
from eigenkracht.plans.models import PlanStatus
from eigenkracht.plans.versions import new_version
from tests.factories import PersonFactory
from tests.plans.conftest import person_named


@pytest.fixture
def uncle(world, plan):
    uncle = plan.actions[0].people[0]
    uncle.phone, uncle.email = "06-12 34 56 78", "kees@example.org"
    db.session.flush()
    return uncle


# --- consent and the contact list -------------------------------------------------------------

def test_consent_is_off_by_default(world, plan, uncle):
    assert uncle.share_contact is False
    [entry] = contacts.contact_list(plan)
    assert (entry.person, entry.phone, entry.email, entry.shared) == (uncle, "", "", False)


def test_consent_shows_the_number_and_records_who_and_when(world, plan, uncle):
    moment = clock.from_local(date(2026, 12, 2), clock.time(10))
    with clock.frozen(moment):
        assert contacts.set_share_consent(uncle, True, by="personal link: Oom")
    assert (uncle.share_contact_by, uncle.share_contact_at) == ("personal link: Oom", moment)
    [entry] = contacts.contact_list(plan)
    assert (entry.phone, entry.email, entry.tel) == ("06-12 34 56 78", "kees@example.org",
                                                     "tel:0612345678")
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()))
    assert any((e.details or {}).get("share_contact") is True for e in events)


def test_withdrawing_consent_hides_the_number_again(world, plan, uncle):
    contacts.set_share_consent(uncle, True, by="x")
    contacts.set_share_consent(uncle, False, by="Coördinator")
    assert contacts.contact_list(plan)[0].shared is False
    assert uncle.share_contact_by == "Coördinator"


def test_the_same_answer_twice_changes_nothing(world, plan, uncle):
    assert contacts.set_share_consent(uncle, False, by="x") is False
    assert uncle.share_contact_at is None


@pytest.mark.parametrize(("written", "href"), [
    ("+31 6 1234 5678", "tel:+31612345678"), ("(010) 123-45 67", "tel:0101234567"),
    ("geen", ""), ("", ""), ("06+12", "tel:0612"),
])
def test_tel_links_from_numbers_as_people_write_them(written, href):
    assert contacts.tel_href(written) == href


def test_the_list_puts_who_is_called_first_and_the_monitor_first_and_leaves_the_dead_out(
        world, plan, uncle):
    aunt = person_named(world.case, "Tante Riëtte")
    gone = PersonFactory(case=world.case, name="Opa Piet", deceased=True)
    plan.monitor, plan.first_call = aunt, uncle
    plan.actions[0].people.append(gone)
    db.session.flush()
    entries = contacts.contact_list(plan)
    assert [e.person for e in entries] == [uncle, aunt]
    assert entries[0].first_call and entries[1].monitor
    assert contacts.first_call(plan).person == uncle


def test_who_is_called_first_must_be_on_the_map(world, plan, other_case_person):
    from eigenkracht.plans.services import PlanData, update_plan

    with pytest.raises(RuleError) as refused:
        update_plan(plan, PlanData(first_call_id=other_case_person.id), plan.row_version)
    assert refused.value.code == "first_call_unknown"


# --- signatures --------------------------------------------------------------------------------

@pytest.fixture
def accepted(world, plan, uncle):
    plan.status = PlanStatus.ACCEPTED
    plan.decided_at = clock.now()
    db.session.flush()
    return plan


def test_a_participant_signs_with_name_date_and_the_hash_of_the_version(world, accepted, uncle):
    signature = signatures.sign(accepted, uncle, "Kees de Vries", via="link",
                                today=date(2026, 12, 2))
    assert (signature.typed_name, signature.signed_on) == ("Kees de Vries", date(2026, 12, 2))
    assert signature.plan_hash == signatures.plan_hash(accepted)
    assert len(signature.plan_hash) == 64
    assert signatures.valid_signatures(accepted) == [signature]


def test_signing_twice_is_refused(world, accepted, uncle):
    signatures.sign(accepted, uncle, "Kees", via="link")
    with pytest.raises(RuleError) as refused:
        signatures.sign(accepted, uncle, "Kees", via="tablet", user=world.coordinator)
    assert refused.value.code == "already_signed"


@pytest.mark.parametrize(("name", "code"), [("", "typed_name_required"),
                                            ("   ", "typed_name_required"),
                                            ("x" * 201, "too_long"),
                                            ("Kees\x00", "control_characters")])
def test_a_bad_name_is_refused_and_nothing_saved(world, accepted, uncle, name, code):
    with pytest.raises(RuleError) as refused:
        signatures.sign(accepted, uncle, name, via="link")
    assert refused.value.code == code
    assert signatures.signatures(accepted) == []


def test_a_name_of_exactly_200_characters_is_taken(world, accepted, uncle):
    assert signatures.sign(accepted, uncle, "k" * 200, via="link")


def test_only_an_accepted_version_is_signed(world, plan, uncle):
    with pytest.raises(RuleError) as refused:
        signatures.sign(plan, uncle, "Kees", via="link")
    assert refused.value.code == "sign_not_accepted"


def test_someone_outside_the_plan_cannot_sign(world, accepted, other_case_person):
    stranger = PersonFactory(case=world.case, name="Buurman")
    for person in (stranger, other_case_person):
        with pytest.raises(RuleError) as refused:
            signatures.sign(accepted, person, "Iemand", via="link")
        assert refused.value.code == "signer_unknown"


def test_a_new_version_needs_new_signatures(world, accepted, uncle):
    signatures.sign(accepted, uncle, "Kees", via="link")
    draft = new_version(accepted, world.coordinator)
    assert signatures.valid_signatures(draft) == []
    draft.status = PlanStatus.ACCEPTED
    accepted.status = PlanStatus.SUPERSEDED
    db.session.flush()
    assert signatures.signature_of(draft, uncle) is None
    assert signatures.sign(draft, uncle, "Kees", via="link")
    assert len(signatures.valid_signatures(accepted)) == 1  # the old version keeps its own


def test_a_changed_version_invalidates_its_signatures(world, accepted, uncle):
    signatures.sign(accepted, uncle, "Kees", via="link")
    accepted.actions[0].what = "Iets anders"
    db.session.flush()
    assert signatures.valid_signatures(accepted) == []
    assert signatures.sign(accepted, uncle, "Kees", via="link")  # signs anew


# --- pages ----------------------------------------------------------------------------------

def test_staff_record_consent_on_the_plan_page(world, login_as, accepted, uncle, base):
    client = login_as("coordinator")
    response = client.post(f"{base}/v1/contacts/{uncle.id}", data={"share": "1"})
    assert response.status_code == 302
    assert uncle.share_contact and uncle.share_contact_by == world.coordinator.name
    page = client.get(f"{base}/v1").get_data(as_text=True)
    assert "06-12 34 56 78" in page and "Record: no longer shares" in page


def test_staff_cannot_record_consent_for_someone_outside_the_plan(world, login_as, accepted,
                                                                  base, other_case_person):
    response = login_as("coordinator").post(f"{base}/v1/contacts/{other_case_person.id}",
                                            data={"share": "1"})
    assert response.status_code == 404 and other_case_person.share_contact is False


def test_signing_on_the_tablet(world, login_as, accepted, uncle, base):
    client = login_as("coordinator")
    page = client.get(f"{base}/v1/sign").get_data(as_text=True)
    assert uncle.name in page and "Sign the plan" in page
    response = client.post(f"{base}/v1/sign", data={"person_id": uncle.id,
                                                    "typed_name": "Kees de Vries"})
    assert response.status_code == 302
    [signature] = signatures.valid_signatures(accepted)
    assert (signature.via, signature.recorded_by_id) == ("tablet", world.coordinator.id)
    refused = client.post(f"{base}/v1/sign", data={"person_id": uncle.id, "typed_name": ""})
    assert refused.status_code == 422
    show = client.get(f"{base}/v1").get_data(as_text=True)
    assert "signed as “Kees de Vries”" in show


def test_the_referrer_cannot_sign_for_anyone(world, login_as, accepted, uncle, base):
    response = login_as("referrer").post(f"{base}/v1/sign", data={"person_id": uncle.id,
                                                                  "typed_name": "X"})
    assert response.status_code == 403 and signatures.signatures(accepted) == []


# --- on paper -------------------------------------------------------------------------------

def test_the_printed_plan_and_task_sheet_list_only_shared_numbers_and_who_signed(
        world, accepted, uncle):
    from eigenkracht.plans.printed import plan_document, tasks_document

    aunt = person_named(world.case, "Tante Riëtte")
    aunt.phone = "010-999 88 77"  # on the map, not shared
    accepted.monitor, accepted.first_call = aunt, uncle
    contacts.set_share_consent(uncle, True, by="Oom")
    accepted.actions[0].repeat, accepted.actions[0].when_date = "weekly", date(2026, 12, 2)
    db.session.flush()
    signatures.sign(accepted, uncle, "Kees de Vries", via="link", today=date(2026, 12, 2))
    from flask_babel import force_locale

    with force_locale("en"):
        doc = plan_document(world.case, accepted, "en")
        sheet = tasks_document(world.case, accepted, uncle, "en")
    assert [(c.name, c.phone, c.email) for c in doc.contacts] == [
        (uncle.name, "06-12 34 56 78", "kees@example.org"), ("Tante Riëtte", "", "")]
    assert doc.first_call == uncle.name and sheet.contacts == doc.contacts
    assert [(s.typed, s.on) for s in doc.signed] == [("Kees de Vries", "December 2, 2026")]
    assert sheet.tasks[0].when.startswith("Every week")
