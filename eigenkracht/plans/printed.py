"""The plan on paper: what the plan document and one person's "my tasks" page show.

The plans feature says what its documents hold; ``eigenkracht.pdf`` prints them
(``jobs.render_pdf``, through the task consumer) and hands them out (docs/pdf.md).

``plan_document`` and ``tasks_document`` read a plan version (a fixed number of queries,
however many actions) and turn it into plain values with every label already in the
document's language; ``render_plan`` and ``render_tasks`` print them in ``lang``. The
client appears by first name only, everywhere in the documents.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import force_locale, format_date, get_timezone
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eigenkracht.cases.models import AssignmentRole, Case, CaseKind
from eigenkracht.conference.models import Invitation, InvitationRole, InvitationStatus
from eigenkracht.core.db import utcnow
from eigenkracht.core.i18n import RTL_LANGUAGES
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.network.printed import (  # noqa: F401 - network_picture: used from here too
    FONT_FAMILIES,
    MAP_PRINT_LIMIT,
    MapCount,
    MapGroup,
    Picture,
    map_counts,
    map_groups,
    network_picture,
    people_count,
    people_on_map,
)
from eigenkracht.pdf import bidi
from eigenkracht.pdf.css import PAGE, PAGES, counted
from eigenkracht.pdf.errors import PdfError
from eigenkracht.pdf.jobs import render_pdf
from eigenkracht.pdf.qr import qr_svg, qr_target
from eigenkracht.plans import services as plans
from eigenkracht.plans.actions import group_actions
from eigenkracht.plans.decision import history as decision_history
from eigenkracht.plans.messages import ACTION_STATUS_LABELS, DECISION_LABELS
from eigenkracht.plans.models import Action, Decision, Plan, PlanBottomLine, PlanStatus
from eigenkracht.plans.printed_life import add_plan_life
from eigenkracht.plans.printed_people import numbered, unique_people
from eigenkracht.plans.routines import describe_repeat

log = logging.getLogger(__name__)

# Who signs: not the professionals who only informed the conference, nor the interpreter.
NOT_SIGNING = (InvitationRole.INFORMATION_GIVER, InvitationRole.INTERPRETER)


@dataclass(frozen=True)
class Row:
    """One action as a table row."""

    number: int
    what: str
    concern: str
    who: str
    when: str
    support: str
    status: str = ""  # "Done": a plan printed at a review shows what was done


@dataclass(frozen=True)
class PersonGroup:
    heading: str
    rows: list[Row]


@dataclass(frozen=True)
class BottomLineItem:
    number: int
    text: str
    how_met: str
    judgement: str
    note: str
    rows: list[Row]


@dataclass(frozen=True)
class Section:
    heading: str
    text: str


@dataclass(frozen=True)
class PrintedDecision:
    """One decision of the referrer on the plan, with who decided (the history)."""

    version: int
    decision: str
    on: str
    who: str
    reason: str


@dataclass
class Document:
    """Everything a plan document shows, as plain values in one language."""

    lang: str
    direction: str
    title: str
    author: str
    client: str
    reference: str
    version: int
    plan_date: str
    printed_on: str
    coordinator: str
    status_note: str
    draft: bool
    central_question: str = ""
    sections: list[Section] = field(default_factory=list)
    # How many of ``sections`` come before the actions (the rest come after them).
    sections_first: int = 3
    # The family's own document (``family_document``): no network section at all.
    family: bool = False
    bottom_lines: list[BottomLineItem] = field(default_factory=list)
    groups: list[PersonGroup] = field(default_factory=list)
    action_count: int = 0
    network: Picture | None = None
    map_people: list[MapGroup] = field(default_factory=list)
    # A map too large to print (more than MAP_PRINT_LIMIT people): its counts instead.
    map_counts: list[MapCount] = field(default_factory=list)
    map_total: int = 0
    signatures: list[str] = field(default_factory=list)
    # The plan after the conference (plans/printed_life.py): contacts, first call, signed.
    contacts: list = field(default_factory=list)
    first_call: str = ""
    signed: list = field(default_factory=list)
    qr_svg: str | None = None
    qr_for: str | None = None
    monitor: str = ""
    evaluation_date: str = ""
    person: str = ""
    tasks: list[Row] = field(default_factory=list)
    # Every decision on the plan of the case, the earliest first (not in the family's).
    decisions: list[PrintedDecision] = field(default_factory=list)
    # The running header and footer (CSS content, see pdf/_base.html).
    header: str = ""
    printed: str = ""
    confidential: str = ""
    pages: Markup = field(default_factory=Markup)


# --- finding the version -----------------------------------------------------------------

def pick_language(asked: str | None) -> str | None:
    """``asked`` when it is one of the family languages, else None."""
    languages = current_app.config["FAMILY_LANGUAGES"]
    return asked if asked in languages else None


def find_plan(case: Case, version: int | None = None) -> Plan | None:
    """Version ``version`` of the plan of ``case``; without a version the latest accepted
    one, else the latest. None when there is no such version (or no plan yet)."""
    if version is not None:
        return plans.get_plan(case, version)
    return plans.current_plan(case)


# --- small helpers -----------------------------------------------------------------------

def display_name(person: Any, client_first_name: str) -> str:
    """A person's name as the documents print it: the client by first name only."""
    if person is None:
        return ""
    if person.is_client:
        return client_first_name
    return person.name


