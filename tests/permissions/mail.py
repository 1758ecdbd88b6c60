"""Routes of outgoing mail: the admins' outbox, and the staff buttons that send invitations."""

from tests.permissions import ADMIN_ONLY, CASE_EDIT, Route

C = "/cases/{case}/conferences/{conference}"
I = C + "/invitations/{invitation}"  # noqa: E741

ROUTES = {
    "mail.index": Route("GET", "/admin/outbox/", ADMIN_ONLY),
    "mail.show": Route("GET", "/admin/outbox/{outbox_message}", ADMIN_ONLY),
    "mail.attachment": Route("GET", "/admin/outbox/{outbox_message}/attachments/1", ADMIN_ONLY),
    "sending.send": Route("POST", I + "/send", CASE_EDIT),
    "sending.send_all": Route("POST", C + "/send-all", CASE_EDIT),
    "sending.letter": Route("GET", I + "/letter", CASE_EDIT),
}
