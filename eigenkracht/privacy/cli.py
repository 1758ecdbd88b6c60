"""``flask purge``: erase the cases whose retention date has passed."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from eigenkracht.extensions import db
from eigenkracht.privacy.purge import expired_cases, purge_expired


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Only list the cases that would be erased.")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Act as if today were this day (YYYY-MM-DD).")
@with_appcontext
def purge_command(dry_run: bool, on) -> None:
    """Erase cases past their retention date and anonymise their audit events."""
    day: date | None = on.date() if on else None
    if dry_run:
        from eigenkracht.core import clock

        for case in expired_cases(day or clock.today()):
            click.echo(f"{case.reference} (retention until {case.retention_until.isoformat()})")
        return
    result = purge_expired(day)
    db.session.commit()
    click.echo(f"erased {result['cases']} case(s); anonymised {result['audit_events']} "
               f"audit event(s)")
