"""Downloads of the printed documents: the plan, one person's tasks, the invitation letter.

``?version=N`` picks a plan version (default: the latest accepted one, else the latest);
``?lang=`` one of the family languages (default: the page's). Each download is audited as
"download". A PDF the consumer has not made yet answers "being prepared" (202), one that
cannot be made the message (503). A kept PDF (``cache``) is sent from its file, and a
browser that kept it is answered 304 (the ETag comes from the file's name).
"""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    render_template,
    request,
    send_file,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import case as when
from sqlalchemy import select

from eigenkracht.audit.services import record
from eigenkracht.cases.access import get_case_or_404, visible_cases
from eigenkracht.cases.models import Case
from eigenkracht.conference import letter as letters
from eigenkracht.conference import sending
from eigenkracht.conference.models import Conference, Invitation
from eigenkracht.core import clock
from eigenkracht.core.errors import error_response
from eigenkracht.extensions import db
from eigenkracht.network.services import get_person
from eigenkracht.pdf import bidi, cache
from eigenkracht.pdf.css import css_string
from eigenkracht.pdf.jobs import render_pdf
from eigenkracht.pdf.render import (
    PdfError,
    PdfPending,
    PdfUnavailable,
    generated_image,
    static_url,
)
from eigenkracht.plans.models import Plan, PlanStatus
from eigenkracht.plans.printed import find_plan, pick_language, render_plan, render_tasks

log = logging.getLogger(__name__)

bp = Blueprint("pdf", __name__, url_prefix="/cases")


@bp.app_template_global("pdf_static")
def pdf_static(path: str) -> str:
    """The ``static:`` URL of a file under eigenkracht/static, for PDF templates."""
    return static_url(path)


bp.add_app_template_global(generated_image, "pdf_image")
bp.add_app_template_filter(css_string, "css_string")
bp.add_app_template_filter(bidi.direction, "text_dir")
bp.add_app_template_filter(bidi.isolate, "bidi")


