"""``flask search rebuild``: write every row of the search index again (after a change of
how names are folded, or a restore of tables without it)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from eigenkracht.extensions import db
from eigenkracht.search.index import rebuild

search_cli = AppGroup("search", help="The search index of cases and people.")


@search_cli.command("rebuild")
def rebuild_command() -> None:
    """Write every row of the search index again from the cases and people."""
    written = rebuild()
    db.session.commit()
    click.echo(f"{written} search rows written.")
