"""Routines: actions that repeat, their occurrences, marking one done, and how they have gone.

An action is a routine when ``action.repeat`` is set; it repeats from ``when_date`` (its first
occurrence) until ``repeat_until`` (inclusive; none: for good):

- ``weekdays``: every day Monday to Friday;
- ``days``: the weekdays in ``repeat_days`` ("0,2" = Monday and Wednesday; Monday is 0);
- ``weekly``: every seven days from the first date (so on its weekday);
- ``monthly``: on the first date's day of the month; in a shorter month on its last day
  (a routine of the 31st falls on 30 April and on 28 or 29 February).

Each occurrence has a *period*: from its date up to (not including) the next date of the
pattern. Within that period the occurrence is *current*: "done this week" marks it done
(``mark_occurrence_done``; an ``ActionUpdate`` with ``occurrence_on``, once per occurrence)
and the action itself stays open. Once the next occurrence has come, an occurrence that was
not marked is *missed*.

``routine_record(action, until=day)`` says how a routine has gone up to ``day``: of the last
occurrences whose period has ended (and the current one, if already done), how many were kept,
how many were expected and which were missed. This is the function for the plan page, the
follow-up view, the family page and the figures ("routines kept").
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.services import touch
from eigenkracht.core import clock
from eigenkracht.core.rules import RuleError, clean_text
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.plans.models import Action, ActionStatus, ActionUpdate

REPEATS = ("weekdays", "days", "weekly", "monthly")
REPEAT_LABELS = {
    "": _l("Once"),
    "weekdays": _l("Every weekday (Monday to Friday)"),
    "days": _l("On given days of the week"),
    "weekly": _l("Every week"),
    "monthly": _l("Every month"),
}
RECORD_WINDOW = 8  # "7 of the last 8 weeks"
MAX_OCCURRENCES = 2000  # more than three years of weekdays: a guard, never reached in use
OPEN = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


def is_routine(action: Action) -> bool:
    return bool(action.repeat) and action.when_date is not None


def weekdays_of(action: Action) -> frozenset[int]:
    """The weekdays (Monday 0) a ``days`` routine falls on."""
    if action.repeat == "weekdays":
        return frozenset(range(5))
    days = set()
    for part in (action.repeat_days or "").split(","):
        if part.strip().isdigit() and int(part) < 7:
            days.add(int(part))
    return frozenset(days)


def parse_days(values) -> list[int]:
    """Weekday numbers from a form (strings or ints); refuses anything else."""
    days = set()
    for value in values or ():
        text = str(value).strip()
        if not text.isdigit() or int(text) > 6:
            raise RuleError("repeat_day_invalid", "repeat_days")
        days.add(int(text))
    return sorted(days)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _pattern(action: Action, start: date, end: date) -> list[date]:
    """The dates of the pattern from ``start`` to ``end`` inclusive, ignoring ``repeat_until``
    (but never before the first date)."""
    first = action.when_date
    if first is None or not action.repeat or end < first:
        return []
    start = max(start, first)
    if action.repeat in ("weekdays", "days"):
        return _on_weekdays(weekdays_of(action), start, end)
    if action.repeat == "weekly":
        offset = (start - first).days
        return _every(first + timedelta(days=-(-offset // 7) * 7), timedelta(days=7), end)
    if action.repeat == "monthly":
        return _monthly(first, start, end)
    return []


def _on_weekdays(days: frozenset[int], start: date, end: date) -> list[date]:
    found: list[date] = []
    day = start
    while days and day <= end and len(found) < MAX_OCCURRENCES:
        if day.weekday() in days:
            found.append(day)
        day += timedelta(days=1)
    return found


def _every(day: date, step: timedelta, end: date) -> list[date]:
    found: list[date] = []
    while day <= end and len(found) < MAX_OCCURRENCES:
        found.append(day)
        day += step
    return found


def _monthly(first: date, start: date, end: date) -> list[date]:
    found: list[date] = []
    months = max(0, (start.year - first.year) * 12 + start.month - first.month - 1)
    while len(found) < MAX_OCCURRENCES:
        day = _add_months(first, months)
        if day > end:
            break
        if day >= start:
            found.append(day)
        months += 1
    return found


def occurrences(action: Action, start: date, end: date) -> list[date]:
    """The occurrences of the routine from ``start`` to ``end`` inclusive."""
    if action.repeat_until is not None:
        end = min(end, action.repeat_until)
    return _pattern(action, start, end)


def _lookback(action: Action) -> timedelta:
    return timedelta(days=62 if action.repeat == "monthly" else 8)


def current_occurrence(action: Action, today: date) -> date | None:
    """The occurrence whose period holds ``today``: the last one on or before it; None before
    the first, or once the last one's period is over."""
    if not is_routine(action):
        return None
    found = occurrences(action, today - _lookback(action), today)
    if not found:
        return None
    latest = found[-1]
    return latest if next_in_pattern(action, latest) > today else None


