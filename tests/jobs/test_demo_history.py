"""The demo jobseeker, Mariëlle Dijkstra, has six months of history."""

from __future__ import annotations

from sqlalchemy import func, select

from eigenkracht.core.clock import today
from eigenkracht.jobs.demo import add_jobseeker_history
from eigenkracht.jobs.models import ContactLog, Goal, GoalStep
from eigenkracht.jobs.progress import add_months, month_start, progress
from eigenkracht.network.models import NetworkSnapshot


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_demo_jobseeker_has_six_months_of_a_growing_network_contacts_and_goals(
        demo_jobseeker, db):
    months = [m for m in progress(demo_jobseeker) if m.rings is not None][-6:]
    assert [m.start for m in months] == [add_months(month_start(today()), i)
                                         for i in range(-5, 1)]
    sizes = [m.network_size for m in months]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    contacts = list(db.session.scalars(select(ContactLog).where(
        ContactLog.case_id == demo_jobseeker.id)))
    assert 20 <= len(contacts) <= 30
    assert len({c.contacted_on.month for c in contacts}) >= 6
    assert sum(c.follow_up_overdue(today()) for c in contacts) >= 2
    goals = list(db.session.scalars(select(Goal).where(Goal.case_id == demo_jobseeker.id)))
    assert len(goals) == 2 and all(g.steps for g in goals)


def test_loading_the_history_again_adds_nothing(demo_jobseeker, db):
    def counts():
        return (_count(db, NetworkSnapshot, NetworkSnapshot.case_id == demo_jobseeker.id),
                _count(db, ContactLog, ContactLog.case_id == demo_jobseeker.id),
                _count(db, Goal, Goal.case_id == demo_jobseeker.id),
                _count(db, GoalStep))

    before = counts()
    add_jobseeker_history(demo_jobseeker.organisation, {"Mariëlle": demo_jobseeker})
    assert counts() == before
