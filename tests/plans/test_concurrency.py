"""Two people editing the same plan: a stale save is refused with a message and the other
person's change shown, and neither change is lost."""

from __future__ import annotations

import re
from datetime import timedelta

from eigenkracht.extensions import db
from eigenkracht.plans.models import Action
from tests.plans.conftest import person_named, plan_of


def _checked(page: str, name: str) -> set[str]:
    """The values of the ticked checkboxes called ``name`` on ``page``."""
    inputs = re.findall(r"<input[^>]*>", page)
    return {re.search(r'value="([^"]*)"', tag).group(1) for tag in inputs
            if f'name="{name}"' in tag and re.search(r"\bchecked\b", tag)}


def _plan_form(plan, **changes) -> dict:
    data = {"row_version": plan.row_version, "central_question": plan.central_question,
            "going_well": plan.going_well, "concerns": plan.concerns,
            "agreements": plan.agreements, "contingency": plan.contingency,
            "childs_view": plan.childs_view, "recipients": plan.recipients,
            "monitor_id": plan.monitor_id or "", "evaluation_date": "",
            f"how_met_{plan.bottom_lines[0].id}": plan.bottom_lines[0].how_met}
    data.update(changes)
    return data


def test_a_stale_save_is_refused_and_shows_the_other_persons_change(world, login_as, plan,
                                                                    base):
    mine = _plan_form(plan, contingency="Dan belt oma de coördinator.")
    theirs = _plan_form(plan, going_well="Oma komt elke week.")
    admin, coordinator = login_as("admin"), login_as("coordinator")
    assert admin.post(f"{base}/v1/edit", data=theirs).status_code == 302

    response = coordinator.post(f"{base}/v1/edit", data=mine)
    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this plan while you were editing it." in text
    assert "Changed by someone else" in text and world.admin.email in text
    assert "Oma komt elke week." in text  # their change, shown
    assert "Dan belt oma de coördinator." in text  # my input, kept in the form
    assert plan_of(world.case).contingency != "Dan belt oma de coördinator."


def test_saving_again_after_a_stale_save_keeps_both_changes(world, login_as, plan, base):
    mine = _plan_form(plan, contingency="Dan belt oma de coördinator.")
    theirs = _plan_form(plan, going_well="Oma komt elke week.")
    login_as("admin").post(f"{base}/v1/edit", data=theirs)
    coordinator = login_as("coordinator")
    refused = coordinator.post(f"{base}/v1/edit", data=mine).get_data(as_text=True)
    assert "Their change has been put into your form" in refused

    # The form as the browser sends it again: their text was put in, mine kept.
    saved = plan_of(world.case)
    again = _plan_form(saved, contingency="Dan belt oma de coördinator.")
    assert 'Oma komt elke week.' in refused.split('name="going_well"')[1].split("</textarea>")[0]
    assert coordinator.post(f"{base}/v1/edit", data=again).status_code == 302
    plan = plan_of(world.case)
    assert plan.going_well == "Oma komt elke week."
    assert plan.contingency == "Dan belt oma de coördinator."


def test_when_both_changed_the_same_section_mine_stays_in_the_form_and_theirs_is_shown(
        world, login_as, plan, base):
    mine = _plan_form(plan, contingency="Versie van de coördinator")
    login_as("admin").post(f"{base}/v1/edit",
                           data=_plan_form(plan, contingency="Versie van de beheerder"))
    response = login_as("coordinator").post(f"{base}/v1/edit", data=mine)
    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "You both changed this" in text
    form_value = text.split('name="contingency"')[1].split("</textarea>")[0]
    assert "Versie van de coördinator" in form_value
    assert "Versie van de beheerder" in text.split('id="stale-report"')[1]
    assert plan_of(world.case).contingency == "Versie van de beheerder"


def test_the_form_carries_the_current_row_version_after_a_stale_save(world, login_as, plan,
                                                                     base):
    mine = _plan_form(plan, contingency="B")
    login_as("admin").post(f"{base}/v1/edit", data=_plan_form(plan, going_well="A"))
    response = login_as("coordinator").post(f"{base}/v1/edit", data=mine)
    current = plan_of(world.case).row_version
    assert f'name="row_version" type="hidden" value="{current}"' in response.get_data(
        as_text=True)


def test_a_stale_action_edit_is_refused_and_both_changes_survive(world, login_as, plan, base,
                                                                 conference):
    action = plan.actions[0]
    uncle = action.people[0]
    day = conference.starts_at.date() + timedelta(days=7)
    form = {"row_version": action.row_version, "what": action.what,
            "person_ids": [uncle.id], "when_date": day.isoformat(),
            "when_text": action.when_text, "support_needed": "", "serves_id": "",
            "serves_concern": ""}
    aunt = person_named(world.case, "Tante Riëtte")
    login_as("admin").post(f"{base}/v1/actions/{action.id}/edit",
                           data={**form, "person_ids": [uncle.id, aunt.id]})
    coordinator = login_as("coordinator")
    response = coordinator.post(f"{base}/v1/actions/{action.id}/edit",
                                data={**form, "support_needed": "Een fietsstoeltje"})
    text = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this action" in text
    assert "Oom Kees, Tante Riëtte" in text  # their change
    assert "Een fietsstoeltje" in text  # mine, kept
    db.session.expire_all()
    saved = db.session.get(Action, action.id)
    assert {p.name for p in saved.people} == {"Oom Kees", "Tante Riëtte"}
    assert saved.support_needed == ""

    again = {**form, "row_version": saved.row_version, "person_ids": [uncle.id, aunt.id],
             "support_needed": "Een fietsstoeltje"}
    assert _checked(text, "person_ids") == {str(uncle.id), str(aunt.id)}  # theirs taken over
    assert coordinator.post(f"{base}/v1/actions/{action.id}/edit",
                            data=again).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Action, action.id)
    assert {p.name for p in saved.people} == {"Oom Kees", "Tante Riëtte"}
    assert saved.support_needed == "Een fietsstoeltje"
