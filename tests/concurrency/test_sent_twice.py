"""A create form sent six times in the same instant (an impatient double click, a resent
page) makes one record: the first sending makes it, the others are shown what it made, or
told it was already sent — never a second record, never a server error (issue 15)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eigenkracht.cases.models import BottomLine, Case
from tests.concurrency.served import Answer, Send, at_once, database, server_errors, statuses

pytestmark = pytest.mark.concurrency

SENDINGS = 6


def already_sent(answer: Answer) -> bool:
    """The 409 page that says this form was sent before (not the "send it again" page)."""
    return answer.status == 409 and "already" in answer.text.lower()


def test_the_new_case_form_sent_six_times_at_once_makes_one_case(served_app, busy_case,
                                                                 staff_visitor):
    coordinator = staff_visitor(0)
    form = coordinator.open_form("/cases/new")
    form.update({"kind": "youth", "clients-0-first_name": "Dubbelklik",
                 "clients-0-last_name": "Zesmaal", "clients-0-birth_date": "2014-03-02"},
                central_question="Wat is er nodig zodat Dubbelklik veilig kan opgroeien?")
    sends = [Send(coordinator, "POST", "/cases/new", form, label=f"sending {n}")
             for n in range(SENDINGS)]

    answers = at_once(sends)

    assert not server_errors(served_app, sends, answers), server_errors(served_app, sends,
                                                                         answers)
    assert served_app.most_at_once > 1, "the requests did not overlap"
    with database(served_app) as session:
        references = session.scalars(select(Case.reference).where(
            Case.client_first_name == "Dubbelklik")).all()
    assert len(references) == 1, (references, statuses(sends, answers))
    shown = f"/cases/{references[0]}"
    assert all((answer.redirected and answer.location == shown) or already_sent(answer)
               for answer in answers), statuses(sends, answers)
    assert any(answer.redirected for answer in answers), statuses(sends, answers)


def test_the_add_bottom_line_form_sent_six_times_at_once_makes_one_bottom_line(
        served_app, busy_case, staff_visitor):
    coordinator = staff_visitor(0)
    add = f"{busy_case.url}/bottom-lines"
    form = coordinator.open_form(busy_case.url, add)
    form["text"] = "Er is elke avond een volwassene thuis als Noëlle thuiskomt."
    sends = [Send(coordinator, "POST", add, form, label=f"sending {n}")
             for n in range(SENDINGS)]

    answers = at_once(sends)

    assert not server_errors(served_app, sends, answers), server_errors(served_app, sends,
                                                                         answers)
    assert served_app.most_at_once > 1, "the requests did not overlap"
    with database(served_app) as session:
        case_id = session.scalar(select(Case.id).where(Case.reference == busy_case.reference))
        made = session.scalar(select(func.count()).select_from(BottomLine).where(
            BottomLine.case_id == case_id, BottomLine.text == form["text"]))
    assert made == 1, statuses(sends, answers)
    assert all((answer.redirected and answer.location == busy_case.url) or already_sent(answer)
               for answer in answers), statuses(sends, answers)