def version_arg() -> int | None:
    """``?version=N``: None when absent; 404 when it cannot be a version number."""
    raw = request.args.get("version", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 6 or int(raw) < 1:
        abort(404)
    return int(raw)


def lang_arg() -> str:
    """``?lang=``: one of the family languages; without it the language of the page."""
    asked = request.args.get("lang", "").strip()
    if not asked:
        current = str(get_locale() or "").split("_")[0]
        return pick_language(current) or current_app.config["BABEL_DEFAULT_LOCALE"]
    lang = pick_language(asked)
    if lang is None:
        abort(make_response(error_response(400, _(
            "There is no document in this language. Choose one of: %(languages)s.",
            languages=", ".join(current_app.config["FAMILY_LANGUAGES"])))))
    return lang


def failed(error: PdfError | PdfPending, template: str = "pdf/preparing.html", **page):
    """The answer for a PDF that is not there: the "being prepared" page (202) while the
    task consumer is still at it, else the "could not be made" message (503: nothing was
    saved or kept, and asking again later may well work)."""
    if isinstance(error, PdfPending):
        return preparing(template, **page)
    log.error("PDF %s could not be made: %s", request.path, error)
    if isinstance(error, PdfUnavailable):
        response = make_response(error_response(503, _(
            "Documents cannot be printed on this server at the moment: a part that is "
            "needed for it is not installed. Tell your administrator.")))
    else:
        response = make_response(error_response(503, _(
            "The document could not be made. Nothing has been changed. Try again in a "
            "moment; if it keeps happening, tell your administrator.")))
    response.headers["Retry-After"] = "60"
    return response


def preparing(template: str = "pdf/preparing.html", **page):
    """202 and a page that says the document is being prepared: a GET download refreshes
    itself (and links to itself), a POST download offers its form again."""
    again_in = 3
    if request.method == "GET":
        fields, again_url = (), request.full_path.rstrip("?")
    else:
        again_url = None
        fields = [(name, value) for name, value in request.form.items(multi=True)]
    response = make_response(render_template(template, again_url=again_url, again_in=again_in,
                                             fields=fields, **page), 202)
    response.headers["Retry-After"] = str(again_in)
    response.headers["Cache-Control"] = "no-store"
    return response


def pdf_response(pdf: bytes, filename: str) -> Response:
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def kept_response(plan: Plan, lang: str, filename: str, kind: str = "plan") -> Response | None:
    """The kept file of ``plan``'s document as the answer (200, or 304 when the browser's
    copy is still it), kept privately by the browser and revalidated; None when there is
    no such file (a draft, or not made yet)."""
    kept = cache.kept_file(plan, lang, kind)
    if kept is None:
        return None
    path, tag = kept
    try:
        response = send_file(path, mimetype="application/pdf", etag=tag, conditional=True)
    except FileNotFoundError:
        return None
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def case_and_plan(reference: str, version: int | None) -> tuple[Case, Plan]:
    """The case of ``reference`` that the user may see and its plan version ``version`` (or,
    without one, its latest accepted version, else its latest) in one query; 404 when there
    is no such case or no such version. The same rule as ``get_case_or_404`` with
    ``find_plan``: the access check is ``visible_cases``."""
    reference = (reference or "").strip().upper()
    if len(reference) > 20:
        abort(404)
    if version is not None:
        joined = (Plan.case_id == Case.id) & (Plan.version == version)
        order = ()
    else:
        joined = Plan.case_id == Case.id
        order = (when((Plan.status == PlanStatus.ACCEPTED, 0), else_=1), Plan.version.desc())
    row = db.session.execute(
        visible_cases(current_user).where(Case.reference == reference).add_columns(Plan)
        .join(Plan, joined).order_by(*order).limit(1)).first()
    if row is None:
        abort(404)
    return row[0], row[1]


@bp.route("/<reference>/plan.pdf")
@login_required
def plan(reference: str):
    """The whole plan as PDF: ``?version=N&lang=LL``."""
    case, found = case_and_plan(reference, version_arg())
    lang = lang_arg()
    filename = f"plan-{case.reference}-v{found.version}-{lang}.pdf"
    response = kept_response(found, lang, filename)
    if response is None:
        try:
            pdf, kept = cache.cached_pdf(found, lang, lambda: render_plan(case, found, lang))
        except (PdfError, PdfPending) as error:
            return failed(error)
        response = pdf_response(pdf, filename)
    else:
        kept = True
    record("download", found, case=case, summary=f"plan v{found.version} ({lang}) PDF",
           details={"document": "plan", "version": found.version, "lang": lang,
                    "kept": kept})
    return response


@bp.route("/<reference>/plan/tasks/<int:person_id>.pdf")
@login_required
def tasks(reference: str, person_id: int):
    """One person's tasks in a plan version, on one page: ``?version=N&lang=LL``."""
    case = get_case_or_404(reference, current_user)
    version, lang = version_arg(), lang_arg()
    person = get_person(case, person_id)
    found = find_plan(case, version)
    if person is None or found is None:
        abort(404)
    filename = f"tasks-{case.reference}-v{found.version}-{person.id}-{lang}.pdf"
    response = kept_response(found, lang, filename, kind=f"tasks{person.id}")
    if response is None:
        try:
            pdf, kept = cache.cached_pdf(found, lang,
                                         lambda: render_tasks(case, found, person, lang),
                                         kind=f"tasks{person.id}")
        except (PdfError, PdfPending) as error:
            return failed(error)
        response = pdf_response(pdf, filename)
    else:
        kept = True
    record("download", found, case=case,
           summary=f"tasks of person {person.id}, plan v{found.version} ({lang}) PDF",
           details={"document": "tasks", "person_id": person.id, "version": found.version,
                    "lang": lang, "kept": kept})
    return response


@bp.route("/<reference>/conferences/<int:conference_id>/invitations/<int:invitation_id>"
          "/letter.pdf", methods=["POST"])
@login_required
def letter(reference: str, conference_id: int, invitation_id: int):
    """The invitation letter as PDF. Like the printed letter it carries a fresh answer
    link (earlier links for this invitation stop working), so it is made by a POST."""
    case = get_case_or_404(reference, current_user, for_edit=True)
    invitation = db.session.scalar(
        select(Invitation).join(Conference, Conference.id == Invitation.conference_id)
        .where(Invitation.id == invitation_id, Conference.id == conference_id,
               Conference.case_id == case.id))
    if invitation is None:
        abort(404)
    if letters.letter_problem(invitation):
        return error_response(410, _(
            "No letter can be made for this invitation: the conference has been cancelled "
            "or is over."))
    token = letters.prepare_letter(invitation)
    language = sending.invitation_language(invitation)
    try:
        with force_locale(language):
            facts = sending.invitation_facts(invitation, link=sending.answer_url(token))
            pdf = render_pdf("pdf/letter.html", facts=facts, toolbar=None, today=clock.now())
    except (PdfError, PdfPending) as error:
        return failed(error)
    record("download", invitation, case=case, summary=f"invitation letter ({language}) PDF",
           details={"document": "letter", "invitation_id": invitation.id,
                    "lang": language})
    return pdf_response(pdf, f"letter-{case.reference}-{invitation.id}-{language}.pdf")
