"""Features that ask one another (who uses a person of the map, which reviews are due, the
parts of ``flask demo``) find each other through what ``create_app`` registers, in a fixed
order, never through which modules happen to have been imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REGISTERED = {
    "network.usage_checks": ["eigenkracht.conference.invitations.invited_to",
                             "eigenkracht.plans.actions.person_uses"],
    "conference.review_checks": ["eigenkracht.plans.followup.plan_reviews"],
    "demo.parts": ["eigenkracht.network.demo.add_network_maps",
                   "eigenkracht.jobs.demo.add_jobseeker_history",
                   "eigenkracht.jobs.demo_caseload.add_caseload",
                   "eigenkracht.plans.demo.add_demo_plan",
                   "eigenkracht.conference.demo.add_conferences",
                   "eigenkracht.figures.demo.add_figures_year",
                   "eigenkracht.audit.demo.add_access_log"],
}

# Prints the registries of an app as {key: ["module.function", …]}.
SHOW = """
def registries(app):
    return {key: [f"{f.__module__}.{f.__qualname__}" for f in app.extensions[key]]
            for key in ("network.usage_checks", "conference.review_checks", "demo.parts")}
"""


def _run(script: str, tmp_path: Path) -> str:
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, check=False,
                          env={"PATH": "/usr/bin:/bin", "FLASK_CONFIG": "testing",
                               "TEST_DATABASE_URL": f"sqlite:///{tmp_path}/links.sqlite",
                               "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def _names(functions) -> list[str]:
    return [f"{f.__module__}.{f.__qualname__}" for f in functions]


def test_the_app_registers_the_usage_checks_review_checks_and_demo_parts_in_order(app):
    assert {key: _names(app.extensions[key]) for key in REGISTERED} == REGISTERED


def test_the_registries_are_fixed_and_not_lists_other_modules_can_append_to(app):
    for key in REGISTERED:
        assert isinstance(app.extensions[key], tuple)


def test_a_person_who_owns_an_action_is_not_removed_though_the_caller_imports_no_plans(
        tmp_path):
    """A fresh interpreter that builds the app and touches the plan only as tables: the
    plan feature's check is there because ``create_app`` put it there."""
    script = """
import sys
from sqlalchemy import insert
from eigenkracht import create_app
from eigenkracht.extensions import db
from eigenkracht.auth.models import Organisation
from eigenkracht.cases.models import Case, CaseKind, CaseStatus
from eigenkracht.core.rules import RuleError
from eigenkracht.network.models import Person, Sector
from eigenkracht.network.services import remove_person

app = create_app("testing")
with app.app_context(), app.test_request_context(headers={"Accept-Language": "en"}):
    db.create_all()
    organisation = Organisation(slug="links", name="Links")
    case = Case(organisation=organisation, reference="EK-2026-0001", kind=CaseKind.YOUTH,
                status=CaseStatus.REFERRAL, client_first_name="Noëlle")
    aunt = Person(case=case, name="Tante Riëtte", relation="tante", sector=Sector.FAMILY,
                  ring=2, support=[], can_help_with=[])
    db.session.add_all([organisation, case, aunt])
    db.session.flush()
    tables = db.metadata.tables
    plan_id = db.session.execute(insert(tables["plans"]).values(
        case_id=case.id, version=1, status="draft").returning(tables["plans"].c.id)).scalar()
    action_id = db.session.execute(insert(tables["actions"]).values(
        plan_id=plan_id, what="Oma brengt Noëlle naar school", status="open")
        .returning(tables["actions"].c.id)).scalar()
    db.session.execute(insert(tables["action_people"]).values(action_id=action_id,
                                                              person_id=aunt.id))
    try:
        remove_person(case, aunt)
    except RuleError as refused:
        (_field, message), = refused.messages()
        print(refused.code, "|", message)
    else:
        print("removed")
"""
    code, message = _run(script, tmp_path).split(" | ")
    assert code == "person_in_use"
    assert "Tante Riëtte cannot be removed" in message and "plan version 1" in message


def test_importing_features_again_or_in_another_order_changes_no_registry(tmp_path):
    script = SHOW + """
import importlib, json
# The features first, the other way round, before any app exists…
from eigenkracht.plans import demo, followup, actions
from eigenkracht.jobs import demo as jobs_demo
from eigenkracht.conference import demo as conference_demo, todo, invitations
from eigenkracht.network import demo as network_demo, services
import eigenkracht.demo
from eigenkracht import create_app

first = registries(create_app("testing"))
# …then each of them imported once more.
for module in (invitations, todo, conference_demo, actions, followup, demo, jobs_demo,
               network_demo, eigenkracht.demo):
    importlib.reload(module)
second = registries(create_app("testing"))
print(json.dumps([first, second]))
"""
    first, second = json.loads(_run(script, tmp_path))
    assert first == second == REGISTERED
