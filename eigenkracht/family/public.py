"""The family's own page behind a personal link: ``/p/<token>``, no account.

The accepted plan on a phone, in the person's language (``?lang=`` switches): my tasks
first, then everyone's actions, and a form per own action to say it is in progress or done.
Unknown tokens get 404 and are counted: twenty in a minute from one address give 429.
Revoked or expired links get a kind 410 page. An optional access code is asked first.

The request kernel commits. An update is a create form (``core.forms.OnceForm``) whose
sender is the personal link (``g.access_link_id``): sent twice, it saves one update. A
refused update shows the page again with what the person chose and wrote still in the form.
Times are shown on the organisation's clock (``core.clock``).

A family has no account: these pages never load a staff user (``_without_staff_login``).
Flask-Login's strong session protection would otherwise find the family's session (its
CSRF token, its access codes) without a staff identity on every request, mark it changed
and have the cookie signed and sent again each time.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError

from eigenkracht.audit.services import Actor, record, set_actor
from eigenkracht.core import clock
from eigenkracht.core.i18n import text_direction, use_family_language
from eigenkracht.core.rules import Outcome, message_for, refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.core.traces import keep_trace
from eigenkracht.extensions import csrf, limiter
from eigenkracht.family import aftercare, services
from eigenkracht.family.forms import UpdateForm
from eigenkracht.family.messages import PLAN_CODES
from eigenkracht.family.models import AccessLink
from eigenkracht.plans.actions import add_update
from eigenkracht.plans.messages import ACTION_STATUS_LABELS

WRONG_TOKENS_LIMIT = "20 per minute"  # failed lookups per address
UPDATES_LIMIT = "20 per hour"  # updates per link
CODE_LIMIT = "5 per 15 minutes"  # wrong access codes per link
PDF_LIMIT = "30 per hour"  # PDFs per link: each is rendered afresh (it carries the link)
SESSION_KEY = "family_links"
STATIC = Path(__file__).resolve().parent.parent / "static"

bp = Blueprint("family", __name__, url_prefix="/p")


@bp.url_value_preprocessor
def _without_staff_login(endpoint, values) -> None:
    """Before any hook asks for ``current_user`` (the audit actor does, for every request):
    on a family page it is anonymous, without reading the session for a staff login. CSRF
    protection (Flask-WTF, its own token in the session) is untouched."""
    g._login_user = current_app.login_manager.anonymous_user()  # Flask-Login's request user


def _token_key() -> str:
    token = (request.view_args or {}).get("token", "")
    return "link:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


def _failed_lookup(response: Response) -> bool:
    return response.status_code == 404


guessing = limiter.shared_limit(WRONG_TOKENS_LIMIT, scope="family-token",
                                key_func=get_remote_address, deduct_when=_failed_lookup)
printing = limiter.shared_limit(PDF_LIMIT, scope="family-pdf", key_func=_token_key)


# --- lookups --------------------------------------------------------------------------------

def _public(body: str, status: int = 200):
    return body, status, {"X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer"}


def _asked_language() -> str | None:
    asked = request.args.get("lang", "")
    return asked if asked in current_app.config["FAMILY_LANGUAGES"] else None


def _open_link(token: str):
    """(link, None) for a working link, else (None, the kind page to answer with)."""
    link = services.link_for_token(token)
    asked = _asked_language()
    if link is None:
        use_family_language(asked or request.accept_languages.best_match(
            current_app.config["FAMILY_LANGUAGES"]))
        return None, _public(render_template("family/unknown.html"), 404)
    use_family_language(asked or link.person.language)
    state = services.link_state(link)
    if state != "open":
        return None, _public(render_template("family/closed.html", link=link, reason=state,
                                             contact=services.contact(link.case)), 410)
    set_actor(Actor(label=f"personal link: {services.first_name(link.person)}",
                    ip_address=request.remote_addr,
                    organisation_id=link.case.organisation_id))
    g.access_link_id = link.id  # who sends this page's forms (core.submissions.owner)
    services.remember_token(link, token)
    return link, None


def _code_ok(link: AccessLink) -> bool:
    """No code required, or this browser gave the link's current code (a code changed since
    is asked again)."""
    return not link.has_code or services.code_fingerprint(link) in session.get(SESSION_KEY, [])


# --- the page -------------------------------------------------------------------------------

def _sent_from_this_page() -> bool:
    """The CSRF token of a family form, checked here rather than by CSRFProtect (the views
    are exempt): a page left open for hours then gets the family's own page back, in their
    language, with what they chose and wrote, instead of the staff's "400" (WCAG 2.2.1)."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return False
    return True


