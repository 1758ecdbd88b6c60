"""``flask backup`` and ``flask restore``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from eigenkracht.audit.services import record
from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db
from eigenkracht.ops.backup import BackupError, backup, default_name, restore


@click.command("backup")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the backup (default: instance/backups/…).")
@with_appcontext
def backup_command(output: Path | None):
    """Write a consistent copy of the database (safe while the app runs)."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if output is None:
        stamp = utcnow().strftime("%Y%m%d-%H%M%S")
        output = Path(current_app.instance_path) / "backups" / default_name(url, stamp)
    try:
        result = backup(url, output)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    record("backup", object_type="database", summary=str(result.path),
           details={"engine": result.engine, "bytes": result.size})
    db.session.commit()
    click.echo(f"Backup written to {result.path} ({result.size:,} bytes, {result.engine}).")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: Path, yes: bool):
    """Replace the whole database with the content of a backup."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if not yes:
        click.confirm(f"This replaces every record in the database with {source}. Continue?",
                      abort=True)
    db.session.remove()
    db.engine.dispose()
    try:
        restore(url, source)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    record("restore", object_type="database", summary=str(source))
    db.session.commit()
    click.echo(f"Database restored from {source}.")


def register(app) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
