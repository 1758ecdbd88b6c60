"""The map of a jobseeker asks the guiding questions on its quick-add form."""


def test_the_quick_add_form_of_a_work_case_asks_who_knows_you_are_looking(login_as, world):
    page = login_as("coordinator").get(f"/cases/{world.extra_ids['work_case']}/network")
    assert "Who knows you are looking for work?" in page.text


def test_a_youth_case_map_has_no_jobseeker_questions(login_as, world):
    page = login_as("coordinator").get(f"/cases/{world.case.reference}/network")
    assert "Who knows you are looking for work?" not in page.text
