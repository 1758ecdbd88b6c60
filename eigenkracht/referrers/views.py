"""The referrer's personal link: staff make and revoke it; the referrer opens ``/r/<token>``.

Staff (who may edit the case) make the link on the case page: it is e-mailed to the referrer
contact and shown once. Behind the link, without an account: ask for a one-time code (sent
by e-mail), enter it, then write and change the bottom lines before the conference, read
the presented plan and record the decision per bottom line. Unknown tokens are 404 and
counted per address (twenty a minute give 429); revoked or expired links get a 410 page;
codes are throttled per link. The request kernel commits; refusals roll back (a wrong code
is still counted and audited: ``services.unlock``).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import (
    Blueprint,
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
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from eigenkracht.audit.services import record, set_actor
from eigenkracht.cases import services as cases
from eigenkracht.cases.access import get_case_or_404
from eigenkracht.cases.forms import BottomLineForm, NewBottomLineForm
from eigenkracht.core import clock
from eigenkracht.core.ids import parse_id
from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.core.token_pages import public_page
from eigenkracht.extensions import limiter
from eigenkracht.referrers import mail, services
from eigenkracht.referrers.decision import decision_page
from eigenkracht.referrers.forms import ButtonForm, CodeForm, NewLinkForm
from eigenkracht.referrers.models import ReferrerLink

WRONG_TOKENS_LIMIT = "20 per minute"  # failed lookups per address
CODES_LIMIT = "5 per hour"  # codes sent per link
TRIES_LIMIT = "10 per 15 minutes"  # codes tried per link
SESSION_KEY = "referrer_links"

bp = Blueprint("referrers", __name__, url_prefix="/r")
staff_bp = Blueprint("referrer_links", __name__, url_prefix="/cases/<reference>/referrer-link")


# --- staff: make, send and revoke the link ------------------------------------------------------

@staff_bp.route("", methods=["POST"])
@login_required
def create(reference: str):
    case = get_case_or_404(reference, current_user, for_edit=True)
    form = NewLinkForm()
    if not form.validate_on_submit():
        abort(400)
    claim_form(form)  # sent twice: one link, the second sending lands on the case page
    with refusals() as outcome:
        new = services.create_link(case, current_user)
        url = services.page_url(new.token)
        message = mail.email_link(new.link, url)
    back = url_for("cases.show", reference=case.reference, _anchor="referrer-link")
    if not outcome.ok:
        flash(outcome.messages[0], "error")
        return redirect(back)
    remember_form(form, back)
    return render_template("referrers/created.html", case=case, link=new.link, url=url,
                           message=message)


@staff_bp.route("/<int:link_id>/revoke", methods=["POST"])
@login_required
def revoke(reference: str, link_id: int):
    case = get_case_or_404(reference, current_user, for_edit=True)
    link = services.link_of_case(case, link_id) or abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if services.revoke(link):
        flash(_("The referrer's link no longer works."), "success")
    return redirect(url_for("cases.show", reference=case.reference, _anchor="referrer-link"))


# --- the referrer's pages -----------------------------------------------------------------------

@bp.url_value_preprocessor
def _without_staff_login(endpoint, values) -> None:
    """The referrer has no account here: these pages never load a staff login (as the
    family's pages, ``family.public``)."""
    g._login_user = current_app.login_manager.anonymous_user()


def _token_key() -> str:
    token = (request.view_args or {}).get("token", "")
    return "referrer:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


guessing = limiter.shared_limit(WRONG_TOKENS_LIMIT, scope="referrer-token",
                                key_func=get_remote_address,
                                deduct_when=lambda response: response.status_code == 404)


def _open_link(token: str) -> tuple[ReferrerLink | None, tuple | None]:
    """(link, None) for a working link, else (None, the page to answer with)."""
    link = services.link_for_token(token)
    if link is None:
        return None, public_page(render_template("referrers/unknown.html"), 404)
    state = services.link_state(link)
    if state != "open":
        return None, public_page(render_template("referrers/closed.html", link=link,
                                                 reason=state), 410)
    set_actor(services.actor_for(link, request.remote_addr))
    g.access_link_id = f"referrer-{link.id}"  # who sends this page's forms (submissions)
    return link, None


def _unlocked(link: ReferrerLink) -> bool:
    """This browser entered a right code for ``link`` within ``UNLOCKED_FOR``."""
    stamp = session.get(SESSION_KEY, {}).get(str(link.id))
    try:
        since = datetime.fromisoformat(stamp) if stamp else None
    except (TypeError, ValueError):
        return False
    return since is not None and clock.now() - since < services.UNLOCKED_FOR


def _remember_unlocked(link: ReferrerLink) -> None:
    kept = dict(list(session.get(SESSION_KEY, {}).items())[-9:])
    kept[str(link.id)] = clock.now().isoformat()
    session[SESSION_KEY] = kept


def _behind_code(token: str):
    """(link, None) when the link works and this browser unlocked it, else (None, answer)."""
    link, closed = _open_link(token)
    if closed:
        return None, closed
    if not _unlocked(link):
        return None, redirect(url_for("referrers.page", token=token))
    services.mark_used(link)
    return link, None


def _code_page(link: ReferrerLink, token: str, form: CodeForm | None = None,
               error: str = "", status: int = 200):
    return public_page(render_template(
        "referrers/code.html", link=link, token=token, form=form or CodeForm(formdata=None),
        error=error, state=services.code_state(link),
        address=services.masked_address(link.referrer.email),
        send_form=ButtonForm(formdata=None)), status)


@bp.route("/<token>")
@guessing
def page(token: str):
    link, closed = _open_link(token)
    if closed:
        return closed
    if not _unlocked(link):
        return _code_page(link, token)
    services.mark_used(link)
    return _home(link, token)


def _home(link: ReferrerLink, token: str, form: NewBottomLineForm | None = None,
          status: int = 200):
    case = link.case
    plan = services.presented_plan(case)
    record("view", case, case=case, summary=case.reference,
           details={"page": "referrer", "link": link.id})
    return public_page(render_template(
        "referrers/home.html", link=link, token=token, case=case, plan=plan,
        open=services.bottom_lines_open(case), form=form or NewBottomLineForm(formdata=None),
        button=ButtonForm(formdata=None)), status)


@bp.route("/<token>/code", methods=["POST"])
@guessing
@limiter.limit(CODES_LIMIT, key_func=_token_key)
def send_code(token: str):
    """A new one-time code, by e-mail to the referrer's address."""
    link, closed = _open_link(token)
    if closed:
        return closed
    if not ButtonForm().validate_on_submit():
        abort(400)
    code = services.new_code(link)
    mail.email_code(link, code)
    flash(_("A code is on its way to %(address)s. It works for %(minutes)s minutes.",
            address=services.masked_address(link.referrer.email),
            minutes=int(services.CODE_LIFETIME.total_seconds() // 60)), "success")
    return redirect(url_for("referrers.page", token=token))


@bp.route("/<token>/unlock", methods=["POST"])
@guessing
@limiter.limit(TRIES_LIMIT, key_func=_token_key,
               deduct_when=lambda response: response.status_code == 422)
def unlock(token: str):
    link, closed = _open_link(token)
    if closed:
        return closed
    form = CodeForm()
    if not form.validate_on_submit():
        return _code_page(link, token, form, _("Enter the code from the e-mail."), 422)
    with refusals() as outcome:
        services.unlock(link, form.code.data or "")
    if not outcome.ok:
        return _code_page(link, token, form, outcome.messages[0], 422)
    _remember_unlocked(link)
    services.mark_used(link)
    return redirect(url_for("referrers.page", token=token))


@bp.route("/<token>/bottom-lines", methods=["POST"])
@guessing
def add_bottom_line(token: str):
    link, answer = _behind_code(token)
    if answer:
        return answer
    form = NewBottomLineForm()
    if not form.validate_on_submit():
        return _home(link, token, form, 422)
    claim_form(form)
    with refusals(form) as outcome:
        services.check_bottom_lines_open(link.case)
        cases.add_bottom_line(link.case, form.text.data)
    if not outcome.ok:
        return _home(link, token, form, outcome.status)
    target = url_for("referrers.page", token=token, _anchor="bottom-lines")
    remember_form(form, target)
    flash(_("The bottom line has been added."), "success")
    return redirect(target)


def _line(link: ReferrerLink, line_id: int):
    return cases.get_bottom_line(link.case, parse_id(line_id)) or abort(404)


@bp.route("/<token>/bottom-lines/<int:line_id>", methods=["GET", "POST"])
@guessing
def edit_bottom_line(token: str, line_id: int):
    link, answer = _behind_code(token)
    if answer:
        return answer
    line = _line(link, line_id)
    form = BottomLineForm(obj=line)
    form.fill_version(line)
    stale = None
    status = 200
    if form.validate_on_submit():
        with refusals(form) as outcome:
            services.check_bottom_lines_open(link.case)
            cases.edit_bottom_line(link.case, line, form.text.data, form.row_version.data or None)
        if outcome.ok:
            flash(_("The bottom line has been saved."), "success")
            return redirect(url_for("referrers.page", token=token, _anchor="bottom-lines"))
        status = outcome.status
        if outcome.stale is not None:
            link, _answer = _behind_code(token)
            line = _line(link, line_id)
            form.row_version.data = str(line.row_version)
            stale = line.text
    elif request.method == "POST":
        status = 422
    return public_page(render_template("referrers/bottom_line.html", link=link, token=token,
                                       case=link.case, line=line, form=form, stale=stale,
                                       open=services.bottom_lines_open(link.case)), status)


@bp.route("/<token>/bottom-lines/<int:line_id>/delete", methods=["POST"])
@guessing
def remove_bottom_line(token: str, line_id: int):
    link, answer = _behind_code(token)
    if answer:
        return answer
    line = _line(link, line_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    with refusals() as outcome:
        services.check_bottom_lines_open(link.case)
        cases.remove_bottom_line(link.case, line)
    flash(_("The bottom line has been removed.") if outcome.ok else outcome.messages[0],
          "success" if outcome.ok else "error")
    return redirect(url_for("referrers.page", token=token, _anchor="bottom-lines"))


@bp.route("/<token>/plan")
@guessing
def plan(token: str):
    link, answer = _behind_code(token)
    if answer:
        return answer
    presented = services.presented_plan(link.case)
    if presented is None:
        flash(_("The family has not presented a plan yet."), "info")
        return redirect(url_for("referrers.page", token=token))
    record("view", presented, case=link.case, summary=f"v{presented.version}",
           details={"page": "referrer", "link": link.id})
    return public_page(render_template("referrers/plan.html", link=link, token=token,
                                       case=link.case, plan=presented))


@bp.route("/<token>/decision", methods=["GET", "POST"])
@guessing
def decide(token: str):
    link, answer = _behind_code(token)
    if answer:
        return answer
    return decision_page(link, token)
