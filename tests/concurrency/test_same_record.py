"""Six colleagues save one bottom line in the same instant, each from the same copy of the
form: one save wins, the five others get the stale-edit page (409) with the saved text beside
their own — nothing lost, nothing silently overwritten (issue 15)."""

from __future__ import annotations

import pytest

from eigenkracht.cases.models import BottomLine
from tests.concurrency.served import Send, at_once, database, server_errors, statuses

pytestmark = pytest.mark.concurrency

SAVES = 6
SAVED = (200, 302, 303)


def their_text(n: int) -> str:
    return f"Noëlle is elke schooldag om half negen op school (voorstel {'ABCDEF'[n]})."


def test_six_saves_of_one_bottom_line_at_once_one_wins_five_see_both_texts(served_app,
                                                                           busy_case,
                                                                           staff_visitor):
    url = f"{busy_case.url}/bottom-lines/{busy_case.bottom_line_id}"
    colleagues = [staff_visitor(n) for n in range(SAVES)]
    forms = [colleague.open_form(url) for colleague in colleagues]
    # The same copy: what the form says it was filled from (its version) is the same for all.
    began_from = [{name: value for name, value in form.items() if name != "csrf_token"}
                  for form in forms]
    assert all(copy == began_from[0] for copy in began_from), began_from
    sends = [Send(colleague, "POST", url, {**form, "text": their_text(n)},
                  label=f"save {'ABCDEF'[n]} by {colleague.name}")
             for n, (colleague, form) in enumerate(zip(colleagues, forms, strict=True))]

    answers = at_once(sends)

    assert not server_errors(served_app, sends, answers), server_errors(served_app, sends,
                                                                         answers)
    assert served_app.most_at_once > 1, "the requests did not overlap"
    winners = [n for n, answer in enumerate(answers) if answer.status in SAVED]
    assert len(winners) == 1, "Not one save won:\n" + statuses(sends, answers)
    [winner] = winners
    for n, answer in enumerate(answers):
        if n == winner:
            continue
        assert answer.status == 409, statuses(sends, answers)
        # The stale-edit page: what was saved meanwhile, and the person's own text to compare.
        assert answer.shows(their_text(winner)), (n, "the saved text is not shown",
                                                  answer.text)
        assert answer.shows(their_text(n)), (n, "their own text is not shown", answer.text)
    with database(served_app) as session:
        assert session.get(BottomLine, busy_case.bottom_line_id).text == their_text(winner)
