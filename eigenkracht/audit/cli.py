"""``flask audit verify [--org SLUG]``: check the access log's hash chains (``audit.chain``)."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from eigenkracht.extensions import db

audit_cli = AppGroup("audit", help="The access log (NEN 7513).")


@audit_cli.command("verify")
@click.option("--org", "org_slug", default=None, help="Only this organisation's chain.")
def verify(org_slug: str | None) -> None:
    """Walk every chain from its start; name the first event that was changed, removed or
    moved, and exit 1 when one was. Run it from cron and alert on a non-zero exit."""
    from eigenkracht.audit.chain import chain_ids, unsealed, verify_chain
    from eigenkracht.auth.models import Organisation

    names = dict(db.session.execute(select(Organisation.id, Organisation.slug)).all())
    if org_slug is not None:
        wanted = [key for key, slug in names.items() if slug == org_slug]
        if not wanted:
            raise click.ClickException(f"No organisation {org_slug!r}.")
    else:
        wanted = chain_ids(db.session)
    broken = False
    for chain_id in wanted:
        name = names.get(chain_id, "(no organisation)")
        report = verify_chain(db.session, chain_id)
        if report.broken:
            broken = True
            click.echo(f"{name}: BROKEN at event {report.event_id}: {report.broken}"
                       if report.event_id else f"{name}: BROKEN: {report.broken}")
            continue
        loose = unsealed(db.session, chain_id)
        if loose is not None:
            broken = True
            click.echo(f"{name}: BROKEN at event {loose}: written without a seal "
                       "(outside the app?)")
            continue
        click.echo(f"{name}: {report.events} events, chain intact")
    if not wanted:
        click.echo("No events yet.")
    if broken:
        raise SystemExit(1)