def next_in_pattern(action: Action, day: date) -> date:
    """The first date of the pattern after ``day`` (even past ``repeat_until``): where the
    period of the occurrence on ``day`` ends."""
    following = _pattern(action, day + timedelta(days=1), day + _lookback(action))
    return following[0] if following else day + _lookback(action)


def next_occurrence(action: Action, on_or_after: date) -> date | None:
    """The first occurrence on or after ``on_or_after`` (for reminders)."""
    if not is_routine(action):
        return None
    found = occurrences(action, on_or_after, on_or_after + _lookback(action))
    return found[0] if found else None


def done_occurrences(action: Action) -> set[date]:
    return {u.occurrence_on for u in action.updates if u.occurrence_on is not None}


@dataclass
class RoutineRecord:
    """How a routine has gone up to a day (see the module docstring)."""

    repeat: str
    kept: int = 0
    expected: int = 0
    missed: list[date] = field(default_factory=list)  # oldest first
    counted: list[date] = field(default_factory=list)  # the occurrences counted, oldest first
    current: date | None = None  # the occurrence whose period holds the day
    current_done: bool = False

    @property
    def summary(self) -> str:
        """ "7 of the last 8 weeks", in the reader's language ("" when nothing counts yet)."""
        if not self.expected:
            return ""
        if self.repeat == "weekly":
            return ngettext("%(kept)s of the last %(num)s week",
                            "%(kept)s of the last %(num)s weeks", self.expected, kept=self.kept)
        if self.repeat == "monthly":
            return ngettext("%(kept)s of the last %(num)s month",
                            "%(kept)s of the last %(num)s months", self.expected,
                            kept=self.kept)
        return ngettext("%(kept)s of the last %(num)s time", "%(kept)s of the last %(num)s times",
                        self.expected, kept=self.kept)

    @property
    def missed_text(self) -> str:
        """ "Missed: 12 October, 26 October" in the reader's language ("" if none)."""
        if not self.missed:
            return ""
        return _("Missed: %(dates)s",
                 dates=", ".join(format_date(day, "d MMMM") for day in self.missed))


def routine_record(action: Action, until: date, last: int = RECORD_WINDOW) -> RoutineRecord:
    """How ``action`` (a routine) has gone up to ``until``: of the last ``last`` occurrences
    whose period had ended by ``until`` (and the current one, once it is done), how many
    were ``kept`` (marked done), the number ``expected`` and the dates ``missed``. A one-off
    action gives an empty record."""
    result = RoutineRecord(repeat=action.repeat or "")
    if not is_routine(action):
        return result
    done = done_occurrences(action)
    window_start = _window_start(action, until, last)
    closed = [day for day in occurrences(action, window_start, until)
              if next_in_pattern(action, day) <= until]
    current = current_occurrence(action, until)
    result.current = current
    result.current_done = current in done if current else False
    counted = closed + ([current] if current and result.current_done else [])
    counted = counted[-last:] if last else counted
    result.counted = counted
    result.expected = len(counted)
    result.kept = sum(1 for day in counted if day in done)
    result.missed = [day for day in counted if day not in done]
    return result


