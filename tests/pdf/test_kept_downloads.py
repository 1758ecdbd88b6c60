"""A kept PDF is sent from its file, with an ETag, and a browser that kept it gets a 304.

The download is audited either way; a draft is never kept (``no-store``, no ETag); someone
without access gets 404 whatever they send; the case and its plan are read in one
access-checked statement.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.extensions import db
from eigenkracht.plans.models import PlanStatus
from tests.factories import PlanFactory
from tests.pdf.conftest import plan_url


def _downloads() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "download")
                                   .order_by(AuditEvent.id)))


def test_a_kept_pdf_is_sent_with_an_etag_and_revalidated(login_as, world, plan):
    client = login_as("coordinator")
    made = client.get(plan_url(world, lang="en"))
    kept = client.get(plan_url(world, lang="en"))
    assert kept.status_code == 200
    assert kept.data == made.data and kept.data.startswith(b"%PDF")
    assert kept.mimetype == "application/pdf"
    assert kept.headers["Content-Disposition"] == (
        f'attachment; filename="plan-{world.case.reference}-v1-en.pdf"')
    assert kept.headers["Cache-Control"] == "private, no-cache"
    assert kept.headers["ETag"].startswith('"') and "Last-Modified" in kept.headers
    assert int(kept.headers["Content-Length"]) == len(kept.data)


@pytest.mark.parametrize("header", ["If-None-Match", "If-Modified-Since"])
def test_a_browser_that_kept_the_pdf_gets_a_304_and_the_download_is_audited(
        login_as, world, plan, header):
    client = login_as("coordinator")
    client.get(plan_url(world, lang="en"))
    kept = client.get(plan_url(world, lang="en"))
    value = kept.headers["ETag" if header == "If-None-Match" else "Last-Modified"]
    again = client.get(plan_url(world, lang="en"), headers={header: value})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == kept.headers["ETag"]
    assert [e.details["kept"] for e in _downloads()] == [False, True, True]


def test_another_language_or_version_has_another_etag(login_as, world, plan):
    client = login_as("coordinator")
    for lang in ("en", "tr"):
        client.get(plan_url(world, lang=lang))
    english = client.get(plan_url(world, lang="en")).headers["ETag"]
    turkish = client.get(plan_url(world, lang="tr"))
    assert turkish.headers["ETag"] != english
    assert client.get(plan_url(world, lang="tr"), headers={"If-None-Match": english}
                      ).status_code == 200


def test_a_version_that_changed_is_sent_again(login_as, world, plan):
    client = login_as("coordinator")
    client.get(plan_url(world, lang="en"))
    tag = client.get(plan_url(world, lang="en")).headers["ETag"]
    plan.status = PlanStatus.SUPERSEDED  # its row changes: row_version goes up
    db.session.commit()
    again = client.get(plan_url(world, version=1, lang="en"), headers={"If-None-Match": tag})
    assert again.status_code == 200 and again.data.startswith(b"%PDF")
    assert again.headers.get("ETag") != tag


def test_a_draft_is_not_kept_by_the_browser_either(login_as, world):
    PlanFactory(case=world.case, version=2, status=PlanStatus.DRAFT)
    response = login_as("coordinator").get(plan_url(world, version=2, lang="en"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in response.headers


def test_someone_without_access_gets_404_with_a_valid_etag(login_as, world, plan):
    client = login_as("coordinator")
    client.get(plan_url(world, lang="en"))
    tag = client.get(plan_url(world, lang="en")).headers["ETag"]
    for role in ("other_coordinator", "unassigned_coordinator"):
        response = login_as(role).get(plan_url(world, lang="en"),
                                      headers={"If-None-Match": tag})
        assert response.status_code == 404


def test_the_case_and_its_plan_are_read_in_one_statement(login_as, world, plan,
                                                         count_queries):
    client = login_as("coordinator")
    client.get(plan_url(world, lang="en"))
    with count_queries() as statements:
        assert client.get(plan_url(world, lang="en")).status_code == 200
    lookups = [s for s in statements if "case_assignments" in s and "JOIN plans" in s]
    assert len(lookups) == 1, statements
