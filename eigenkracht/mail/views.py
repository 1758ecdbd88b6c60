"""The outbox for admins: every e-mail the organisation sent, with its delivery status.

Links with a secret in them are shown with the secret masked, also in a message that still
waits: an admin reads what was sent, but cannot open a family's or an invitee's page."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user

from eigenkracht.audit.services import record
from eigenkracht.core.roles import admin_required
from eigenkracht.extensions import db
from eigenkracht.mail import services
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.mail.states import status_of

bp = Blueprint("mail", __name__, url_prefix="/admin/outbox")

PER_PAGE = 50



@bp.context_processor
def outbox_states():
    """The honest state of a message (``mail.states``), computed from the row alone."""
    return {"mail_status_of": status_of}


@bp.route("/")
@admin_required
def index():
    page = db.paginate(services.outbox_query(current_user.organisation_id), per_page=PER_PAGE,
                       error_out=False)
    return render_template("mail/outbox.html", page=page)


@bp.route("/<int:message_id>")
@admin_required
def show(message_id: int):
    message = _message_or_404(message_id)
    record("view", message, case=_case_of(message), summary=message.subject)
    return render_template("mail/message.html", message=message,
                           text_body=services.mask_secrets(message.text_body),
                           html_body=services.mask_secrets(message.html_body),
                           attachments=_attachment_rows(message))


@bp.route("/<int:message_id>/attachments/<int:number>")
@admin_required
def attachment(message_id: int, number: int):
    message = _message_or_404(message_id)
    items = message.attachments or []
    if not 1 <= number <= len(items):
        abort(404)
    item = items[number - 1]
    record("view", message, case=_case_of(message),
           summary=f"{message.subject} · {item.get('filename', '')}"[:500])
    data = services.attachment_data(item)
    if str(item.get("content_type", "")).startswith("text/"):
        data = services.mask_secrets(data.decode("utf-8", "replace")).encode("utf-8")
    response = Response(data, mimetype="application/octet-stream")
    response.headers.set("Content-Disposition", "attachment",
                         filename=item.get("filename") or f"attachment-{number}")
    return response


def _message_or_404(message_id: int) -> OutboxMessage:
    message = services.message_of(current_user.organisation_id, message_id)
    if message is None:
        abort(404)
    return message


def _case_of(message: OutboxMessage):
    if message.invitation_id is None:
        return None
    from eigenkracht.conference.models import Invitation

    invitation = db.session.get(Invitation, message.invitation_id)
    return invitation.conference.case if invitation is not None else None


def _attachment_rows(message: OutboxMessage) -> list[dict]:
    return [{"number": n, "filename": item.get("filename", ""),
             "content_type": item.get("content_type", ""),
             "size": len(services.attachment_data(item))}
            for n, item in enumerate(message.attachments or [], start=1)]
