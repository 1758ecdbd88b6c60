"""The family's own page: the accepted plan, my tasks first, kind pages when it does not work."""

from __future__ import annotations

from datetime import timedelta

from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db
from eigenkracht.plans.models import PlanStatus
from tests.factories import AccessLinkFactory, PlanFactory


def test_the_page_shows_my_tasks_before_the_actions_of_the_others(client, family):
    response = client.get(f"/p/{family.token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.index("Oma haalt Noëlle op woensdag op") < \
        page.index("Vader brengt Noëlle op maandag naar school")
    assert "Hoe gaat Noëlle weer elke dag naar school?" in page
    assert "Noëlle gaat elke dag naar school." in page
    assert "Sjoerd Coördinator" in page and "coordinator@rijnmond.example" in page


def test_the_page_speaks_the_persons_language_and_can_switch(client, family):
    page = client.get(f"/p/{family.token}").get_data(as_text=True)
    assert '<html lang="nl"' in page
    page = client.get(f"/p/{family.token}?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in page


def test_the_page_is_kept_out_of_search_engines_and_leaks_no_referrer(client, family):
    response = client.get(f"/p/{family.token}")
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex' in response.get_data(as_text=True)


def test_the_page_loads_nothing_from_another_host(client, family):
    page = client.get(f"/p/{family.token}").get_data(as_text=True)
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page


def test_without_an_accepted_plan_the_page_says_there_is_none_yet(client, family):
    family.plan.status = PlanStatus.PRESENTED
    db.session.flush()
    response = client.get(f"/p/{family.token}?lang=en")
    assert response.status_code == 200
    assert "There is no plan yet" in response.get_data(as_text=True)


def test_the_latest_accepted_version_is_shown(client, family):
    family.plan.status = PlanStatus.SUPERSEDED
    PlanFactory(case=family.plan.case, version=2, status=PlanStatus.ACCEPTED,
                central_question="Versie twee: de nieuwe vraag")
    db.session.flush()
    assert "Versie twee: de nieuwe vraag" in client.get(f"/p/{family.token}").get_data(
        as_text=True)


def test_an_unknown_token_gives_a_kind_404(client, family):
    response = client.get("/p/not-a-real-token-at-all?lang=en")
    assert response.status_code == 404
    assert "We do not know this link" in response.get_data(as_text=True)


def test_an_expired_link_gives_410_that_says_whom_to_contact(client, family):
    family.link.expires_at = utcnow() - timedelta(minutes=1)
    db.session.flush()
    response = client.get(f"/p/{family.token}?lang=en")
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert "This personal link has expired." in page
    assert "Sjoerd Coördinator" in page


def test_a_revoked_link_gives_410(client, family):
    family.link.revoked_at = utcnow()
    db.session.flush()
    response = client.get(f"/p/{family.token}?lang=en")
    assert response.status_code == 410
    assert "switched off" in response.get_data(as_text=True)


def test_twenty_wrong_tokens_in_a_minute_give_429(client, family):
    statuses = [client.get(f"/p/wrong-token-{n}").status_code for n in range(21)]
    assert statuses[:20] == [404] * 20
    assert statuses[20] == 429


def test_opening_a_working_link_does_not_count_as_guessing(client, family):
    statuses = [client.get(f"/p/{family.token}").status_code for _ in range(25)]
    assert set(statuses) == {200}


def test_the_page_remembers_when_the_link_was_last_used(client, family):
    assert family.link.last_used_at is None
    client.get(f"/p/{family.token}")
    assert family.link.last_used_at is not None


def test_with_an_access_code_the_page_asks_for_it_first(client, family):
    from eigenkracht.auth.passwords import hash_password

    family.link.code_hash = hash_password("4711")
    db.session.flush()
    page = client.get(f"/p/{family.token}?lang=en").get_data(as_text=True)
    assert "Enter your access code" in page and "Oma haalt" not in page
    wrong = client.post(f"/p/{family.token}", data={"code": "1234"})
    assert wrong.status_code == 422
    right = client.post(f"/p/{family.token}", data={"code": "4711"})
    assert right.status_code == 302
    assert "Oma haalt" in client.get(f"/p/{family.token}").get_data(as_text=True)


def test_wrong_access_codes_are_throttled(client, family):
    from eigenkracht.auth.passwords import hash_password

    family.link.code_hash = hash_password("4711")
    db.session.flush()
    statuses = [client.post(f"/p/{family.token}", data={"code": f"000{n}"}).status_code
                for n in range(6)]
    assert statuses == [422] * 5 + [429]


def test_a_link_of_another_case_does_not_open_this_plan(client, family):
    other = AccessLinkFactory(token="another-case-token-abcdefghijklmnopqrstuvwxyz0123")
    db.session.flush()
    page = client.get("/p/another-case-token-abcdefghijklmnopqrstuvwxyz0123").get_data(
        as_text=True)
    assert other.case_id != family.plan.case_id
    assert "Oma haalt" not in page


def test_the_pdf_button_gives_the_plan_in_my_language(client, family):
    response = client.get(f"/p/{family.token}/plan.pdf?lang=pl")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "-pl.pdf" in response.headers["Content-Disposition"]


def test_the_service_worker_may_control_every_personal_page(client):
    response = client.get("/p/sw.js")
    assert response.status_code == 200
    assert response.headers["Service-Worker-Allowed"] == "/p/"
    assert "javascript" in response.mimetype


def test_my_tasks_pdf_carries_a_qr_code_to_my_page(client, family, monkeypatch):
    from eigenkracht.plans import printed as pdf_plan

    seen = {}
    original = pdf_plan.tasks_document

    def spy(case, plan, person, lang):
        doc = original(case, plan, person, lang)
        seen["qr"] = doc.qr_svg
        return doc

    monkeypatch.setattr(pdf_plan, "tasks_document", spy)
    response = client.get(f"/p/{family.token}/tasks.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert seen["qr"] and "<svg" in seen["qr"]
