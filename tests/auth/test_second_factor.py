"""The second factor: setting up an authenticator app, the second step of logging in, the
gate before it, recovery codes, the organisation's setting and an administrator's reset."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.auth import factors
from eigenkracht.auth.models import RecoveryCode, Role, TotpFactor, UserSession
from eigenkracht.core.clock import frozen
from eigenkracht.mail.models import OutboxMessage
from tests.factories import PASSWORD

MOMENT = datetime(2026, 12, 7, 9, 0, 0, tzinfo=UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _code(at: datetime, secret: str = SECRET) -> str:
    return pyotp.TOTP(secret).at(at)


def _login(client, user, next_url: str = ""):
    url = f"/login?next={next_url}" if next_url else "/login"
    return client.post(url, data={"email": user.email, "password": PASSWORD})


def _with_app(db, user, secret: str = SECRET, last_step: int = 0) -> TotpFactor:
    factor = TotpFactor(user_id=user.id, secret=secret, created_at=MOMENT,
                        confirmed_at=MOMENT, last_step=last_step)
    db.session.add(factor)
    db.session.flush()
    return factor


@pytest.fixture
def required(world, db):
    """Rijnmond asks every staff role for a second factor."""
    world.org.second_factor_roles = "admin,coordinator,jobcoach,referrer"
    db.session.flush()
    return world.org


@pytest.fixture
def clock():
    with frozen(MOMENT) as moment:
        yield moment


class TestTheGate:
    def test_after_the_password_a_user_with_an_app_is_asked_for_a_code(
            self, client, world, db, clock):
        _with_app(db, world.coordinator)
        response = _login(client, world.coordinator, f"/cases/{world.case.reference}")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login/second-factor")
        page = client.get(response.headers["Location"])
        assert "Second step of logging in" in page.text
        assert 'autocomplete="one-time-code"' in page.text

    def test_no_page_of_case_data_opens_after_the_password_alone(self, client, world, db,
                                                                  clock):
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        for path in (f"/cases/{world.case.reference}", "/cases/", "/account/password",
                     "/account/security", "/account/sessions", "/api/tokens"):
            response = client.get(path)
            assert response.status_code == 303, path
            assert response.headers["Location"].startswith("/login/second-factor"), path
        assert world.case.client_first_name not in client.get("/cases/").text

    def test_a_post_after_the_password_alone_changes_nothing(self, client, world, db, clock):
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        response = client.post(f"/cases/{world.case.reference}/bottom-lines",
                               data={"text": "Planted before the second step"})
        assert response.status_code == 303
        assert "Planted" not in str([line.text for line in world.case.bottom_lines])

    def test_the_session_record_says_the_password_alone_until_the_code(self, client, world, db,
                                                                       clock):
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        record = db.session.scalar(select(UserSession).where(
            UserSession.user_id == world.coordinator.id))
        assert record.second_factor is None
        client.post("/login/second-factor", data={"code": _code(clock)})
        db.session.refresh(record)
        assert record.second_factor == "totp"
        assert record.second_factor_at == clock

    def test_logging_out_is_possible_before_the_second_step(self, client, world, db, clock):
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        response = client.post("/logout")
        assert response.headers["Location"].endswith("/login")
        assert client.get("/login/second-factor").status_code == 302  # to the login page

    def test_a_user_without_a_factor_whose_role_requires_one_is_led_to_set_one_up(
            self, client, world, required):
        response = _login(client, world.coordinator)
        assert response.headers["Location"].startswith("/account/security")
        assert client.get("/cases/").headers["Location"].startswith("/account/security")
        assert client.get("/account/password").status_code == 303
        page = client.get("/account/security")
        assert "Your organisation asks for a second factor" in page.text

    def test_a_user_whose_role_does_not_require_one_and_has_none_goes_on(self, client, world,
                                                                         db):
        world.org.second_factor_roles = "admin"
        db.session.flush()
        response = _login(client, world.coordinator)
        assert response.headers["Location"].endswith("/cases/")
        assert client.get("/cases/").status_code == 200

    def test_with_a_factor_set_up_the_step_is_asked_even_when_not_required(
            self, client, world, db, clock):
        world.org.second_factor_roles = ""
        _with_app(db, world.coordinator)
        assert _login(client, world.coordinator).headers["Location"].startswith(
            "/login/second-factor")

    def test_turning_the_setting_on_reaches_sessions_already_signed_in(self, client, world,
                                                                        db):
        _login(client, world.coordinator)
        assert client.get("/cases/").status_code == 200
        world.org.second_factor_roles = "coordinator"
        db.session.flush()
        assert client.get("/cases/").headers["Location"].startswith("/account/security")

    def test_a_factor_set_up_in_one_browser_is_asked_for_in_the_others(self, app, world, db,
                                                                       clock):
        other, this = app.test_client(), app.test_client()
        _login(other, world.coordinator)
        _login(this, world.coordinator)
        page = this.get("/account/security").text
        secret = re.search(r"data-totp-secret>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")
        this.post("/account/security/app", data={"code": _code(clock, secret)})
        assert this.get("/cases/").status_code == 200
        assert other.get("/cases/").headers["Location"].startswith("/login/second-factor")

    def test_someone_with_only_the_password_cannot_add_a_factor_of_their_own(
            self, client, world, db, clock):
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        assert client.get("/account/security").status_code == 303
        assert client.post("/account/security/app", data={"code": "123456"}).status_code == 303
        assert client.post("/account/security/keys/options").status_code == 303

    def test_the_second_step_after_passing_it_goes_on_to_the_page(self, client, world, db,
                                                                  clock):
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        client.post("/login/second-factor", data={"code": _code(clock)})
        response = client.get("/login/second-factor?next=/cases/")
        assert response.headers["Location"] == "/cases/"


class TestTheCode:
    def test_the_right_code_opens_the_page_asked_for(self, client, world, db, clock):
        _with_app(db, world.coordinator)
        step = _login(client, world.coordinator, f"/cases/{world.case.reference}")
        response = client.post(step.headers["Location"], data={"code": _code(clock)})
        assert response.headers["Location"] == f"/cases/{world.case.reference}"
        assert client.get(f"/cases/{world.case.reference}").status_code == 200

    def test_a_code_of_the_step_before_or_after_is_accepted_for_a_drifting_clock(
            self, client, world, db, clock):
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        response = client.post("/login/second-factor",
                               data={"code": _code(clock - timedelta(seconds=30))})
        assert response.status_code == 302

    def test_an_older_code_is_refused(self, client, world, db, clock):
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        response = client.post("/login/second-factor",
                               data={"code": _code(clock - timedelta(seconds=90))})
        assert "This code is not correct, or it has been used already." in response.text

    def test_spaces_in_the_code_do_not_matter(self, client, world, db, clock):
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        code = _code(clock)
        response = client.post("/login/second-factor", data={"code": f" {code[:3]} {code[3:]} "})
        assert response.status_code == 302

    def test_a_used_code_is_not_accepted_a_second_time(self, app, world, db, clock):
        _with_app(db, world.coordinator)
        first, second = app.test_client(), app.test_client()
        code = _code(clock)
        _login(first, world.coordinator)
        assert first.post("/login/second-factor", data={"code": code}).status_code == 302
        _login(second, world.coordinator)
        response = second.post("/login/second-factor", data={"code": code})
        assert "This code is not correct, or it has been used already." in response.text
        assert second.get("/cases/").status_code == 303

    def test_a_wrong_code_is_told_in_the_users_language_and_logged(self, client, world, db,
                                                                   clock):
        world.coordinator.locale = "nl"
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        response = client.post("/login/second-factor", data={"code": "000000"})
        assert response.status_code == 200
        assert "Deze code klopt niet, of is al gebruikt." in response.text
        failed = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "second_factor_failed")).all()
        assert [event.object_id for event in failed] == [str(world.coordinator.id)]

    @pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34 5x",
                                      "x" * 10_000, "\x00" * 6, "<script>alert(1)</script>"])
    def test_empty_malformed_oversized_and_hostile_codes_are_refused_calmly(
            self, client, world, db, clock, code):
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        response = client.post("/login/second-factor", data={"code": code})
        assert response.status_code in (200, 422)
        assert "There is a problem" in response.text
        assert "<script>alert(1)</script>" not in response.text
        assert client.get("/cases/").status_code == 303

    def test_wrong_codes_count_towards_the_login_throttling(self, app, client, world, db,
                                                            clock):
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        for _ in range(9):
            assert client.post("/login/second-factor", data={"code": "000000"}).status_code \
                == 200
        response = client.post("/login/second-factor", data={"code": "000000"})
        assert response.status_code == 429
        assert "Too many wrong codes" in response.text
        # Paused: the right code does not open anything either, and neither does a new login.
        assert client.post("/login/second-factor",
                           data={"code": _code(clock)}).status_code == 429
        assert client.get("/cases/").status_code == 303
        assert "Too many failed attempts" in _login(app.test_client(), world.coordinator).text
        refused = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.action.in_(["second_factor_failed", "second_factor_throttled"]))).all()
        assert refused.count("second_factor_failed") == 10
        assert refused.count("second_factor_throttled") == 1


class TestRecoveryCodes:
    def test_a_recovery_code_passes_the_step_once(self, app, world, db, clock):
        _with_app(db, world.coordinator)
        codes = factors.new_recovery_codes(world.coordinator)
        first, second = app.test_client(), app.test_client()
        _login(first, world.coordinator)
        response = first.post("/login/second-factor", data={"code": codes[0].upper()})
        assert response.status_code == 302
        assert "9 are left" in first.get("/cases/").text
        _login(second, world.coordinator)
        again = second.post("/login/second-factor", data={"code": codes[0]})
        assert "This code is not correct, or it has been used already." in again.text

    def test_only_the_hash_of_a_recovery_code_is_kept(self, world, db):
        codes = factors.new_recovery_codes(world.coordinator)
        assert len(codes) == 10 and len(set(codes)) == 10
        assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", code) for code in codes)
        stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
        assert len(stored) == 10
        assert not any(code.replace("-", "") in h or code in h for code in codes for h in stored)

    def test_new_codes_replace_the_old_ones(self, world, db):
        old = factors.new_recovery_codes(world.coordinator)
        factors.new_recovery_codes(world.coordinator)
        assert not factors.use_recovery_code(world.coordinator, old[0])


class TestSettingUpTheApp:
    def _passed(self, client, user):
        _login(client, user)
        return client

    def test_the_page_shows_a_qr_code_made_here_and_the_secret_as_text(self, client, world):
        self._passed(client, world.coordinator)
        page = client.get("/account/security").text
        assert re.search(r'<img src="data:image/svg\+xml', page)
        secret = re.search(r"data-totp-secret>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")
        assert len(secret) == 32
        assert "http" not in re.search(r'<img src="(data:[^"]+)"', page).group(1)[:30]

    def test_one_right_code_sets_it_up_and_shows_ten_recovery_codes_once(self, client, world,
                                                                          db, clock):
        self._passed(client, world.coordinator)
        page = client.get("/account/security").text
        secret = re.search(r"data-totp-secret>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")
        response = client.post("/account/security/app", data={"code": _code(clock, secret)})
        assert response.status_code == 303
        shown = client.get(response.headers["Location"])
        codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", shown.text)
        assert len(codes) == 10
        assert "This is the only time they are shown." in shown.text
        again = client.get("/account/security/recovery-codes")
        assert again.status_code == 302 and codes[0] not in again.text
        factor = factors.totp_of(world.coordinator)
        assert factor is not None and factor.secret == secret
        assert "Authenticator app" in client.get("/account/security").text

    def test_a_wrong_code_sets_nothing_up(self, client, world, db, clock):
        self._passed(client, world.coordinator)
        client.get("/account/security")
        response = client.post("/account/security/app", data={"code": "000000"})
        assert response.status_code == 422
        assert "This code is not correct." in response.text
        assert factors.totp_of(world.coordinator) is None

    def test_setting_it_up_when_required_lets_the_user_go_on(self, client, world, required,
                                                             clock):
        _login(client, world.coordinator, "/cases/")
        page = client.get("/account/security?next=/cases/").text
        secret = re.search(r"data-totp-secret>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")
        response = client.post("/account/security/app?next=/cases/",
                               data={"code": _code(clock, secret)})
        codes_page = client.get(response.headers["Location"])
        assert 'href="/cases/"' in codes_page.text
        assert client.get("/cases/").status_code == 200

    def test_the_last_factor_cannot_be_removed_when_the_role_requires_one(
            self, client, world, db, required, clock):
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        client.post("/login/second-factor", data={"code": _code(clock)})
        response = client.post("/account/security/app/remove", follow_redirects=True)
        assert "Your organisation requires a second factor." in response.text
        assert factors.totp_of(world.coordinator) is not None

    def test_the_app_can_be_removed_when_not_required(self, client, world, db, clock):
        _with_app(db, world.coordinator)
        _login(client, world.coordinator)
        client.post("/login/second-factor", data={"code": _code(clock)})
        response = client.post("/account/security/app/remove", follow_redirects=True)
        assert "The authenticator app has been removed." in response.text
        assert factors.totp_of(world.coordinator) is None


class TestMarkingFromElsewhere:
    def test_another_sign_in_marks_the_second_factor_as_passed(self, app, world, db, clock):
        from flask_login import login_user

        from eigenkracht.auth import services, sessions

        _with_app(db, world.coordinator)
        with app.test_request_context("/"):
            login_user(world.coordinator)
            record = sessions.start(world.coordinator)
            assert factors.pending(world.coordinator) is factors.Pending.VERIFY
            services.mark_second_factor(world.coordinator, "oidc")
            assert factors.pending(world.coordinator) is None
            assert record.second_factor == "oidc"

    def test_marking_without_a_session_is_an_error(self, app, world):
        from eigenkracht.auth import services

        with app.test_request_context("/"), pytest.raises(RuntimeError):
            services.mark_second_factor(world.coordinator, "oidc")


class TestTheSetting:
    def test_the_default_follows_the_configuration(self, app, world):
        world.org.second_factor_roles = None
        app.config["SECOND_FACTOR_ROLES"] = "admin,coordinator,jobcoach,referrer"
        try:
            assert factors.required_roles(world.org) == {
                Role.ADMIN, Role.COORDINATOR, Role.JOBCOACH, Role.REFERRER}
        finally:
            app.config["SECOND_FACTOR_ROLES"] = ""

    def test_an_administrator_chooses_the_roles_and_it_is_audited(self, login_as, world, db):
        admin = login_as("admin")
        page = admin.get("/admin/second-factor")
        for role in Role:
            assert f'value="{role.value}"' in page.text
        response = admin.post("/admin/second-factor", data={"roles": ["admin", "referrer"]})
        assert response.status_code == 303
        assert factors.required_roles(world.org) == {Role.ADMIN, Role.REFERRER}
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "second_factor_policy"))
        assert event.details["roles"]["new"] == ["admin", "referrer"]

    def test_an_unknown_role_is_refused(self, login_as, world):
        response = login_as("admin").post("/admin/second-factor", data={"roles": ["root"]})
        assert response.status_code == 422
        assert factors.required_roles(world.org) == set()

    def test_other_roles_cannot_change_it(self, login_as):
        assert login_as("coordinator").post("/admin/second-factor",
                                            data={"roles": []}).status_code == 403


class TestAResetByAnAdministrator:
    def test_the_factors_go_the_user_is_logged_out_and_told_by_email(self, app, login_as,
                                                                      world, db, clock):
        world.coordinator.locale = "nl"
        _with_app(db, world.coordinator)
        factors.new_recovery_codes(world.coordinator)
        theirs = app.test_client()
        _login(theirs, world.coordinator)
        response = login_as("admin").post(
            f"/admin/users/{world.coordinator.id}/second-factor/reset")
        assert response.status_code == 303
        assert factors.totp_of(world.coordinator) is None
        assert factors.recovery_codes_left(world.coordinator) == 0
        assert theirs.get("/cases/").headers["Location"].startswith("/login")
        mail = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.to == world.coordinator.email))
        assert mail.subject == "Je tweede stap voor inloggen is opnieuw ingesteld"
        assert world.admin.name in mail.text_body
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "second_factor_reset"))
        assert event.object_id == str(world.coordinator.id)
        assert event.actor_id == world.admin.id

    def test_only_users_of_ones_own_organisation(self, login_as, world):
        response = login_as("admin").post(
            f"/admin/users/{world.other_coordinator.id}/second-factor/reset")
        assert response.status_code == 404

    def test_the_edit_page_offers_the_reset(self, login_as, world, db):
        _with_app(db, world.coordinator)
        page = login_as("admin").get(f"/admin/users/{world.coordinator.id}")
        assert "Reset second factor" in page.text


class TestTheSessionsPage:
    def test_it_says_how_each_session_passed_its_second_step(self, app, world, db, clock):
        _with_app(db, world.coordinator)
        this, other = app.test_client(), app.test_client()
        _login(other, world.coordinator)
        _login(this, world.coordinator)
        this.post("/login/second-factor", data={"code": _code(clock)})
        page = this.get("/account/sessions").text
        assert "<td>Authenticator app</td>" in page
        assert "<td>Not yet</td>" in page

    def test_a_method_named_elsewhere_is_shown_as_given(self, english):
        assert factors.describe_method("oidc") == "Your organisation's sign-in"
        assert factors.describe_method("smartcard") == "Other (smartcard)"


class TestTheDemo:
    def test_the_demo_organisation_asks_no_one_for_a_second_factor(self, app, db):
        from eigenkracht.auth.models import Organisation
        from eigenkracht.demo import DEMO_SLUG, load_demo

        app.config["DEMO_PASSWORD"] = "demo password for the second factor test"
        try:
            load_demo(parts=())
        finally:
            app.config["DEMO_PASSWORD"] = ""
        organisation = db.session.scalar(select(Organisation).where(
            Organisation.slug == DEMO_SLUG))
        assert organisation.second_factor_roles == ""
        assert factors.required_roles(organisation) == set()

    def test_loading_it_again_keeps_what_its_administrator_chose(self, app, db):
        from eigenkracht.auth.models import Organisation
        from eigenkracht.demo import DEMO_SLUG, load_demo

        app.config["DEMO_PASSWORD"] = "demo password for the second factor test"
        try:
            load_demo(parts=())
            organisation = db.session.scalar(select(Organisation).where(
                Organisation.slug == DEMO_SLUG))
            organisation.second_factor_roles = "admin"
            load_demo(parts=())
        finally:
            app.config["DEMO_PASSWORD"] = ""
        assert factors.required_roles(organisation) == {Role.ADMIN}


class TestTheEnrolmentCode:
    def test_the_code_that_set_up_the_app_does_not_pass_a_login_after_it(self, app, world, db,
                                                                           clock):
        this = app.test_client()
        _login(this, world.coordinator)
        page = this.get("/account/security").text
        secret = re.search(r"data-totp-secret>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")
        code = _code(clock, secret)
        this.post("/account/security/app", data={"code": code})
        other = app.test_client()
        _login(other, world.coordinator)
        response = other.post("/login/second-factor", data={"code": code})
        assert "This code is not correct, or it has been used already." in response.text
        later = _code(clock + timedelta(seconds=30), secret)
        assert other.post("/login/second-factor", data={"code": later}).status_code == 302
