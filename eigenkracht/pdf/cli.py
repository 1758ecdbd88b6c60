"""``flask plan pdf REFERENCE [--version N] [--lang LL] [--org SLUG] -o FILE``.

Writes the plan PDF of a case (the same document as the download, through the same cache)
and audits it as a download by the system. ``flask plan clear-pdf-cache`` removes every
kept PDF.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from eigenkracht.extensions import db
from eigenkracht.ops.files import private_file

plan_cli = AppGroup("plan", help="Family plans: print them as PDF.")


def find_case(reference: str, org_slug: str | None):
    """The case ``reference`` (of organisation ``org_slug``), or a ``ClickException``."""
    from eigenkracht.auth.models import Organisation
    from eigenkracht.cases.models import Case

    query = select(Case).where(Case.reference == reference.strip().upper())
    if org_slug:
        query = query.join(Organisation, Organisation.id == Case.organisation_id).where(
            Organisation.slug == org_slug)
    cases = list(db.session.scalars(query))
    if not cases:
        raise click.ClickException(f"No case {reference}" + (f" in {org_slug}." if org_slug
                                                             else "."))
    if len(cases) > 1:
        raise click.ClickException(
            f"{reference} exists in {len(cases)} organisations: give --org SLUG.")
    return cases[0]


@plan_cli.command("pdf")
@click.argument("reference")
@click.option("--version", "version", type=click.IntRange(min=1), default=None,
              help="Plan version (default: the latest accepted, else the latest).")
@click.option("--lang", default=None, help="nl, en, tr, ar or pl (default: nl).")
@click.option("--org", "org_slug", default=None,
              help="Organisation slug, when the reference exists in more than one.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="The file to write; - for standard output.")
def pdf_command(reference, version, lang, org_slug, output):
    """Print the plan of case REFERENCE as PDF."""
    from eigenkracht.audit.services import record
    from eigenkracht.pdf import cache, jobs
    from eigenkracht.pdf.render import PdfError
    from eigenkracht.plans.printed import find_plan, pick_language, render_plan

    lang = lang or current_app.config["BABEL_DEFAULT_LOCALE"]
    if pick_language(lang) is None:
        languages = ", ".join(current_app.config["FAMILY_LANGUAGES"])
        raise click.BadParameter(f"choose one of {languages}", param_hint="--lang")
    case = find_case(reference, org_slug)
    plan = find_plan(case, version)
    if plan is None:
        which = f"version {version}" if version else "a plan"
        raise click.ClickException(f"{case.reference} has no {which}.")
    try:
        with jobs.in_this_process():  # no consumer needed at the command line
            pdf, kept = cache.cached_pdf(plan, lang, lambda: render_plan(case, plan, lang))
    except PdfError as error:
        raise click.ClickException(f"The PDF could not be made: {error}") from error
    if output != "-":
        private_file(Path(output))  # a family's plan: 0600 before the first byte
    with click.open_file(output, "wb") as out:
        out.write(pdf)
    record("download", plan, case=case, summary=f"plan v{plan.version} ({lang}) PDF, CLI",
           details={"document": "plan", "version": plan.version, "lang": lang, "kept": kept,
                    "via": "cli"})
    db.session.commit()
    if output != "-":
        click.echo(f"Wrote {output}: plan of {case.reference}, version {plan.version}, "
                   f"{lang}, {len(pdf) // 1024} KiB.", err=True)


@plan_cli.command("clear-pdf-cache")
def clear_cache_command():
    """Remove every kept PDF (they are made again on the next download)."""
    from eigenkracht.pdf import cache

    click.echo(f"Removed {cache.clear()} kept PDF files.")


def register(app: Flask) -> None:
    """Add ``flask plan pdf``; joins a ``plan`` group another feature registered first."""
    existing = app.cli.commands.get("plan")
    if isinstance(existing, click.Group) and existing is not plan_cli:
        for name, command in plan_cli.commands.items():
            existing.add_command(command, name)
    else:
        app.cli.add_command(plan_cli)