EXPIRED_PAGE = _l("This page was open for a long time, so this could not be saved yet. "
                  "Check it and send it again.")


@bp.route("/<token>", methods=["GET", "POST"])
@csrf.exempt  # checked by _sent_from_this_page
@guessing
@limiter.limit(CODE_LIMIT, key_func=_token_key, methods=["POST"],
               deduct_when=lambda response: response.status_code == 422)
def page(token: str):
    link, closed = _open_link(token)
    if closed:
        return closed
    if request.method == "POST" and not _sent_from_this_page():  # not a wrong code: 400
        return _public(render_template("family/code.html", token=token, link=link,
                                       error=str(EXPIRED_PAGE)), 400)
    if request.method == "POST":  # the access code
        if services.check_code(link, request.form.get("code", "")):
            session[SESSION_KEY] = [*session.get(SESSION_KEY, [])[-19:],
                                    services.code_fingerprint(link)]
            record("unlock", link, case=link.case, summary=link.person.name)
            return redirect(url_for("family.page", token=token, lang=_asked_language()))
        # Refused (422, counted by the limit), but a wrong code stays in the audit log.
        keep_trace(lambda: record("unlock_failed", link, case=link.case,
                                  summary=link.person.name))
        return _public(render_template("family/code.html", token=token, link=link,
                                       error=_("This code is not right. Check it and try "
                                               "again.")), 422)
    if not _code_ok(link):
        return _public(render_template("family/code.html", token=token, link=link))
    return _render_page(link, token)


def _render_page(link: AccessLink, token: str, errors: dict | None = None, status: int = 200,
                 posted: dict[int, UpdateForm] | None = None):
    # The plan with its monitor, actions, their people and its bottom lines in three queries.
    plan = services.accepted_plan(link.case, with_actions=True)
    contact = services.contact(link.case)
    if plan is None:
        body = render_template("family/no_plan.html", link=link, token=token, contact=contact)
    else:
        mine, others = services.my_actions(plan, link.person)
        is_monitor = plan.monitor_id == link.person_id  # only the monitor sees all updates
        # A form per own task, each with its own one-time key; a refused one as it was sent.
        forms = {action.id: (posted or {}).get(action.id) or UpdateForm(formdata=None)
                 for action in mine}
        body = render_template(
            "family/page.html", link=link, token=token, plan=plan, person=link.person,
            mine=mine, others=others, contact=contact,
            is_monitor=is_monitor, updates=services.plan_updates(plan) if is_monitor else [],
            labels={status: str(label) for status, label in ACTION_STATUS_LABELS.items()},
            statuses=services.FAMILY_STATUSES,
            errors=errors or {}, forms=forms, fetched_at=clock.local_now(),
            to_local=clock.to_local, note_max=services.NOTE_MAX, asked=_asked_language(),
            aftercare=aftercare.page_parts(link, plan, mine))
    services.mark_used(link)
    record("view", link, case=link.case, summary=link.person.name,
           details={"page": "family", "plan": plan.version if plan else None})
    return _public(body, status)


def _in_family_words(outcome: Outcome) -> str:
    """Why an update was refused, in the words of the family page."""
    if outcome.error is not None:
        error = outcome.error
        return message_for(PLAN_CODES.get(error.code, error.code), error.params)
    if outcome.locked is not None and outcome.locked.code in PLAN_CODES:
        return message_for(PLAN_CODES[outcome.locked.code])
    return outcome.messages[0]


@bp.route("/<token>/actions/<int:action_id>", methods=["POST"])
@csrf.exempt  # checked by _sent_from_this_page
@guessing
@limiter.limit(UPDATES_LIMIT, key_func=_token_key)
def update(token: str, action_id: int):
    link, closed = _open_link(token)
    if closed:
        return closed
    if not _code_ok(link):
        return redirect(url_for("family.page", token=token))
    plan = services.accepted_plan(link.case)
    if plan is None:  # no accepted plan (any more): the page says so
        return redirect(url_for("family.page", token=token, lang=_asked_language()))
    action = services.own_action(plan, link.person, action_id)  # locked until the commit
    if action is None:
        abort(404)
    form = UpdateForm()
    if not _sent_from_this_page():
        return _render_page(link, token, errors={action_id: str(EXPIRED_PAGE)}, status=422,
                            posted={action_id: form})
    claim_form(form)  # sent before: the kernel shows where the first sending led
    with refusals(form) as outcome:
        status, note = services.check_family_update(form.status.data, form.note.data)
        add_update(action, status, note, person=link.person)
    if not outcome.ok:
        # Shown again with the person's choice and note (nothing of it saved: 422/409).
        return _render_page(link, token, errors={action_id: _in_family_words(outcome)},
                            status=outcome.status, posted={action_id: form})
    target = url_for("family.page", token=token, lang=_asked_language()) + \
        f"#action-{action_id}"
    remember_form(form, target)
    # Shown in the task the page lands on, not above the screen (WCAG: messages in sight).
    flash(_("Thank you. Saved: the others can see it now."), f"success at:action-{action_id}")
    return redirect(target)