def _date(value: Any, fmt: str = "long") -> str:
    return format_date(value, fmt) if value else ""


def _today() -> str:
    return format_date(utcnow().astimezone(get_timezone()).date(), "long")


def when_text(action: Any) -> str:
    """When an action happens: its date, its words ("every Wednesday"), or both; a routine
    starts with how it repeats ("Every week, until 1 March 2027", plans/routines.py)."""
    repeat = describe_repeat(action) if getattr(action, "repeat", "") else ""
    parts = [repeat, _date(action.when_date, "medium"), (action.when_text or "").strip()]
    return ", ".join(part for part in parts if part)


def direction_of(lang: str) -> str:
    return "rtl" if lang.split("_")[0] in RTL_LANGUAGES else "ltr"


def coordinator_name(case: Case, plan: Plan) -> str:
    """The coordinator of the plan's conference, else of the case (or its job coach)."""
    if plan.conference is not None and plan.conference.coordinator is not None:
        return plan.conference.coordinator.name
    for role in (AssignmentRole.COORDINATOR, AssignmentRole.JOBCOACH):
        staff = case.staff(role)
        if staff:
            return staff[0].name
    return ""


def plan_date(plan: Plan) -> datetime | None:
    if plan.conference is not None:
        return plan.conference.starts_at
    return plan.presented_at or plan.created_at


# --- loading -----------------------------------------------------------------------------

def _load(plan: Plan) -> list[Action]:
    """The plan's actions with their people, and its bottom lines: three queries."""
    db.session.scalars(select(Plan).where(Plan.id == plan.id).options(
        selectinload(Plan.actions).selectinload(Action.people),
        selectinload(Plan.bottom_lines))).all()
    return list(plan.actions)


def signing_people(plan: Plan, actions: list[Action]) -> list[Person]:
    """Who signs: the family and network at the plan's conference (those present when
    attendance was recorded, else those invited), else everyone with an action; the
    monitor always. The client first."""
    people: list[Person] = []
    if plan.conference_id is not None:
        invitations = [i for i in db.session.scalars(
            select(Invitation).where(Invitation.conference_id == plan.conference_id)
            .options(selectinload(Invitation.person)).order_by(Invitation.id))
            if i.role not in NOT_SIGNING]
        present = [i for i in invitations if i.status == InvitationStatus.ATTENDED]
        invited = [i for i in invitations if i.status in (
            InvitationStatus.INVITED, InvitationStatus.CONFIRMED)]
        people = [i.person for i in (present or invited)]
    if not people:
        people = [person for action in actions for person in action.people]
    people = unique_people([*people, plan.monitor])
    return sorted(people, key=lambda p: not p.is_client)


# --- building the documents --------------------------------------------------------------

def _rows(actions: list[Action], numbers: dict[int, int], client: str,
          leaving_out: int | None = None) -> list[Row]:
    """The actions as rows; ``who`` names everyone but ``leaving_out`` (the person whose
    actions these are: under their name, "together with" the others)."""
    return [Row(number=numbers[a.id], what=a.what, concern=a.serves_concern or "",
                # In the order the plan page lists them, on every database (an
                # association has no order of its own: PostgreSQL gave another).
                who=bidi.names([display_name(p, client) for p in sorted(
                    a.people, key=lambda p: (not p.is_client, p.name.casefold(), p.id))
                    if p.id != leaving_out]),
                when=when_text(a), support=a.support_needed or "",
                status=str(ACTION_STATUS_LABELS[a.status])) for a in actions]


def _group_person(key: str) -> int | None:
    """The person id of a person group's key (``person-12``); None for "nobody"."""
    person_id = key.removeprefix("person-")
    return int(person_id) if person_id.isdigit() else None


