"""A person who appears everywhere in ``world.case``, and a search of the whole database."""

from __future__ import annotations

import io
import json
import unicodedata
from dataclasses import dataclass

import pytest
from sqlalchemy import JSON, String, Text, select

from eigenkracht.audit.services import record
from eigenkracht.conference.models import Conference
from eigenkracht.extensions import db
from eigenkracht.network.models import Person, TieKind
from eigenkracht.network.snapshots import take_snapshot
from eigenkracht.plans.models import Action, Plan
from tests.factories import (
    ActionUpdateFactory,
    ContactLogFactory,
    InvitationFactory,
    OutboxMessageFactory,
    PersonFactory,
    RelationshipFactory,
)

NAME = "Zebediah Quackenbush"


@dataclass
class Everywhere:
    person: Person
    name: str = NAME


@pytest.fixture
def everywhere(world) -> Everywhere:
    """Zebediah on the map of ``world.case``: tied, invited, written to, in an action and its
    update, in the plan's text, in a saved map, in a contact and in the audit log."""
    case = world.case
    person = PersonFactory(case=case, name=NAME, notes=f"{NAME} belt elke week")
    RelationshipFactory(person_a=person, person_b=db.session.get(Person, world.extra_ids["person"]),
                        kind=TieKind.FRIEND)
    invitation = InvitationFactory(conference=db.session.get(Conference,
                                                             world.extra_ids["conference"]),
                                   person=person)
    OutboxMessageFactory(organisation=world.org, invitation_id=invitation.id, to="z@example.org",
                         subject=f"Uitnodiging voor {NAME}", text_body=f"Beste {NAME},")
    action = db.session.get(Action, world.extra_ids["action"])
    action.people.append(person)
    ActionUpdateFactory(action=action, author_label=NAME, note=f"{NAME} deed het")
    plan = db.session.scalar(select(Plan).where(Plan.case_id == case.id))
    plan.agreements = f"{NAME} haalt Noëlle op vrijdag op."
    ContactLogFactory(case=case, person=person, person_name=NAME, note=f"Gebeld met {NAME}")
    take_snapshot(case, "Met Zebediah")
    record("create", person, case=case, summary=NAME, details={"name": NAME})
    db.session.flush()
    return Everywhere(person=person)


def rows_mentioning(text: str) -> list[str]:
    """Every table.column (text or JSON, in every table) whose value mentions ``text``."""
    found = []
    needle = text.casefold()
    for table in db.metadata.sorted_tables:
        for column in table.c:
            if not isinstance(column.type, String | Text | JSON):
                continue
            for value in db.session.scalars(select(column).where(column.is_not(None))):
                plain = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if needle in plain.casefold():
                    found.append(f"{table.name}.{column.name}")
    return sorted(set(found))


@pytest.fixture(autouse=True)
def compact_without_waiting(app):
    """The test's own transaction holds the SQLite file: compacting it never waits here."""
    app.config["COMPACT_WAIT_MS"] = 0
    yield
    app.config.pop("COMPACT_WAIT_MS", None)


@pytest.fixture
def instance(app, tmp_path):
    """An instance folder of this test alone, with the kept PDFs in it."""
    folder = tmp_path / "instance"
    folder.mkdir()
    original = app.instance_path
    app.instance_path = str(folder)
    app.config["PDF_CACHE_DIR"] = str(folder / "pdf-cache")
    yield folder
    app.instance_path = original
    app.config.pop("PDF_CACHE_DIR", None)


def folded(text: str) -> str:
    """``text`` without case and accents, as a person searching it would read it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def pdf_text(pdf: bytes) -> str:
    """Every word a reader of the PDF sees (pypdf), whitespace made single spaces."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def files_under(folder) -> list[str]:
    """Every file under ``folder`` (its path inside it), hidden ones included."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) \
        if folder.exists() else []


def kept_pdf_texts(folder) -> dict[str, str]:
    """The text of every PDF under ``folder``, by path."""
    return {name: pdf_text((folder / name).read_bytes()) for name in files_under(folder)
            if (folder / name).read_bytes().startswith(b"%PDF")}
