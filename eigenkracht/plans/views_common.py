"""One change to a plan from a view: commit it, or roll back and say why it was refused.

The plan pages all answer the same three refusals of a service in the same way::

    with PlanChange(form, stale=True) as change:
        services.update_plan(plan, plan_data(form, plan), form.expected_version)
    if change.locked:
        return locked_page(change.locked)
    if change.stale:
        ...  # show the other person's change
    if change.ok:
        ...  # flash and redirect

Inside the block the service runs; when it returns, the session is committed. A broken rule
(``PlanRuleError``), a version that may not be changed (``PlanLocked``) and — only when
``stale=True`` — a stale save (``StaleEdit`` or SQLAlchemy's ``StaleDataError``), raised by
the service or by the commit, roll the session back and are kept on the change instead of
raised. A rule's message goes to its field when a form is given. Anything else is raised
as before (the error handlers roll back).
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm.exc import StaleDataError

from eigenkracht.extensions import db
from eigenkracht.plans.blueprint import field_error
from eigenkracht.plans.services import PlanLocked, PlanRuleError, StaleEdit


class PlanChange:
    """The outcome of one ``with PlanChange(...)`` block (see the module docstring)."""

    def __init__(self, form=None, *, stale: bool = False) -> None:
        self.form = form
        self.handles_stale = stale
        self.error: PlanRuleError | None = None
        self.locked: PlanLocked | None = None
        self.stale = False
        self.ok = False  # the change was made and committed

    def __enter__(self) -> PlanChange:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> bool:
        if error is None:
            try:
                db.session.commit()
            except (PlanRuleError, PlanLocked, StaleEdit, StaleDataError) as refused:
                if not self._handles(refused):
                    raise
                error = refused
            else:
                self.ok = True
                return False
        if not self._handles(error):
            return False
        db.session.rollback()
        self._keep(error)
        return True

    def _handles(self, error: BaseException) -> bool:
        if isinstance(error, (PlanRuleError, PlanLocked)):
            return True
        return self.handles_stale and isinstance(error, (StaleEdit, StaleDataError))

    def _keep(self, error: BaseException) -> None:
        """Remember the refusal; a rule's message goes to its field."""
        if isinstance(error, PlanRuleError):
            self.error = error
            if self.form is not None:
                field_error(self.form, error)
        elif isinstance(error, PlanLocked):
            self.locked = error
        else:
            self.stale = True
