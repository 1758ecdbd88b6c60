"""What a user notices of the request kernel on the map.

Sending a create form twice (a double click, the back button, a resent page) makes one
person, one tie, one saved map, one import; the second sending lands on what the first made.
A form refused for a broken rule can be corrected and sent again: the refusal kept nothing,
not even its one-time key. A save made on an older copy of a person (its ``row_version``) is
a 409 that shows my text and what was saved meanwhile, and saves nothing. Changes to the map
never make a colleague's open case form stale.
"""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from eigenkracht.cases.models import Case
from eigenkracht.network.models import NetworkSnapshot, Person, Relationship
from tests.failures.browser import form_values, open_form


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _people_called(db, world, name: str) -> int:
    return _count(db, Person, Person.case_id == world.case.id, Person.name == name)


# --- sending a create form twice ----------------------------------------------------------

def test_a_quick_add_sent_twice_adds_the_person_once(login_as, world, base, db):
    coordinator = login_as("coordinator")
    form = open_form(coordinator, base, "/network/people")
    form.update(name="Buurman Joop", relation="buurman", sector="community", ring="3")
    first = coordinator.post(f"{base}/people", data=form)
    second = coordinator.post(f"{base}/people", data=form)
    assert first.status_code == 302
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert second.headers["Location"].endswith("/network?added=1#quick-add")
    assert _people_called(db, world, "Buurman Joop") == 1


def test_the_next_quick_add_gets_a_new_key_and_adds_the_next_person(login_as, world, base,
                                                                    db):
    coordinator = login_as("coordinator")
    first = open_form(coordinator, base, "/network/people")
    coordinator.post(f"{base}/people", data={**first, "name": "Juf Ans"})
    second = open_form(coordinator, f"{base}?added=1", "/network/people")
    assert second["submission"] != first["submission"]
    assert coordinator.post(f"{base}/people",
                            data={**second, "name": "Meester Bas"}).status_code == 302
    assert _people_called(db, world, "Juf Ans") == _people_called(db, world,
                                                                   "Meester Bas") == 1


def test_a_refused_quick_add_can_be_corrected_and_sent_again(login_as, world, base, db):
    coordinator = login_as("coordinator")
    form = open_form(coordinator, base, "/network/people")
    refused = coordinator.post(f"{base}/people", data={**form, "name": "  "})
    assert refused.status_code == 422
    corrected = coordinator.post(f"{base}/people", data={**form, "name": "Opa Wim"})
    assert corrected.status_code == 302
    again = coordinator.post(f"{base}/people", data={**form, "name": "Opa Wim"})
    assert again.status_code == 303
    assert _people_called(db, world, "Opa Wim") == 1


def test_the_full_form_sent_twice_adds_the_person_once_and_shows_them(login_as, world, base,
                                                                      db):
    coordinator = login_as("coordinator")
    form = open_form(coordinator, f"{base}/people/new")
    form.update(name="Gül Yılmaz", relation="tante", phone="+31 6 1234 5678")
    first = coordinator.post(f"{base}/people/new", data=form)
    second = coordinator.post(f"{base}/people/new", data=form)
    assert first.status_code == 302
    person = db.session.scalar(select(Person).where(Person.name == "Gül Yılmaz"))
    assert (second.status_code, second.headers["Location"]) == (303, first.headers["Location"])
    assert second.headers["Location"].endswith(f"#person-{person.id}")
    assert _people_called(db, world, "Gül Yılmaz") == 1


def test_a_tie_sent_twice_is_added_once_and_the_second_lands_on_it(login_as, world, base, db):
    coordinator = login_as("coordinator")
    person_id, other_id = world.extra_ids["person"], world.extra_ids["other_person"]
    page = f"{base}/people/{person_id}"
    form = open_form(coordinator, page, f"{page}/ties")
    form.update(other_id=str(other_id), kind="friend", quality="strong")
    first = coordinator.post(f"{page}/ties", data=form)
    second = coordinator.post(f"{page}/ties", data=form)
    assert first.status_code == 302
    tie = db.session.scalar(select(Relationship).where(Relationship.kind == "friend"))
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert second.headers["Location"].endswith(f"#tie-{tie.id}")
    assert _count(db, Relationship, Relationship.case_id == world.case.id,
                  Relationship.kind == "friend") == 1


def test_a_refused_tie_keeps_nothing_so_the_corrected_form_goes_through_once(login_as, world,
                                                                           base, db):
    coordinator = login_as("coordinator")
    person_id, other_id = world.extra_ids["person"], world.extra_ids["other_person"]
    page = f"{base}/people/{person_id}"
    form = open_form(coordinator, page, f"{page}/ties")
    refused = coordinator.post(f"{page}/ties", data={**form, "other_id": str(person_id),
                                                     "kind": "friend"})
    assert refused.status_code == 422
    assert "A person cannot have a tie with themselves." in refused.text
    corrected = {**form, "other_id": str(other_id), "kind": "friend"}
    assert coordinator.post(f"{page}/ties", data=corrected).status_code == 302
    assert coordinator.post(f"{page}/ties", data=corrected).status_code == 303
    assert _count(db, Relationship, Relationship.case_id == world.case.id,
                  Relationship.kind == "friend") == 1


