"""Issue 19: a whole network typed in at the speed of the conversation — 24 people with
languages and phones and 20 ties, through the map page's grid and ties table, in at most
ten page loads, answering one duplicate warning on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eigenkracht.cases.models import Case
from eigenkracht.extensions import db as _db
from eigenkracht.network.models import Person

pytestmark = pytest.mark.browser

CLIENT = "Noëlle Jansen"
# name, relation, sector, ring, language, phone
PEOPLE = [
    ("Ayşe Yılmaz", "moeder", "family", "1", "tr", "06 1000 0001"),
    ("Karim Bouzid", "vader", "family", "1", "ar", "06 1000 0002"),
    ("Daan Jansen", "broer", "family", "1", "nl", ""),
    ("Fatma Yılmaz", "oma", "family", "2", "tr", "0412 345 678"),
    ("Mehmet Yılmaz", "opa", "family", "2", "tr", ""),
    ("Hassan Bouzid", "opa", "family", "2", "ar", "+212 600 000 003"),
    ("Aicha Bouzid", "oma", "family", "2", "ar", ""),
    ("Zeynep Kaya", "tante", "family", "2", "tr", "06 1000 0004"),
    ("Emre Kaya", "oom", "family", "3", "tr", ""),
    ("Samira Bouzid", "tante", "family", "3", "ar", "06 1000 0005"),
    ("Youssef El Amrani", "oom", "family", "3", "ar", ""),
    ("Elif Kaya", "nicht", "family", "3", "tr", ""),
    ("Lotte de Vries", "buurvrouw", "community", "2", "nl", "010 123 4567"),
    ("Peter de Vries", "buurman", "community", "3", "nl", ""),
    ("Rachid Amghar", "imam", "community", "3", "ar", ""),
    ("Sanne Visser", "vriendin van moeder", "friends", "1", "nl", "06 1000 0006"),
    ("Fleur Bakker", "vriendin", "friends", "2", "nl", ""),
    ("Jamal Ouali", "vriend van vader", "friends", "2", "ar", "06 1000 0007"),
    ("Ilse Mulder", "juf", "school_work", "2", "nl", "010 765 4321"),
    ("Tarik Smit", "meester", "school_work", "3", "nl", ""),
    ("Vera Hendriks", "voetbaltrainer", "community", "2", "nl", ""),
    ("Gijs Meijer", "jeugdbeschermer", "professionals", "3", "nl", "088 123 0000"),
    ("Dewi de Boer", "huisarts", "professionals", "3", "nl", ""),
    ("Ayse Yilmaz", "nicht, dochter van Emre", "family", "3", "tr", "06 1000 0008"),
]
# person, kind, other person, quality (the four parent ties come from the shortcut)
TIES = [
    ("Karim Bouzid", "ex_partner", "Ayşe Yılmaz", "tense"),
    ("Mehmet Yılmaz", "partner", "Fatma Yılmaz", "strong"),
    ("Hassan Bouzid", "partner", "Aicha Bouzid", "ordinary"),
    ("Fatma Yılmaz", "parent", "Ayşe Yılmaz", "strong"),
    ("Mehmet Yılmaz", "parent", "Ayşe Yılmaz", "ordinary"),
    ("Hassan Bouzid", "parent", "Karim Bouzid", "ordinary"),
    ("Aicha Bouzid", "parent", "Karim Bouzid", "strong"),
    ("Zeynep Kaya", "sibling", "Ayşe Yılmaz", "strong"),
    ("Emre Kaya", "partner", "Zeynep Kaya", "ordinary"),
    ("Zeynep Kaya", "parent", "Elif Kaya", "ordinary"),
    ("Samira Bouzid", "sibling", "Karim Bouzid", "weak"),
    ("Youssef El Amrani", "partner", "Samira Bouzid", "ordinary"),
    ("Sanne Visser", "friend", "Ayşe Yılmaz", "strong"),
    ("Jamal Ouali", "friend", "Karim Bouzid", "ordinary"),
    ("Karim Bouzid", "conflict", "Youssef El Amrani", "tense"),
    ("Emre Kaya", "parent", "Ayse Yilmaz", "ordinary"),
]


def _saved(live_app, reference: str) -> dict[str, tuple[str, str]]:
    """Name -> (language, phone) of everyone saved on the map, read from the database."""
    with live_app.app_context():
        case = _db.session.scalar(select(Case).where(Case.reference == reference))
        return {p.name: (p.language, p.phone) for p in _db.session.scalars(
            select(Person).where(Person.case_id == case.id, Person.is_client.is_(False)))}


def test_a_coordinator_enters_a_whole_network_in_at_most_ten_page_loads(
        page, coordinator, their_case, log_in, artifacts, live_app):
    log_in(page, coordinator)
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    page.goto(f"/cases/{their_case.reference}/network")

    grid = page.locator("form[action$='/network/grid']")
    for number, (name, relation, sector, ring, language, phone) in enumerate(PEOPLE):
        row = grid.locator("tbody tr[data-grid-row]").nth(number)
        row.locator("input[name$='-name']").fill(name)
        row.locator("input[name$='-relation']").fill(relation)
        row.locator("select[name$='-sector']").select_option(sector)
        row.locator("select[name$='-ring']").select_option(ring)
        row.locator("select[name$='-language']").select_option(language)
        if number % 3 == 0:
            row.locator("input[value=practical]").check()
        row.locator("input[name$='-phone']").fill(phone)
        row.locator("input[name$='-phone']").press("Enter")  # on to the next (new) row
        expect(grid.locator("tbody tr[data-grid-row]").nth(number + 1).locator(
            "input[name$='-name']")).to_be_focused()
    grid.get_by_role("button", name="Alle rijen opslaan").click()

    # 23 are saved; the second Ayşe Yılmaz waits for an answer.
    warned = grid.locator("tr.has-error")
    expect(warned).to_have_count(1)
    expect(warned).to_contain_text("Ayşe Yılmaz")
    expect(warned.locator("input[name$='-name']")).to_have_value("Ayse Yilmaz")
    expect(warned.locator("input[name$='-phone']")).to_have_value("06 1000 0008")
    page.screenshot(path=artifacts / "grid-duplicate-warning.png", full_page=True)
    warned.locator("input[name$='-confirm']").check()  # a cousin of the same name
    grid.get_by_role("button", name="Alle rijen opslaan").click()
    expect(page).to_have_url(re.compile(r"/network#grid$"))

    ties = page.locator("form[action$='/network/ties/table']")
    ties.locator("#shortcut-who").select_option(label=["Ayşe Yılmaz", "Karim Bouzid"])
    ties.locator("#shortcut-how").select_option("parents_of")
    ties.locator("#shortcut-whom").select_option(label=[CLIENT, "Daan Jansen"])
    for number, (a, kind, b, quality) in enumerate(TIES):
        row = ties.locator("tbody tr[data-grid-row]").nth(number)
        row.locator("select[name$='-a']").select_option(label=a)
        row.locator("select[name$='-kind']").select_option(kind)
        row.locator("select[name$='-b']").select_option(label=b)
        row.locator("select[name$='-quality']").select_option(quality)
        row.locator("select[name$='-quality']").press("Enter")
    ties.get_by_role("button", name="Alle banden opslaan").click()
    expect(page).to_have_url(re.compile(r"/network#ties-table$"))
    page.screenshot(path=artifacts / "network-in-one-sitting.png", full_page=True)

    people = page.locator("table.people-table tbody tr")
    expect(people).to_have_count(24)
    expect(page.locator("table.ties-table tbody tr")).to_have_count(20)
    expect(people.filter(has_text="Hassan Bouzid")).to_contain_text("العربية")
    expect(people.filter(has_text="Fatma Yılmaz")).to_contain_text("Türkçe")
    assert len(loads) <= 10, loads
    assert len(loads) == 4, loads  # the map, the grid twice, the ties table
    assert _saved(live_app, their_case.reference) == {
        name: (language, phone) for name, _r, _s, _g, language, phone in PEOPLE}
