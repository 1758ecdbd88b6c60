"""The map's gaps speak of work on a jobseeker's map (issue 21, item 6): nobody who gives a
reference, vacancy tips or an introduction, nobody in the line of work aimed for; a youth
case's map keeps the gaps of support. The people table shows and filters job information."""

from __future__ import annotations

from tests.factories import CaseAssignmentFactory, CaseFactory, PersonFactory


def gaps(page: str) -> str:
    if "map-gaps" not in page:
        return ""
    box = page[page.index("map-gaps"):]
    return box[:box.index("</div>")]


def test_an_empty_handed_network_shows_the_gaps_of_work(coach, jobseeker, db):
    jobseeker.case.work_sector = "logistiek"
    db.session.flush()
    box = gaps(coach.get(f"{jobseeker.base}/network").text)
    assert "Nobody on the map gives: a reference." in box
    assert "Nobody on the map gives: vacancy tips." in box
    assert "Nobody on the map gives: an introduction." in box
    assert "Nobody on the map works in the line of work the jobseeker aims for (logistiek)." in box
    assert "Nobody gives:" not in box  # not the words of youth support


def test_the_gaps_close_as_the_network_offers_help_and_works_in_the_sector(coach, jobseeker, db):
    jobseeker.case.work_sector = "Logistiek"
    jobseeker.sanne.can_help_with = ["reference", "vacancy_tips"]
    jobseeker.harm.occupation, jobseeker.harm.employer = "Teamleider", "Vos LOGISTIEK"
    jobseeker.harm.can_help_with = ["introduction"]
    db.session.flush()
    page = coach.get(f"{jobseeker.base}/network").text
    assert gaps(page) == ""
    assert "Someone gives references, vacancy tips and introductions" in page


def test_a_deceased_person_closes_no_gap(coach, jobseeker, db):
    PersonFactory(case=jobseeker.case, name="Opa Jan", deceased=True, can_help_with=["reference"])
    db.session.flush()
    assert "gives: a reference." in gaps(coach.get(f"{jobseeker.base}/network").text)


def test_without_a_line_of_work_the_map_says_where_to_fill_it_in(coach, jobseeker):
    page = coach.get(f"{jobseeker.base}/network").text
    assert "line of work the jobseeker aims for (" not in page
    assert "Fill in the line of work the jobseeker aims for on the case" in page


def test_a_youth_case_keeps_the_gaps_of_support(login_as, world):
    case = CaseFactory(organisation=world.org)
    CaseAssignmentFactory(case=case, user=world.coordinator)
    PersonFactory(case=case, name="Tante Els", support=["emotional"])
    box = gaps(login_as("coordinator").get(f"/cases/{case.reference}/network").text)
    assert "Nobody gives:" in box and "Nobody on the map gives" not in box


def test_the_people_table_shows_and_filters_job_information(coach, jobseeker, db):
    jobseeker.sanne.occupation, jobseeker.sanne.employer = "Recruiter", "Werkwijs"
    jobseeker.sanne.can_help_with = ["vacancy_tips"]
    db.session.flush()
    page = coach.get(f"{jobseeker.base}/network").text
    assert "Occupation" in page and "Recruiter" in page and "Werkwijs" in page
    filtered = coach.get(f"{jobseeker.base}/network?help=vacancy_tips").text
    table = filtered[filtered.index('id="h-people-table"'):filtered.index('id="h-ties-table"')]
    assert "Sanne Bakker" in table and "Harm Wijnstra" not in table