def _group_heading(key: str, label: str, people: dict[int, Person], client: str) -> str:
    """A person group's heading: the person as the documents name them."""
    person_id = _group_person(key)
    if person_id in people:
        return display_name(people[person_id], client)
    return label


def _status_note(plan: Plan) -> str:
    if plan.status == PlanStatus.ACCEPTED:
        return _("Accepted by the referrer on %(date)s.", date=_date(plan.decided_at))
    if plan.status == PlanStatus.SUPERSEDED:
        return _("This version was accepted and has since been replaced by a later version.")
    return _("Draft: this version of the plan has not been accepted yet. Do not sign it as "
             "final.")


def _judgement(item: PlanBottomLine) -> str:
    if item.met is True:
        return _("The referrer judged this condition met.")
    if item.met is False:
        return _("The referrer judged this condition not (yet) met.")
    return ""


def _decision(plan: Plan) -> str:
    labels = {
        Decision.ACCEPTED: _("The referrer accepted the plan."),
        Decision.ACCEPTED_WITH_CHANGES: _("The referrer accepted the plan with changes."),
        Decision.NOT_ACCEPTED: _("The referrer did not accept the plan."),
    }
    if plan.decision is None:
        return ""
    parts = [labels[plan.decision]]
    if plan.decided_at:
        parts.append(_("Date: %(date)s", date=_date(plan.decided_at)))
    if plan.decision_reason:
        parts.append(plan.decision_reason)
    return "\n".join(parts)


def _sections(case: Case, plan: Plan, client: str) -> list[Section]:
    view_heading = (_("In %(name)s's own words", name=client) if case.kind == CaseKind.YOUTH
                    else _("In the words of %(name)s", name=client))
    return [
        Section(_("What is going well"), plan.going_well),
        Section(_("Concerns"), plan.concerns),
        Section(view_heading, plan.childs_view),
        Section(_("Other agreements"), plan.agreements),
        Section(_("If the plan does not work"), plan.contingency),
        Section(_("Who receives this plan"), plan.recipients),
        Section(_("Decision"), _decision(plan)),
    ]


def _base(case: Case, plan: Plan, lang: str, title: str, header: str) -> Document:
    client = case.client_first_name
    coordinator = coordinator_name(case, plan)
    printed_on = _today()
    return Document(
        lang=lang, direction=direction_of(lang), title=title,
        author=", ".join(part for part in (coordinator, case.organisation.name) if part),
        client=client, reference=case.reference, version=plan.version,
        plan_date=_date(plan_date(plan)), printed_on=printed_on, coordinator=coordinator,
        status_note=_status_note(plan), draft=not plan.frozen,
        monitor=display_name(plan.monitor, client),
        evaluation_date=_date(plan.evaluation_date),
        header=f"{header} · {_('Version %(version)s', version=plan.version)}",
        printed=_("Printed on %(date)s", date=printed_on),
        confidential=_("Confidential: only for the people who made this plan and those it "
                       "names."),
        pages=counted(_("Page %(page)s of %(pages)s", page=PAGE, pages=PAGES)))


def plan_document(case: Case, plan: Plan, lang: str, person: Person | None = None) -> Document:
    """The whole plan, in the current language (call within ``force_locale(lang)``).

    Printed for ``person`` (whose personal link is known in this request: the family's own
    download, or the coordinator printing it for them), the QR code opens their own page
    and the document is the family's: what their page shows and no more
    (``family_document``). Otherwise the document has no QR code."""
    client = case.client_first_name
    doc = _base(case, plan, lang, _("The plan of %(name)s, version %(version)s",
                                    name=client, version=plan.version),
                header=_("The plan of %(name)s", name=client))
    actions = _load(plan)
    numbers = numbered(actions)
    doc.central_question = plan.central_question or case.central_question
    doc.sections = _sections(case, plan, client)
    doc.action_count = len(actions)
    people = {p.id: p for a in actions for p in a.people}
    doc.groups = [
        PersonGroup(heading=_group_heading(group.key, group.label, people, client),
                    rows=_rows(group.actions, numbers, client, _group_person(group.key)))
        for group in group_actions(plan, "person")]
    by_line = {group.key: group.actions for group in group_actions(plan, "bottom_line")}
    doc.bottom_lines = [
        BottomLineItem(number=index, text=item.text, how_met=item.how_met,
                       judgement=_judgement(item), note=item.note,
                       rows=_rows(by_line.get(f"line-{item.id}", []), numbers, client))
        for index, item in enumerate(plan.bottom_lines, start=1)]
    doc.decisions = [PrintedDecision(version=d.plan.version,
                                     decision=str(DECISION_LABELS[d.decision]),
                                     on=_date(d.decided_at), who=d.decider, reason=d.reason)
                     for d in decision_history(plan)]
    if person is None:  # the family's document has no map: not drawn at all
        network_section(doc, case, client)
    doc.signatures = [display_name(p, client) for p in signing_people(plan, actions)]
    target = qr_target(plan, person)
    doc.qr_svg = qr_svg(target, title=_("Open the plan on your phone")) if target else None
    doc.qr_for = display_name(person, client) if target else None
    if person is not None:
        family_document(doc, plan, actions, client)
    add_plan_life(doc, plan, client)
    return doc


