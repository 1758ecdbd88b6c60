"""Case references: EK-YYYY-NNNN, unique per organisation, safe when created at once."""

from __future__ import annotations

import threading

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from eigenkracht.auth.models import Organisation
from eigenkracht.cases.models import CaseCounter
from eigenkracht.cases.services import next_reference


def test_references_count_up_per_organisation_and_year(world, db):
    assert next_reference(world.org.id, 2031) == "EK-2031-0001"
    assert next_reference(world.org.id, 2031) == "EK-2031-0002"
    assert next_reference(world.other_org.id, 2031) == "EK-2031-0001"
    assert next_reference(world.org.id, 2032) == "EK-2032-0001"


def test_two_cases_created_at_the_same_moment_get_different_references(app, database_url):
    """Real concurrent transactions on their own connections (not the test's rollback)."""
    from eigenkracht.extensions import db as ext

    with app.app_context():
        engine = ext.engine
        with Session(engine) as session:
            organisation = Organisation(slug="concurrent-refs", name="Gelijktijdig")
            session.add(organisation)
            session.commit()
            org_id = organisation.id
        results: list[str] = []
        errors: list[BaseException] = []
        barrier = threading.Barrier(4)

        def create():
            try:
                with app.app_context():
                    barrier.wait()
                    for _ in range(5):
                        with Session(engine) as session:
                            results.append(next_reference(org_id, 2040, session))
                            session.commit()
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [threading.Thread(target=create) for _ in range(4)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            with Session(engine) as session:
                session.execute(delete(CaseCounter).where(CaseCounter.organisation_id == org_id))
                session.execute(delete(Organisation).where(Organisation.id == org_id))
                session.commit()
        assert errors == []
        assert sorted(results) == [f"EK-2040-{n:04d}" for n in range(1, 21)]


def test_the_same_reference_may_exist_in_two_organisations(world, db):
    world.other_case.reference = world.case.reference
    db.session.flush()
    assert db.session.scalars(select(CaseCounter)).all() is not None
