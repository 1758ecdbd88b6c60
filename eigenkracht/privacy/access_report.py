"""A person's own data, readable (GDPR art. 15): what the organisation holds about a client
or a relative, in plain language and their own language, as a page and a PDF.

The report shows the person's own details, the case (its question and concerns), the
meetings they were invited to, the plan's actions that are theirs, the people on the map
(names and how they are related: never anyone else's phone or e-mail), and what the
professionals said at the conference. It shows no internal ids, no staff addresses and no
other person's contact details. Staff choose which parts to leave out and say why; each
report made is recorded (``AccessReport``) and audited, with what was withheld.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case
from eigenkracht.conference.labels import PHASE_LABELS, ROLE_LABELS, STATUS_LABELS
from eigenkracht.conference.models import Conference, InformationNote, Invitation
from eigenkracht.core.clock import now
from eigenkracht.core.rules import RuleError, clean_text
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.plans.messages import ACTION_STATUS_LABELS
from eigenkracht.plans.models import Action, Plan, action_people
from eigenkracht.privacy.models import AccessReport

# The parts of the report staff may leave out (with a reason), in the report's order.
PARTS = {
    "case": _l("The question and the concerns of the case"),
    "meetings": _l("The meetings you were invited to"),
    "plan": _l("Your tasks in the plan"),
    "network": _l("Names of the people on the network map"),
    "notes": _l("What the professionals said at the conference"),
    "own_notes": _l("Notes of the coordinator about you"),
}
MAX_REASON = 500


@dataclass
class Withheld:
    part: str
    reason: str


@dataclass
class Report:
    """Everything the report shows, as plain values (no ids)."""

    organisation: str
    made_on: Any
    name: str
    relation: str
    is_client: bool
    phone: str
    email: str
    language: str
    birth_year: int | None
    own_notes: str = ""
    reference: str = ""
    central_question: str = ""
    concerns: str = ""
    meetings: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    network: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)

    def shows(self, part: str) -> bool:
        return all(w.part != part for w in self.withheld)


def report_language(person: Person) -> str:
    languages = current_app.config["FAMILY_LANGUAGES"]
    return person.language if person.language in languages else "nl"


def check_withheld(choices: dict[str, Any]) -> list[Withheld]:
    """``{part: reason}`` of the parts ticked to leave out; every one needs a reason."""
    withheld = []
    for part, reason in choices.items():
        if part not in PARTS:
            raise RuleError("report_part_unknown")
        reason = clean_text(f"reason_{part}", str(reason or ""), MAX_REASON)
        if not reason:
            raise RuleError("report_reason_required", f"reason_{part}", part=PARTS[part])
        withheld.append(Withheld(part, reason))
    return withheld


def make_report(case: Case, person: Person, choices: dict[str, Any], user: User
                ) -> AccessReport:
    """Record that a report is made for ``person`` with ``choices`` left out; audited."""
    withheld = check_withheld(choices)
    report = AccessReport(case_id=case.id, person_id=person.id, made_by_id=user.id,
                          language=report_language(person), made_at=now(),
                          withheld=[{"part": w.part, "reason": w.reason} for w in withheld])
    db.session.add(report)
    db.session.flush()
    record("access_report", person, case=case, summary=person.name,
           details={"report": report.id, "withheld": report.withheld,
                    "language": report.language})
    return report


def get_report(case: Case, report_id: int) -> AccessReport | None:
    found = db.session.get(AccessReport, report_id) if 0 < report_id < 2**31 else None
    return found if found is not None and found.case_id == case.id else None


def build(case: Case, person: Person, saved: AccessReport) -> Report:
    """What the report says, from the data as it is now (in plain values)."""
    withheld = [Withheld(w["part"], w["reason"]) for w in saved.withheld or []]
    report = Report(organisation=case.organisation.name, made_on=saved.made_at,
                    name=person.name, relation=person.relation, is_client=person.is_client,
                    phone=person.phone, email=person.email, language=saved.language,
                    birth_year=person.birth_year, withheld=withheld,
                    reference=case.reference)
    if report.shows("own_notes"):
        report.own_notes = person.notes
    if report.shows("case"):
        report.central_question, report.concerns = case.central_question, case.concerns
    if report.shows("meetings"):
        report.meetings = _meetings(person)
    if report.shows("plan"):
        report.tasks = _tasks(case, person)
    if report.shows("network"):
        report.network = [{"name": p.name, "relation": p.relation}
                          for p in _people(case) if p.id != person.id]
    if report.shows("notes"):
        report.notes = _notes(person)
    return report


def _meetings(person: Person) -> list[dict]:
    rows = db.session.execute(
        select(Invitation, Conference).join(Conference, Conference.id == Invitation.conference_id)
        .where(Invitation.person_id == person.id).order_by(Conference.starts_at))
    return [{"starts_at": c.starts_at, "role": ROLE_LABELS[i.role],
             "status": STATUS_LABELS[i.status], "phase": PHASE_LABELS[c.phase]}
            for i, c in rows]


def _tasks(case: Case, person: Person) -> list[dict]:
    rows = db.session.execute(
        select(Action, Plan.version).join(Plan, Plan.id == Action.plan_id)
        .join(action_people, action_people.c.action_id == Action.id)
        .where(Plan.case_id == case.id, action_people.c.person_id == person.id)
        .order_by(Plan.version, Action.position))
    return [{"version": version, "what": action.what, "when": action.when_date,
             "when_text": action.when_text, "status": ACTION_STATUS_LABELS[action.status]}
            for action, version in rows]


def _people(case: Case) -> list[Person]:
    return list(db.session.scalars(select(Person).where(Person.case_id == case.id)
                                   .order_by(Person.name)))


def _notes(person: Person) -> list[dict]:
    """What was said at the conferences this person was invited to (who said it, by name)."""
    conference_ids = select(Invitation.conference_id).where(Invitation.person_id == person.id)
    notes = db.session.scalars(select(InformationNote).where(
        InformationNote.conference_id.in_(conference_ids.scalar_subquery()))
        .order_by(InformationNote.created_at))
    found = []
    for note in notes:
        giver = db.session.get(Invitation, note.invitation_id) if note.invitation_id else None
        who = giver.person.name if giver else (note.referrer.name if note.referrer else "")
        found.append({"who": who, "text": note.text, "at": note.created_at})
    return found


@dataclass
class Document:
    """The frame of the printed report (``templates/pdf/_base.html``)."""

    lang: str
    direction: str
    title: str
    author: str
    header: str
    printed: str
    confidential: str
    pages: Any


def document(report: Report) -> Document:
    """The printed report's frame, in the current language (call within force_locale)."""
    from flask_babel import format_date
    from flask_babel import gettext as _

    from eigenkracht.core.i18n import RTL_LANGUAGES
    from eigenkracht.pdf.css import PAGE, PAGES, counted

    title = _("What %(organisation)s holds about you", organisation=report.organisation)
    return Document(
        lang=report.language,
        direction="rtl" if report.language in RTL_LANGUAGES else "ltr", title=title,
        author=report.organisation, header=title,
        printed=format_date(report.made_on, "long"),
        confidential=_("Personal: only for %(name)s.", name=report.name),
        pages=counted(_("Page %(page)s of %(pages)s", page=PAGE, pages=PAGES)))


RULE_MESSAGES = {
    "report_part_unknown": _l("Choose parts of the report from the list."),
    "report_reason_required": _l("Say why “%(part)s” is left out: the person has a right to "
                                 "know."),
}