def test_saving_the_map_twice_with_one_form_saves_it_once(login_as, world, base, db):
    coordinator = login_as("coordinator")
    form = open_form(coordinator, f"{base}/snapshots")
    form["label"] = "Voor de conferentie"
    first = coordinator.post(f"{base}/snapshots", data=form)
    second = coordinator.post(f"{base}/snapshots", data=form)
    assert first.status_code == 302
    assert (second.status_code, second.headers["Location"]) == (303, first.headers["Location"])
    assert _count(db, NetworkSnapshot, NetworkSnapshot.case_id == world.case.id,
                  NetworkSnapshot.label == "Voor de conferentie") == 1


def _upload(client, base, content: str, submission: str):
    boundary, body = encode_multipart({
        "submission": submission,
        "file": FileStorage(io.BytesIO(content.encode()), filename="mensen.csv",
                            content_type="text/csv")})
    return client.post(f"{base}/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_an_import_sent_twice_adds_the_people_once(login_as, world, base, db):
    coordinator = login_as("coordinator")
    page = coordinator.get(f"{base}/import").text
    key = re.search(r'name="submission" type="hidden" value="([^"]+)"', page).group(1)
    content = "name,relation,sector,ring\nFatima Benali,oma,family,1\nSanne de Wit,,friends,2\n"
    first = _upload(coordinator, base, content, key)
    second = _upload(coordinator, base, content, key)
    assert first.status_code == 302
    assert (second.status_code, second.headers["Location"]) == (303, first.headers["Location"])
    assert _people_called(db, world, "Fatima Benali") == 1
    assert _people_called(db, world, "Sanne de Wit") == 1


# --- a stale save of a person -------------------------------------------------------------

def test_the_person_form_carries_the_version_it_was_filled_from(login_as, world, base, db):
    person = db.session.get(Person, world.extra_ids["person"])
    form = open_form(login_as("coordinator"), f"{base}/people/{person.id}")
    assert form["row_version"] == str(person.row_version)
    assert "seen" not in form


def test_a_save_on_an_older_version_is_a_409_with_both_texts_and_saves_nothing(
        login_as, world, base, db):
    url = f"{base}/people/{world.extra_ids['other_person']}"
    coordinator, admin = login_as("coordinator"), login_as("admin")
    mine, theirs = open_form(admin, url), open_form(coordinator, url)
    assert coordinator.post(url, data={**theirs, "notes": "Komt op zondag."}).status_code == 302
    response = admin.post(url, data={**mine, "notes": "Belt liever niet."})
    assert response.status_code == 409
    assert "Someone else saved the details of Tante Riëtte" in response.text
    form_part, saved_part = response.text.split("Saved by someone else in the meantime", 1)
    assert "Komt op zondag." in saved_part.split("</section>", 1)[0]
    assert "Belt liever niet." in saved_part.split("</section>", 1)[1]  # my text, in the form
    person = db.session.get(Person, world.extra_ids["other_person"])
    assert person.notes == "Komt op zondag."
    assert form_values(response.text, url)["row_version"] == str(person.row_version)


# --- the map and the case form ------------------------------------------------------------

def test_changing_the_map_does_not_make_an_open_case_form_stale(login_as, world, base, db):
    case_url = f"/cases/{world.case.reference}/edit"
    admin, coordinator = login_as("admin"), login_as("coordinator")
    edit_page = admin.get(case_url).text
    case_form = form_values(edit_page[edit_page.index('<form method="post" novalidate class'):],
                            "")
    version = db.session.get(Case, world.case.id).row_version
    person_id = world.extra_ids["person"]
    quick = open_form(coordinator, base, "/network/people")
    assert coordinator.post(f"{base}/people", data={**quick, "name": "Neef Ravi"}
                            ).status_code == 302
    coordinator.post(f"{base}/people/{person_id}/move", data={"sector": "friends", "ring": "3"})
    page = f"{base}/people/{person_id}"
    tie = open_form(coordinator, page, f"{page}/ties")
    coordinator.post(f"{page}/ties", data={**tie, "kind": "friend",
                                           "other_id": str(world.extra_ids["other_person"])})
    assert db.session.get(Case, world.case.id).row_version == version
    response = admin.post(case_url, data={**case_form, "concerns": "Spijbelt op maandag."})
    assert response.status_code == 302, response.text[:2000]
