"""Staff pages of personal links: list, make (the URL and a QR code, shown once), revoke.

The request kernel commits. Making a link is a create form (``core.forms.OnceForm``): sent
twice, it makes one link, and the second sending lands on the list of links."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from eigenkracht.audit.services import record
from eigenkracht.cases.access import get_case_or_404
from eigenkracht.cases.services import touch
from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.extensions import db
from eigenkracht.family import services
from eigenkracht.family.forms import LinkForm
from eigenkracht.network.models import Person
from eigenkracht.pdf.qr import qr_svg

bp = Blueprint("links", __name__, url_prefix="/cases/<reference>/links")


def _people(case):
    return list(db.session.scalars(select(Person).where(
        Person.case_id == case.id, Person.deceased.is_(False)).order_by(Person.name)))


def qr_code_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (drawn here: nothing fetched). Drawn by the page,
    not the services: the PDF's QR code (``pdf.qr``) asks the services for the address."""
    return qr_svg(url, title=_("QR code of the personal link"))


def _render(case, form, new=None, status: int = 200):
    links = services.links_of(case)
    return render_template("family/links.html", case=case, form=form, links=links, new=new,
                           state_of=services.link_state,
                           plan=services.accepted_plan(case),
                           languages=current_app.config["FAMILY_LANGUAGES"]), status


@bp.route("", methods=["GET"])
@login_required
def index(reference: str):
    case = get_case_or_404(reference, current_user, for_edit=True)
    form = LinkForm()
    form.set_people(_people(case))
    record("view", case, case=case, summary=case.reference, details={"page": "links"})
    return _render(case, form)


@bp.route("", methods=["POST"])
@login_required
def create(reference: str):
    case = get_case_or_404(reference, current_user, for_edit=True)
    form = LinkForm()
    form.set_people(_people(case))
    if not form.validate():
        return _render(case, form, status=422)
    person = services.person_of_case(case, form.person_id.data)
    claim_form(form)  # sent before: the kernel sends this one to the list of links
    with refusals(form) as outcome:
        made = services.create_link(case, person, current_user, code=form.code.data or "")
        url = services.page_url(made.token)
        if form.send_email.data:
            services.email_link(made.link, url, current_user)
        touch(case)
    if not outcome.ok:
        return _render(case, form, status=outcome.status)
    remember_form(form, url_for("links.index", reference=case.reference))
    new = {"link": made.link, "url": url, "qr": qr_code_svg(url), "token": made.token,
           "language": services.person_language(person),
           "emailed": bool(form.send_email.data)}
    fresh = LinkForm(formdata=None)
    fresh.set_people(_people(case))
    return _render(case, fresh, new=new)


@bp.route("/<int:link_id>/revoke", methods=["POST"])
@login_required
def revoke(reference: str, link_id: int):
    case = get_case_or_404(reference, current_user, for_edit=True)
    link = services.link_of_case(case, link_id)
    if link is None:
        abort(404)
    if services.revoke(link):
        touch(case)
        flash(_("The link of %(name)s no longer works.", name=link.person.name), "success")
    return redirect(url_for("links.index", reference=case.reference))


@bp.route("/<int:link_id>/renew", methods=["POST"])
@login_required
def renew(reference: str, link_id: int):
    """The link works again until the plan's (next) review date."""
    case = get_case_or_404(reference, current_user, for_edit=True)
    link = services.link_of_case(case, link_id)
    if link is None:
        abort(404)
    with refusals() as outcome:
        until = services.renew(link)
        touch(case)
    if outcome.ok:
        flash(_("The link of %(name)s works until %(date)s.", name=link.person.name,
                date=format_datetime(until, "short")), "success")
    else:
        flash(" ".join(outcome.messages), "error")
    return redirect(url_for("links.index", reference=case.reference))


@bp.route("/<int:link_id>/code", methods=["POST"])
@login_required
def set_code(reference: str, link_id: int):
    """Require an access code on the link from now on, change it, or (empty) require none."""
    case = get_case_or_404(reference, current_user, for_edit=True)
    link = services.link_of_case(case, link_id)
    if link is None:
        abort(404)
    with refusals() as outcome:
        required = services.set_code(link, request.form.get("code", "")[:1000])
        touch(case)
    if not outcome.ok:
        flash(" ".join(outcome.messages), "error")
    elif required:
        flash(_("The link of %(name)s now asks for the access code. Give it to them "
                "separately.", name=link.person.name), "success")
    else:
        flash(_("The link of %(name)s no longer asks for an access code.",
                name=link.person.name), "success")
    return redirect(url_for("links.index", reference=case.reference))


@bp.route("/<int:link_id>/print", methods=["POST"])
@login_required
def print_pdf(reference: str, link_id: int):
    """The plan (or the person's tasks) as PDF with the QR code of the person's own page.

    Only possible right after the link was made, while its token is on the coordinator's
    screen: the form sends it back, and it is checked against the stored hash. The PDF is
    made afresh and never kept, because it carries the personal address."""
    from eigenkracht.pdf.render import PdfError, PdfPending
    from eigenkracht.pdf.views import failed, pdf_response
    from eigenkracht.plans.printed import render_plan, render_tasks

    case = get_case_or_404(reference, current_user, for_edit=True)
    token = request.form.get("token", "")
    link = services.link_with_token(case, link_id, token)
    if link is None:
        abort(404)
    plan = services.accepted_plan(case)
    if plan is None:
        flash(_("There is no accepted plan yet to print."), "error")
        return redirect(url_for("links.index", reference=case.reference))
    lang = request.form.get("lang", "")
    if lang not in current_app.config["FAMILY_LANGUAGES"]:
        lang = services.person_language(link.person)
    document = "tasks" if request.form.get("document") == "tasks" else "plan"
    services.remember_token(link, token)
    try:
        body = (render_tasks(case, plan, link.person, lang) if document == "tasks"
                else render_plan(case, plan, lang, link.person))
    except (PdfError, PdfPending) as error:
        return failed(error)
    record("download", plan, case=case, summary=f"{document}, plan v{plan.version} ({lang}) "
           f"PDF for {link.person.name}", details={"document": document, "lang": lang,
                                                    "version": plan.version, "link": link.id})
    return pdf_response(body, f"{document}-v{plan.version}-{lang}-{link.id}.pdf")