def _window_start(action: Action, until: date, last: int) -> date:
    """Far enough back to hold ``last`` + 1 occurrences (or the first date)."""
    per = {"weekly": 7, "monthly": 31}.get(action.repeat, 7)
    back = timedelta(days=per * (last + 2)) if last else until - action.when_date
    return max(action.when_date, until - back)


def period_unit(action: Action) -> str:
    """What "done" marks: the week, the month, or the day of the occurrence."""
    return {"weekly": "week", "monthly": "month"}.get(action.repeat, "day")


def done_label(action: Action, occurrence: date) -> str:
    """The button: "Done this week", "Done this month", or "Done for Monday 7 December"."""
    unit = period_unit(action)
    if unit == "week":
        return _("Done this week")
    if unit == "month":
        return _("Done this month")
    return _("Done for %(day)s", day=format_date(occurrence, "EEEE d MMMM"))


def describe_repeat(action: Action) -> str:
    """ "Every week until 1 March 2027", in the reader's language ("" for a one-off)."""
    if not action.repeat:
        return ""
    if action.repeat == "days":
        names = [format_date(date(2024, 1, 1) + timedelta(days=d), "EEEE")
                 for d in sorted(weekdays_of(action))]
        text = _("Every %(days)s", days=", ".join(names))
    else:
        text = str(REPEAT_LABELS[action.repeat])
    if action.repeat_until is not None:
        return _("%(repeat)s, until %(day)s", repeat=text,
                 day=format_date(action.repeat_until, "long"))
    return text


def check_repeat(repeat: str, days, first: date | None,
                 until: date | None) -> tuple[str, str, date | None]:
    """The cleaned (repeat, repeat_days, repeat_until) of an action form."""
    repeat = (repeat or "").strip()
    days = parse_days(days) if repeat == "days" else []
    if repeat and repeat not in REPEATS:
        raise RuleError("repeat_invalid", "repeat")
    if not repeat:
        return "", "", None
    if first is None:
        raise RuleError("repeat_needs_date", "when_date")
    if repeat == "days" and not days:
        raise RuleError("repeat_days_required", "repeat_days")
    if until is not None and until < first:
        raise RuleError("repeat_until_before_start", "repeat_until")
    return repeat, ",".join(str(d) for d in days) if repeat == "days" else "", until


def mark_occurrence_done(action: Action, today: date | None = None, note: str = "", *,
                         user: User | None = None,
                         person: Person | None = None) -> ActionUpdate:
    """Mark the current occurrence of the routine ``action`` done ("done this week"), by
    ``user`` (staff) or ``person`` (through the family page). The action keeps its status:
    it stays open for the next occurrence."""
    from eigenkracht.plans.services import LIMITS, ensure_followable

    plan = action.plan
    ensure_followable(plan)
    if not is_routine(action):
        raise RuleError("not_a_routine", "occurrence")
    if action.status not in OPEN:
        raise RuleError("routine_closed", "occurrence")
    if person is not None and person.case_id != plan.case_id:
        raise RuleError("person_unknown", "person")
    today = today or clock.today()
    occurrence = current_occurrence(action, today)
    if occurrence is None:
        raise RuleError("no_occurrence_now", "occurrence")
    if occurrence in done_occurrences(action):
        raise RuleError("occurrence_already_done", "occurrence")
    note = clean_text("note", note, LIMITS["note"])
    label = user.name if user is not None else (person.name if person is not None else "")
    update = ActionUpdate(author_id=user.id if user else None,
                          author_person_id=person.id if person else None,
                          author_label=label[:200], note=note, occurrence_on=occurrence,
                          created_at=clock.now())
    action.updates.append(update)
    action.updated_at = clock.now()
    db.session.flush()
    touch(plan.case)
    record("update", update, object_type="action_update", case=plan.case,
           summary=action.what[:200],
           details={"plan": plan.version, "action": action.id,
                    "occurrence": occurrence.isoformat(), "note": bool(note),
                    "by_person": person.id if person else None})
    return update
