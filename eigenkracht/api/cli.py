"""``flask api-tokens create --email E [--read-only]``: a token for another system."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from eigenkracht.api.services import create_token
from eigenkracht.auth.models import User, normalise_email
from eigenkracht.extensions import db

api_tokens_cli = AppGroup("api-tokens", help="API tokens of users.")


@api_tokens_cli.command("create")
@click.option("--email", required=True, help="The user the token acts as.")
@click.option("--name", default="CLI", show_default=True, help="What the token is for.")
@click.option("--read-only", is_flag=True, help="The token can only read.")
def create_command(email: str, name: str, read_only: bool) -> None:
    """Create a token and print it once; only its hash is kept."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active:
        raise click.ClickException("no active user with that e-mail address")
    _token, secret = create_token(user, name, read_only=read_only)
    db.session.commit()
    click.echo(secret)
