"""What the case page shows of the referrer's link: the latest one and its state (one
statement, none when the referrer has an account or is not recorded)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from eigenkracht.cases.models import Case
from eigenkracht.extensions import db
from eigenkracht.referrers.models import ReferrerLink
from eigenkracht.referrers.services import link_state


@dataclass(frozen=True)
class ReferrerSummary:
    link: ReferrerLink | None = None
    state: str = ""


def summary(case: Case) -> ReferrerSummary:
    referrer = case.referrer
    if referrer is None or referrer.user_id is not None:
        return ReferrerSummary()
    link = db.session.scalar(select(ReferrerLink).where(ReferrerLink.case_id == case.id)
                             .order_by(ReferrerLink.created_at.desc(), ReferrerLink.id.desc())
                             .limit(1))
    return ReferrerSummary(link=link, state=link_state(link) if link is not None else "")