def network_section(doc: Document, case: Case, client: str) -> None:
    """The map in ``doc``: the picture and its names, or for more than ``MAP_PRINT_LIMIT``
    people their counts per sector and ring (the full map is on the map page). A drawing
    that fails is this document's failure (``PdfError``), never an error page of its own."""
    doc.map_total = people_count(case)
    if doc.map_total > MAP_PRINT_LIMIT:
        doc.map_counts = map_counts(case)
        return
    on_map = people_on_map(case)
    try:
        doc.network = network_picture(case, client, on_map)
    except Exception as error:
        log.exception("the network map of %s could not be drawn", case.reference)
        raise PdfError(f"the network map could not be drawn: {type(error).__name__}") \
            from error
    doc.map_people = map_groups(on_map) if doc.network else []


def family_document(doc: Document, plan: Plan, actions: list[Action], client: str) -> None:
    """Cut ``doc`` down to what the family page (templates/family/page.html) shows: the
    central question, the actions with their people, the bottom lines and how the plan
    meets them, the monitor, the review date, what happens if the plan does not work and
    the coordinator. Left out: the referrer's decision and its reason, the referrer's
    judgement of each bottom line, the concerns and the other texts of the conference,
    the concern an action answers, the network map and its names, the case reference, and
    anyone but the plan's own people among the signatures."""
    doc.sections = [Section(_("If the plan does not work"), plan.contingency)]
    doc.sections_first = 0
    doc.family = True
    doc.decisions = []
    doc.reference = ""
    doc.network = None
    doc.map_people = []
    doc.groups = [PersonGroup(heading=group.heading, rows=_for_family(group.rows))
                  for group in doc.groups]
    doc.bottom_lines = [dataclasses.replace(item, judgement="", note="",
                                            rows=_for_family(item.rows))
                        for item in doc.bottom_lines]
    people = unique_people([*(p for a in actions for p in a.people), plan.monitor])
    doc.signatures = [display_name(p, client)
                      for p in sorted(people, key=lambda p: not p.is_client)]


def _for_family(rows: list[Row]) -> list[Row]:
    """Rows without the concern each action answers (the family page does not show it)."""
    return [dataclasses.replace(row, concern="") for row in rows]


def tasks_document(case: Case, plan: Plan, person: Person, lang: str) -> Document:
    """One person's actions in ``plan`` (call within ``force_locale(lang)``)."""
    client = case.client_first_name
    name = display_name(person, client)
    doc = _base(case, plan, lang, _("Tasks of %(name)s in the plan of %(client)s, version "
                                    "%(version)s", name=name, client=client,
                                    version=plan.version), header=_("My tasks"))
    actions = _load(plan)
    numbers = numbered(actions)
    mine = [a for a in actions if any(p.id == person.id for p in a.people)]
    doc.person = name
    # Printed for the person (as their page shows their tasks): without the concerns.
    doc.tasks = _for_family(_rows(mine, numbers, client, leaving_out=person.id))
    doc.action_count = len(actions)
    target = qr_target(plan, person)
    doc.qr_svg = qr_svg(target, title=_("Open your tasks on your phone")) if target else None
    add_plan_life(doc, plan, client)
    return doc


def render_plan(case: Case, plan: Plan, lang: str, person: Person | None = None) -> bytes:
    """The plan as PDF in ``lang`` (printed for ``person``: with the QR code of their page)."""
    with force_locale(lang):
        return render_pdf("pdf/plan.html", doc=plan_document(case, plan, lang, person))


def render_tasks(case: Case, plan: Plan, person: Person, lang: str) -> bytes:
    """The one-page "my tasks" PDF of ``person`` in ``lang``."""
    with force_locale(lang):
        return render_pdf("pdf/tasks.html", doc=tasks_document(case, plan, person, lang))
