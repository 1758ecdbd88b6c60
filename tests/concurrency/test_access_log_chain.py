"""The access log's hash chain under concurrent writers: staff and family open the same
case at the same moment; every event gets its own place in the organisation's chain (the
chain's head row is locked by one writer at a time) and `flask audit verify` finds it whole."""

from __future__ import annotations

from sqlalchemy import func, select

from eigenkracht.audit.chain import verify_chain
from eigenkracht.audit.models import AuditChain, AuditEvent
from eigenkracht.auth.models import Organisation
from tests.concurrency.conftest import STAFF
from tests.concurrency.served import Send, Visitor, at_once, database, server_errors


def test_views_at_once_are_chained_one_after_another(served_app, busy_case, staff_visitor):
    colleagues = [staff_visitor(n) for n in range(STAFF)]
    sends = [Send(colleague, "GET", busy_case.url, label=f"case page {n}")
             for n, colleague in enumerate(colleagues * 2)]
    sends += [Send(Visitor(served_app, name=link.person), "GET", link.page,
                   label=f"family page of {link.person}") for link in busy_case.links]

    answers = at_once(sends)

    assert not server_errors(served_app, sends, answers), server_errors(served_app, sends,
                                                                         answers)
    assert all(answer.status == 200 for answer in answers)
    with database(served_app) as session:
        organisation = session.scalar(select(Organisation.id).where(
            Organisation.slug == "rijnmond"))
        positions = session.scalars(select(AuditEvent.chain_seq).where(
            AuditEvent.chain_id == organisation).order_by(AuditEvent.chain_seq)).all()
        assert positions == list(range(1, len(positions) + 1))  # no gap, no double
        views = session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "view", AuditEvent.organisation_id == organisation))
        assert views >= len(sends)
        assert session.get(AuditChain, organisation).length == len(positions)
        report = verify_chain(session, organisation)
        assert report.broken is None, report.broken
