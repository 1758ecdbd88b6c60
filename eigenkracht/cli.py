"""Command-line commands: ``flask demo``, ``flask users create``, ``flask translate``."""

from __future__ import annotations

import subprocess  # noqa: S404 - runs pybabel, a fixed command
import sys

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from config import BASE_DIR as ROOT
from eigenkracht.extensions import db

users_cli = AppGroup("users", help="Manage user accounts.")
translate_cli = AppGroup("translate", help="Extract, update and compile translations.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(["admin", "coordinator", "jobcoach",
                                                          "referrer"]))
@click.option("--org", "org_slug", required=True, help="Organisation slug.")
@click.option("--password", default=None, help="Leave out to generate one (printed once).")
@click.option("--org-name", default=None, help="Create the organisation with this name.")
def create_user_command(email, name, role, org_slug, password, org_name):
    """Create a user; prints a generated password when none is given."""
    from eigenkracht.auth import services
    from eigenkracht.auth.models import Organisation, Role
    from eigenkracht.auth.passwords import PasswordRejected, generate_password

    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == org_slug))
    if organisation is None:
        if not org_name:
            raise click.ClickException(
                f"No organisation '{org_slug}'. Give --org-name to create it.")
        organisation = Organisation(slug=org_slug, name=org_name)
        db.session.add(organisation)
    generated = password is None
    password = password or generate_password()
    try:
        user = services.create_user(organisation, email=email, name=name, role=Role(role),
                                    password=password)
    except services.AccountError as exc:
        db.session.rollback()
        raise click.ClickException(f"There is already an account for {email}.") from exc
    except PasswordRejected as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {user.email} ({role}) in {organisation.slug}.")
    if generated:
        click.echo(f"Password: {password}")


def _pybabel(*args: str) -> None:
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603


@translate_cli.command("extract")
def extract():
    """Collect the translatable strings into translations/messages.pot."""
    # Babel skips folders starting with "_" by default: templates/_macros holds strings too.
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
             "--ignore-dirs", ".*", "--no-location", "--sort-output",
             "-o", "translations/messages.pot", ".")


@translate_cli.command("update")
def update():
    """Extract, merge new strings into every catalogue, and fill English from the source."""
    extract.callback()
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations",
             "--no-fuzzy-matching", "--ignore-obsolete")
    fill_source_language(ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po")


def fill_source_language(path) -> int:
    """The source strings are English: the English catalogue repeats them (plurals too)."""
    from babel.messages.pofile import read_po, write_po

    with open(path, "rb") as fh:
        catalogue = read_po(fh, locale="en")
    filled = 0
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            if not all(message.string):
                message.string = tuple(message.id)
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
        message.flags.discard("fuzzy")
    with open(path, "wb") as fh:
        write_po(fh, catalogue, width=100, omit_header=False)
    return filled


@translate_cli.command("compile")
@click.option("--statistics", is_flag=True,
              help="Show how complete each catalogue is (always shown).")
def compile_(statistics: bool = True):
    """Compile the catalogues into .mo files (build output, not committed), saying how
    complete each one is, and each family language on what families read."""
    from eigenkracht.core.family_strings import FAMILY_LANGUAGES, family_messages, missing

    _pybabel("compile", "-d", "translations", "--statistics")
    messages = family_messages(ROOT)
    for language in FAMILY_LANGUAGES:
        done = len(messages) - len(missing(ROOT, language, messages))
        click.echo(f"family-facing: {done} of {len(messages)} messages translated in {language}")


@click.command("demo")
def demo_command():
    """Load the demo organisation, users and cases (safe to run again)."""
    from eigenkracht.demo import load_demo

    result = load_demo()
    db.session.commit()
    click.echo("Demo data is ready. Log in at http://127.0.0.1:5000 with:")
    for email in result.emails:
        click.echo(f"  {email}")
    if result.password_shown:
        click.echo(f"  password: {result.password_shown}")
    else:
        click.echo("  password: the one in EIGENKRACHT_DEMO_PASSWORD or printed the first time "
                   "(instance/demo-password.txt)")


def register(app: Flask) -> None:
    from eigenkracht.ops.cli import register as register_ops

    register_ops(app)
    app.cli.add_command(users_cli)
    app.cli.add_command(translate_cli)
    app.cli.add_command(demo_command)

