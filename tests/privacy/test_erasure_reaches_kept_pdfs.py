"""Erasure and purge reach the kept PDFs, and a kept PDF follows its rows (issue 16, finding 2).

Before: erasing a person changed the plan's texts with a plain UPDATE, so the kept PDF's name
did not change and the next download served the old file with the full name; purge left
the kept PDFs on disk; and only the full name was replaced, so "Fatma" on her own stayed.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.pdf import cache
from eigenkracht.plans.models import Plan
from tests.pdf.conftest import accepted_plan, person_named, plan_url
from tests.privacy.conftest import files_under, folded, kept_pdf_texts, pdf_text


@pytest.fixture
def plan(world, instance) -> Plan:
    """The world's accepted plan, whose texts speak of the neighbour "Buurvrouw Fatma" by her
    whole name and by her first name, and in which she has an action of her own."""
    from tests.factories import ActionFactory

    plan = accepted_plan(world)
    fatma = person_named(world.case, "Buurvrouw Fatma")
    plan.agreements = "Buurvrouw Fatma haalt Noëlle op vrijdag op. Fatma belt dan oma."
    plan.contingency = "Als FATMA ziek is, springt tante Riëtte in."
    ActionFactory(plan=plan, people=[fatma], what="Fatma leest voor op dinsdag", position=4)
    db.session.flush()
    return plan


def _erase(login_as, world, name: str) -> None:
    person = person_named(world.case, name)
    response = login_as("admin").post(
        f"/cases/{world.case.reference}/people/{person.id}/erase", data={"confirm": "yes"})
    assert response.status_code == 302


def _mentions(instance, name: str) -> dict[str, str]:
    """The PDFs under the instance folder whose text mentions ``name``."""
    return {file: text for file, text in kept_pdf_texts(instance).items()
            if folded(name) in folded(text)}


def test_after_erasure_the_next_download_is_made_afresh_without_her(login_as, world, plan,
                                                                    instance):
    coordinator = login_as("coordinator")
    before = pdf_text(coordinator.get(plan_url(world, lang="en")).data)
    assert folded(before).count("fatma") >= 3 and _mentions(instance, "Fatma")

    _erase(login_as, world, "Buurvrouw Fatma")
    after = coordinator.get(plan_url(world, lang="en"))
    assert after.status_code == 200
    assert "fatma" not in folded(pdf_text(after.data))
    assert "[erased] belt dan oma" in pdf_text(after.data)
    assert _mentions(instance, "Fatma") == {}


def test_erasure_deletes_the_kept_pdfs_of_the_case_at_once(login_as, world, plan, instance):
    coordinator = login_as("coordinator")
    fatma = person_named(world.case, "Buurvrouw Fatma")
    coordinator.get(plan_url(world, lang="en"))
    coordinator.get(plan_url(world, lang="tr"))
    coordinator.get(f"/cases/{world.case.reference}/plan/tasks/{fatma.id}.pdf?lang=nl")
    assert len(files_under(instance)) == 3

    _erase(login_as, world, "Buurvrouw Fatma")
    assert files_under(instance) == []


def test_purge_leaves_no_kept_pdf_of_the_case(app, login_as, world, plan, instance):
    coordinator = login_as("coordinator")
    coordinator.get(plan_url(world, lang="en"))
    coordinator.get(f"/cases/{world.case.reference}/plan/tasks/"
                    f"{person_named(world.case, 'Oma Truus').id}.pdf?lang=en")
    assert len(files_under(instance)) == 2
    world.case.retention_until = date.today() - timedelta(days=1)
    db.session.flush()

    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert files_under(instance) == []
    assert "2 kept PDF(s)" in result.output


def test_a_form_opened_before_the_erasure_cannot_save_her_name_back(login_as, world):
    """The erasure moves the row_version of every row it changes: the coordinator's plan
    form, opened before it, is refused as stale (409) instead of writing her name back."""
    draft = db.session.scalar(select(Plan).where(Plan.case_id == world.case.id))
    draft.agreements = "Fatma belt elke maandag."
    db.session.flush()
    opened = {"row_version": draft.row_version, "central_question": draft.central_question,
              "going_well": draft.going_well, "concerns": draft.concerns,
              "agreements": "Fatma belt elke maandag. Oma ook.",
              "contingency": draft.contingency, "childs_view": draft.childs_view,
              "recipients": draft.recipients, "monitor_id": "", "evaluation_date": "",
              f"how_met_{draft.bottom_lines[0].id}": draft.bottom_lines[0].how_met}

    _erase(login_as, world, "Buurvrouw Fatma")
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/plan/v{draft.version}/edit", data=opened)
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Plan, draft.id).agreements == "[erased] belt elke maandag."


# --- the key follows the rows, whatever path changed them ------------------------------------

def _plain_update(table: str, where: dict, **values) -> None:
    target = db.metadata.tables[table]
    db.session.execute(update(target).where(*[target.c[k] == v for k, v in where.items()])
                       .values(**values))


CHANGES = {
    "a person's name": (lambda w, p: _plain_update(
        "people", {"id": person_named(w.case, "Oma Truus").id}, name="Oma Gerda"), "Gerda"),
    "an action's text": (lambda w, p: _plain_update(
        "actions", {"plan_id": p.id, "position": 1}, what="Oma Gerda fietst"), "fietst"),
    "a bottom line of the plan": (lambda w, p: _plain_update(
        "plan_bottom_lines", {"plan_id": p.id}, text="Noëlle zwemt elke week."), "zwemt"),
    "the plan's own text (no row_version)": (lambda w, p: _plain_update(
        "plans", {"id": p.id}, agreements="Afspraak over de hamster."), "hamster"),
    "the client's first name": (lambda w, p: _plain_update(
        "cases", {"id": w.case.id}, client_first_name="Noor"), "Noor"),
    "the coordinator's name": (lambda w, p: _plain_update(
        "users", {"id": w.coordinator.id}, name="Sjoerd Zandvoort"), "Zandvoort"),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_kept_pdf_is_made_again_when_a_row_it_shows_changes_by_a_plain_update(
        login_as, world, plan, instance, change):
    coordinator = login_as("coordinator")
    first = coordinator.get(plan_url(world, lang="en")).data
    assert coordinator.get(plan_url(world, lang="en")).data == first  # kept
    alter, shown = CHANGES[change]
    alter(world, plan)
    db.session.commit()  # the test's savepoint: what another process would have written

    again = coordinator.get(plan_url(world, lang="en"))
    assert shown in pdf_text(again.data)
    assert len(files_under(instance)) == 1  # the old file went when the new one was kept


def test_a_pdf_made_from_rows_that_changed_meanwhile_is_not_kept(world, plan, instance):
    """A download that read the rows before an erasure committed, and writes its file after
    the erasure deleted the kept ones, does not leave that file behind."""
    def render_while_someone_renames_oma() -> bytes:
        _plain_update("people", {"id": person_named(world.case, "Oma Truus").id},
                      name="[erased]")
        return b"%PDF-1.7 made from the old rows"

    pdf, kept = cache.cached_pdf(plan, "en", render_while_someone_renames_oma)
    assert (pdf, kept) == (b"%PDF-1.7 made from the old rows", False)
    assert files_under(instance) == []


def test_the_sweep_keeps_current_files_and_removes_the_rest(world, plan, instance):
    cache.cached_pdf(plan, "en", lambda: b"%PDF current")
    [current] = files_under(instance)
    folder = instance / "pdf-cache"
    (folder / "plan-999999-r1-plan-en-0123456789abcdef.pdf").write_bytes(b"%PDF gone")
    (folder / f"plan-{plan.id}-r1-plan-nl-0123456789abcdef.pdf").write_bytes(b"%PDF stale")
    (folder / f"plan-{plan.id}-weird.pdf").write_bytes(b"%PDF unreadable name")
    (folder / ".tmp-abandoned.pdf").write_bytes(b"%PDF half")
    (folder / "README.txt").write_text("not ours")

    assert cache.sweep() == 4
    assert files_under(instance) == sorted([current, "pdf-cache/README.txt"])
    _plain_update("people", {"id": person_named(world.case, "Oom Kees").id}, name="Oom Piet")
    assert cache.sweep() == 1 and files_under(instance) == ["pdf-cache/README.txt"]


def test_every_table_a_plan_document_reads_is_part_of_its_key(world, plan, english,
                                                               count_queries):
    """The documents are built (without printing) while every statement is watched: each
    table they read is one whose rows make the kept file's name."""
    from eigenkracht.plans.printed import plan_document, tasks_document

    keyed = {table.name for table, _columns, _where in cache.document_rows()}
    fatma = person_named(world.case, "Buurvrouw Fatma")
    db.session.expire_all()
    plan = db.session.get(Plan, plan.id)
    with count_queries() as statements:
        plan_document(world.case, plan, "en")
        tasks_document(world.case, plan, db.session.get(Person, fatma.id), "en")
    read = {table.name for table in db.metadata.sorted_tables
            for statement in statements
            if f" {table.name}" in statement or f'"{table.name}"' in statement}
    assert read and read <= keyed, read - keyed


def test_a_draft_is_never_kept_and_its_name_is_none(world, instance):
    draft = db.session.scalar(select(Plan).where(Plan.case_id == world.case.id))
    assert not draft.frozen
    assert cache.kept_file(draft, "en") is None
    assert cache.cached_pdf(draft, "en", lambda: b"%PDF draft") == (b"%PDF draft", False)
    assert files_under(instance) == []


def test_a_kept_pdf_is_made_again_when_someone_signs_the_plan(login_as, world, plan, instance):
    # The PDF prints who signed; a signature added after the file was kept must show.
    from eigenkracht.plans.signatures import sign, signers

    coordinator = login_as("coordinator")
    first = coordinator.get(plan_url(world, lang="en")).data
    assert "Signed by Mira Tekenaar" not in pdf_text(first)
    sign(plan, signers(plan)[0], "Mira Tekenaar", via="link")
    db.session.commit()
    assert "Mira Tekenaar" in pdf_text(coordinator.get(plan_url(world, lang="en")).data)
