"""``flask purge``: erase the cases whose retention date has passed, then sweep the kept PDFs
(every file whose plan is gone or whose rows changed goes, ``pdf.cache.sweep``) and, on
SQLite, compact the database file (``privacy.files.compact_database``)."""

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
    """Erase cases past their retention date, anonymise their audit events, sweep kept
    PDFs."""
    day: date | None = on.date() if on else None
    if dry_run:
        from eigenkracht.core import clock

        for case in expired_cases(day or clock.today()):
            click.echo(f"{case.reference} (retention until {case.retention_until.isoformat()})")
        return
    from flask import current_app

    from eigenkracht.pdf import cache
    from eigenkracht.privacy.files import COMPACT_WAIT_MS, compact_database

    result = purge_expired(day)
    db.session.commit()
    swept = cache.sweep()
    compact_database(current_app.config.get("COMPACT_WAIT_MS", COMPACT_WAIT_MS))
    click.echo(f"erased {result['cases']} case(s); anonymised {result['audit_events']} "
               f"audit event(s); deleted {result['messages']} e-mail(s) and "
               f"{result['kept_pdfs'] + swept} kept PDF(s)")