@bp.route("/<token>/plan.pdf")
@guessing
@printing
def pdf(token: str):
    """The accepted plan, with a QR code that opens this person's page again."""
    return _download(token, "plan")


@bp.route("/<token>/tasks.pdf")
@guessing
@printing
def tasks_pdf(token: str):
    """My tasks on one page, with a QR code that opens this page again."""
    return _download(token, "tasks")


def _download(token: str, document: str):
    """The ``plan`` or ``tasks`` PDF of the person behind ``token``, in their language.
    Made afresh every time, never kept: the QR code carries the personal address, and only
    a hash of the token may be stored anywhere."""
    from eigenkracht.pdf.render import PdfError, PdfPending
    from eigenkracht.pdf.views import pdf_response, preparing
    from eigenkracht.plans.printed import render_plan, render_tasks

    link, closed = _open_link(token)
    if closed:
        return closed
    plan = services.accepted_plan(link.case) if _code_ok(link) else None
    if plan is None:
        return redirect(url_for("family.page", token=token, lang=_asked_language()))
    lang = _asked_language() or services.person_language(link.person)
    try:
        body = (render_plan(link.case, plan, lang, link.person) if document == "plan"
                else render_tasks(link.case, plan, link.person, lang))
    except PdfPending:
        response = preparing("family/pdf_preparing.html", link=link,
                             contact=services.contact(link.case))
        response.headers.update({"X-Robots-Tag": "noindex, nofollow",
                                 "Referrer-Policy": "no-referrer"})
        return response
    except PdfError:
        return _public(render_template("family/pdf_failed.html", link=link,
                                       contact=services.contact(link.case)), 503)
    label = "plan" if document == "plan" else "tasks, plan"
    record("download", plan, case=link.case, summary=f"{label} v{plan.version} ({lang}) PDF",
           details={"document": document, "version": plan.version, "lang": lang,
                    "link": link.id})
    name = "plan" if document == "plan" else "my-tasks"
    response = pdf_response(body, f"{name}-v{plan.version}-{lang}.pdf")
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.route("/<token>/manifest.webmanifest")
@guessing
def manifest(token: str):
    """What a phone needs to put this person's page on its home screen, in the page's
    language: the name, the start URL (this very page: within the scope ``/p/``) and PNG
    icons made from ``family-icon.svg`` (180 px for iPhones). Nothing of the plan is in it,
    and only a working link gets one."""
    link = services.link_for_token(token)
    if link is None or services.link_state(link) != "open":
        abort(404)
    language = use_family_language(_asked_language() or link.person.language)
    start = url_for("family.page", token=token, lang=language)

    def icon(name: str, size: int, purpose: str = "any") -> dict:
        return {"src": url_for("static", filename=name), "sizes": f"{size}x{size}",
                "type": "image/png", "purpose": purpose}

    body = {
        "id": url_for("family.page", token=token),
        "name": _("Eigen Kracht – our plan"),
        "short_name": _("Our plan"),
        "description": _("The plan the family made together, on your own phone."),
        "lang": language,
        "dir": text_direction(),
        "start_url": start,
        "scope": f"{request.script_root}{bp.url_prefix}/",  # /p/: every personal page
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f4e79",
        "icons": [icon("family-icon-192.png", 192), icon("family-icon-512.png", 512),
                  icon("family-icon-maskable-512.png", 512, "maskable"),
                  icon("family-icon-180.png", 180)],
    }
    response = current_app.response_class(json.dumps(body, ensure_ascii=False),
                                          mimetype="application/manifest+json")
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/sw.js")
def service_worker():
    """The service worker, served from /p/ so that its scope covers every personal page."""
    response = Response((STATIC / "family-sw.js").read_bytes(), mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/p/"
    response.headers["Cache-Control"] = "no-cache"
    return response
