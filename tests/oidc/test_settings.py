"""The administrator's single sign-on settings: what a buyer's IT department needs to see,
the secret stored encrypted and never shown, bad input refused per field."""

from __future__ import annotations

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.sso.models import SsoProvider
from eigenkracht.sso.secrets import open_secret

GOOD = {"enabled": "y", "label": "Entra ID", "client_id": "0e3f-client",
        "issuer": "https://login.microsoftonline.com/7f1c/v2.0", "client_secret": "geheim-1",
        "email_claim": "preferred_username", "groups_claim": "roles",
        "role_mapping": "EK.Coordinator = coordinator\nEK.Admin = admin", "create_users": "y",
        "mfa_amr": "mfa, otp", "mfa_acr": ""}


def _saved(db, world):
    return db.session.scalar(select(SsoProvider).where(
        SsoProvider.organisation_id == world.org.id))


def test_the_page_names_the_redirect_uri_and_logout_address(login_as):
    text = login_as("admin").get("/admin/sign-in").text
    assert "http://localhost/sso/callback" in text and "http://localhost/login" in text


def test_an_admin_saves_the_settings_and_the_secret_is_encrypted(login_as, world, db):
    client = login_as("admin")
    assert client.post("/admin/sign-in", data=GOOD).status_code == 302
    saved = _saved(db, world)
    assert saved.role_mapping == {"EK.Coordinator": "coordinator", "EK.Admin": "admin"}
    assert saved.mfa_amr == "mfa,otp" and saved.email_claim == "preferred_username"
    assert "geheim-1" not in saved.client_secret
    assert open_secret(saved.client_secret) == "geheim-1"
    assert "geheim-1" not in client.get("/admin/sign-in").text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "sso_provider"))
    assert "geheim" not in str(event.details) and event.details["secret_changed"] is True


def test_an_empty_secret_keeps_the_stored_one(login_as, world, db):
    client = login_as("admin")
    client.post("/admin/sign-in", data=GOOD)
    version = _saved(db, world).row_version
    changed = {**GOOD, "client_secret": "", "label": "Anders", "row_version": str(version)}
    assert client.post("/admin/sign-in", data=changed).status_code == 302
    db.session.expire_all()
    saved = _saved(db, world)
    assert saved.label == "Anders" and open_secret(saved.client_secret) == "geheim-1"


def test_bad_input_is_refused_per_field(login_as, world, db):
    client = login_as("admin")
    for field, value, message in (
            ("issuer", "javascript:alert(1)", "https://"),
            ("issuer", "http://idp.example", "https://"),
            ("role_mapping", "EK.Coordinator = king", "Line 1"),
            ("email_claim", "e mail<script>", "claim name"),
            ("client_secret", "", "client secret")):
        answer = client.post("/admin/sign-in", data={**GOOD, field: value})
        assert answer.status_code == 422, (field, value)
        assert message in answer.text, (field, value)
        assert "<script>" not in answer.text.split("</h1>", 1)[1].split("<form", 1)[0]
    assert _saved(db, world) is None


def test_only_admins_see_the_settings(login_as):
    for role in ("coordinator", "privacy_officer", "referrer"):
        assert login_as(role).get("/admin/sign-in").status_code == 403
