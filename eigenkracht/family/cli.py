"""``flask links create REFERENCE --person "NAME" [--org SLUG]``: prints the personal URL."""

from __future__ import annotations

import re

import click
from flask.cli import AppGroup
from sqlalchemy import select

from eigenkracht.extensions import db
from eigenkracht.privacy.names import fold

_WORDS = re.compile(r"\w+")


def name_key(name: str) -> tuple[str, ...]:
    """A name without case, accents or word order: "Fatma Öztürk", "fatma ozturk" and
    "Öztürk, Fatma" are one key (SQL's lower() folds only ASCII on SQLite)."""
    return tuple(sorted(_WORDS.findall(fold(name or ""))))

links_cli = AppGroup("links", help="Personal links to the family's own page.")


@links_cli.command("create")
@click.argument("reference")
@click.option("--person", "person_name", required=True, help="The name as in the network map.")
@click.option("--org", "org_slug", default=None, help="The organisation, when needed.")
def create(reference: str, person_name: str, org_slug: str | None) -> None:
    """Make a personal link for a person of the case and print its address (shown once)."""
    from eigenkracht.core.rules import RuleError
    from eigenkracht.family import services
    from eigenkracht.network.models import Person
    from eigenkracht.pdf.cli import find_case

    case = find_case(reference, org_slug)
    wanted = name_key(person_name)
    people = [person for person in db.session.scalars(select(Person).where(
        Person.case_id == case.id)) if name_key(person.name) == wanted and wanted]
    if not people:
        raise click.ClickException(f"Nobody called {person_name!r} in {case.reference}.")
    if len(people) > 1:
        raise click.ClickException(f"{len(people)} people are called {person_name!r} in "
                                   f"{case.reference}: make the link on the case's page.")
    try:
        made = services.create_link(case, people[0], None)
    except RuleError as error:
        raise click.ClickException(f"No link made: {error.code}.") from None
    db.session.commit()
    click.echo(services.page_url(made.token))
