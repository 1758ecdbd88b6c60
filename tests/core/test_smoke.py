def test_the_login_page_is_served_in_dutch_by_default(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert 'lang="nl"' in response.text


def test_a_coordinator_sees_the_cases_assigned_to_them(login_as, world):
    response = login_as("coordinator").get("/cases/")
    assert world.case.reference in response.text
