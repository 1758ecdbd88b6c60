"""The contact log of a jobseeker: every contact with someone of the network, what was
asked, what came of it, and its follow-up.

Like ``services``: change, flush, audit; one ``RuleError`` lists every broken rule; an edit
is refused when the contact's ``row_version`` moved on (``StaleEdit``); ticking a follow-up
off is written without moving it; every lookup is made *within* one case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select

from eigenkracht.audit.services import changes, record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case
from eigenkracht.cases.services import add_years, touch
from eigenkracht.core.clock import today
from eigenkracht.core.db import utcnow
from eigenkracht.core.ids import parse_id
from eigenkracht.core.rules import check_version
from eigenkracht.extensions import db
from eigenkracht.jobs.models import ContactChannel, ContactLog, ContactOutcome
from eigenkracht.jobs.services import (
    Problem,
    cleaned,
    history_date_problems,
    iso,
    quietly,
    raise_problems,
    require_work_case,
)
from eigenkracht.network.services import get_person

CONTACT_YEARS_BACK = 5
FOLLOW_UP_YEARS_AHEAD = 2


@dataclass
class ContactData:
    person_id: Any
    contacted_on: date | None
    channel: Any
    outcome: Any
    asked: str = ""
    note: str = ""
    follow_up_on: date | None = None


def contacts_query(case: Case, person_id: int | None = None) -> Select:
    """The contacts of ``case`` (of one person, if given), newest first."""
    query = select(ContactLog).where(ContactLog.case_id == case.id)
    if person_id is not None:
        query = query.where(ContactLog.person_id == person_id)
    return query.order_by(ContactLog.contacted_on.desc(), ContactLog.id.desc())


def get_contact(case: Case, contact_id: int) -> ContactLog | None:
    """The contact with ``contact_id`` *of this case*, else None."""
    return db.session.scalar(select(ContactLog).where(ContactLog.case_id == case.id,
                                                      ContactLog.id == contact_id))


def _resolve_person(case: Case, raw: Any, old: ContactLog | None):
    """The person of the contact, within ``case``: ``(person, problem)``.

    Someone who has since been taken off the map stays on their old contacts: an edit that
    leaves the person empty keeps the name as it was.
    """
    if raw in (None, "") and old is not None and old.person_id is None:
        return None, None
    if raw in (None, ""):
        return None, ("person_id", "person_required", {})
    person_id = parse_id(raw if isinstance(raw, int) else str(raw))
    person = get_person(case, person_id) if person_id else None
    if person is None:
        return None, ("person_id", "contact_person_unknown", {})
    return person, None  # the jobseeker himself too: his contacts are logged like any other


def check_contact(case: Case, data: ContactData, old: ContactLog | None):
    """Clean ``data`` and find its person *in this case*: ``(data, person)``; raise every
    broken rule."""
    problems: list[Problem] = []
    person, problem = _resolve_person(case, data.person_id, old)
    if problem:
        problems.append(problem)
    problems += _contact_date_problems(data)
    for name, enum_cls, code in (("channel", ContactChannel, "channel_invalid"),
                                 ("outcome", ContactOutcome, "outcome_invalid")):
        value = getattr(data, name)
        if isinstance(value, str) and value in enum_cls._value2member_map_:
            setattr(data, name, enum_cls(value))
        elif not isinstance(value, enum_cls):
            problems.append((name, code, {}))
    data.asked = cleaned(problems, "asked", data.asked)
    data.note = cleaned(problems, "note", data.note)
    raise_problems(problems)
    return data, person


def _contact_date_problems(data: ContactData) -> list[Problem]:
    now = today()
    problems: list[Problem] = []
    day = data.contacted_on
    if day is None:
        problems.append(("contacted_on", "date_required", {}))
    elif day > now:
        problems.append(("contacted_on", "date_in_future", {}))
    elif day < add_years(now, -CONTACT_YEARS_BACK):
        problems.append(("contacted_on", "date_too_old", {}))
    follow = data.follow_up_on
    if follow is not None:
        if day is not None and follow < day:
            problems.append(("follow_up_on", "follow_up_before_contact", {}))
        elif follow > add_years(now, FOLLOW_UP_YEARS_AHEAD):
            problems.append(("follow_up_on", "follow_up_too_far", {}))
    return problems


def _contact_values(data: ContactData, person, old: ContactLog | None) -> dict[str, Any]:
    kept = old is not None and person is None  # someone no longer on the map
    return {
        "person_id": old.person_id if kept else person.id,
        "person_name": old.person_name if kept else person.name,
        "contacted_on": data.contacted_on, "channel": data.channel, "asked": data.asked,
        "outcome": data.outcome, "note": data.note, "follow_up_on": data.follow_up_on,
    }


def add_contact(case: Case, data: ContactData, user: User | None = None,
                answers: ContactLog | None = None) -> ContactLog:
    """Log a contact with someone of the network of ``case``; ``answers``: the contact
    whose follow-up this is, marked done in the same step."""
    require_work_case(case)
    data, person = check_contact(case, data, None)
    if answers is not None and answers.case_id != case.id:
        raise_problems([("", "follow_up_unknown", {})])
    contact = ContactLog(case_id=case.id, created_by_id=user.id if user is not None else None,
                         **_contact_values(data, person, None))
    db.session.add(contact)
    db.session.flush()
    touch(case)
    record("create", contact, case=case, summary=_summary(contact),
           details={"person": contact.person_id, "channel": contact.channel.value,
                    "outcome": contact.outcome.value,
                    "follow_up_on": iso(contact.follow_up_on),
                    "answers": answers.id if answers is not None else None})
    if answers is not None:
        set_follow_up_done(case, answers, True, on=contact.contacted_on)  # done that day
    return contact


def update_contact(case: Case, contact: ContactLog, data: ContactData,
                   expected: Any = None) -> None:
    """Save the edit; ``expected``: the ``row_version`` the form was filled from (a save over
    someone else's change raises ``StaleEdit``; None is not checked)."""
    require_work_case(case)
    data, person = check_contact(case, data, contact)
    check_version(contact, expected)
    new = _contact_values(data, person, contact)
    if new["follow_up_on"] != contact.follow_up_on:
        new["follow_up_done_at"] = None  # a new follow-up date is a new follow-up
    diff = changes(contact, list(new), new)
    if not diff:
        return
    for name, value in new.items():
        setattr(contact, name, value)
    db.session.flush()
    touch(case)
    record("update", contact, case=case, summary=_summary(contact), details=diff)


def remove_contact(case: Case, contact: ContactLog) -> None:
    record("delete", contact, case=case, summary=_summary(contact),
           details={"person": contact.person_id, "contacted_on": iso(contact.contacted_on)})
    db.session.delete(contact)
    db.session.flush()
    touch(case)


def set_follow_up_done(case: Case, contact: ContactLog, done: bool,
                       on: date | None = None) -> bool:
    """Mark the follow-up of a contact as done on ``on`` (default today: today or earlier,
    not before the contact, at most five years back), or open it again; True when
    something changed."""
    if contact.follow_up_on is None:
        return False
    if done:
        on = on or today()
        raise_problems(history_date_problems("done_on", on, not_before=contact.contacted_on,
                                             before_code="done_before_contact"))
        if contact.follow_up_done and contact.follow_up_done_day == on:
            return False
    elif not contact.follow_up_done:
        return False
    before = iso(contact.follow_up_done_day)
    quietly(contact, follow_up_done_at=(contact.follow_up_done_at or utcnow()) if done else None,
            follow_up_done_on=on if done else None)
    touch(case)
    record("update", contact, case=case, summary=_summary(contact),
           details={"follow_up_done": [before is not None, done],
                    "follow_up_done_on": [before, iso(on)]})
    return True


def _summary(contact: ContactLog) -> str:
    return f"{contact.person_name} · {contact.contacted_on.isoformat()}"

