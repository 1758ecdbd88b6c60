"""Which routes the hostile tests send input to, as whom, at which address, with which valid
data to start from.

Paths and rules come from the permission matrix (tests/permissions/); the valid data of a
form is read from its own page (every field with its current value) when the route also
answers GET, completed by the matrix's data and by ``FORMS`` below. Every route that takes a
POST outside the API must be named in ``FORMS`` (tests/hostile/test_coverage.py fails
otherwise); API routes are all taken automatically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from tests.permissions import ALLOW, all_routes
from tests.permissions import fill_path as fill  # a matrix path or value, filled in

MATRIX = all_routes()
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ROLE_PREFERENCE = ("coordinator", "admin", "referrer", "jobcoach", "anonymous")


@dataclass(frozen=True)
class Form:
    """What a form route needs beyond the matrix: valid data, another role or path, and
    the name of its file field (the body is then multipart)."""

    data: dict = field(default_factory=dict)
    role: str | None = None
    path: str | None = None
    file_field: str | None = None
    examples: int | None = None  # fewer for a slow route whose input matters little


FORMS: dict[str, Form] = {
    "answer.show": Form({"answer": "yes"}),
    "api_tokens.create": Form(),
    "api_tokens.revoke": Form(),
    "auth.change_password": Form({"current_password": "zeven gele olifanten dansen op het dak",
                                  "new_password": "nog meer gele olifanten op het dak",
                                  "confirm": "nog meer gele olifanten op het dak"}),
    "auth.login": Form({"email": "coordinator@rijnmond.example",
                        "password": "zeven gele olifanten dansen op het dak"},
                       role="anonymous"),
    "auth.logout": Form(),
    "auth.end_session": Form(),
    "auth.end_other_sessions": Form(),
    "auth.still_here": Form(),
    "admin.new_user": Form({"name": "Nieuwe Collega", "email": "nieuw@rijnmond.example",
                            "role": "coordinator", "locale": "nl"}),
    "admin.edit_user": Form(),
    "admin.second_factor_policy": Form({"roles": "admin"}, role="admin"),
    "admin.reset_second_factor": Form(role="admin"),
    # The second factor (tests/auth/test_second_factor.py, test_security_keys.py); the key
    # routes take JSON, which the generated form bodies are not: they must refuse them calmly.
    "factors.second_factor": Form({"code": "123456"}),
    "factors.key_login_options": Form(),
    "factors.key_login": Form(),
    "factors.totp_confirm": Form({"code": "123456"}),
    "factors.totp_remove": Form(),
    "factors.new_recovery_codes": Form(),
    "factors.key_options": Form(),
    "factors.key_add": Form(),
    "factors.key_remove": Form(),
    "cases.new": Form({"kind": "work", "clients-0-first_name": "Piet",
                       "clients-0-last_name": "Jansen", "central_question": "Werk?"}),
    "cases.edit": Form(),
    "cases.change_status": Form({"status": "preparation", "reason": "Toestemming rond"}),
    "cases.add_bottom_line": Form({"text": "Elke week contact"}),
    "cases.edit_bottom_line": Form(),
    "cases.remove_bottom_line": Form(),
    "cases.move_bottom_line": Form(),
    "conference.new": Form({"day": "2027-03-01", "time": "14:00", "venue": "Buurthuis"}),
    "conference.edit": Form(),
    "conference.cancel": Form(),
    "conference.check": Form(),
    "conference.invitation": Form(),
    "conference.invite": Form({"person_ids": "{person}", "role": "family"}),
    "conference.remove_invitation": Form(),
    "conference.add_suggestion": Form(),
    "conference.move_phase": Form(),
    "conference.attendance": Form(),
    "conference.add_note": Form(),
    "conference.remove_note": Form(),
    "conference.create_review": Form(),
    "conference.follow_up_done": Form(),
    "conference.correct_note": Form({"text": "Verbeterd"}),
    "conference.everyone_present": Form(),
    "conference.participation": Form({"participation": "phone"}),
    "conference.referrer_attendance": Form({"attendance": "present"}),
    "conference.referrer_participation": Form({"participation": "video"}),
    "conference.undo_follow_up": Form(),
    "conference.undo_phase": Form({"move": "1"}),
    "conference.create_feed": Form(),
    "conference.revoke_feed": Form(),
    "conference.tell_change": Form(),
    "core.set_language": Form(),
    "family.page": Form({"lang": "en"}, role="anonymous"),
    "family.update": Form({"note": "Gedaan"}, role="anonymous"),
    # After the conference (issue 20): the uncle's link in the world's plan.
    "family.routine_done": Form({"note": "Deze week gedaan"}, role="anonymous"),
    "family.share": Form({"share": "1"}, role="anonymous"),
    "family.set_reminders": Form({"reminder_channel": "email",
                                  "reminder_moment": "day_before", "reminder_time": "18:00"},
                                 role="anonymous"),
    "family.stop_reminders": Form(role="anonymous"),
    "family.sign": Form({"typed_name": "Oom Kees"}, role="anonymous"),
    "family.not_working": Form({"note": "Het ophalen lukt niet meer."}, role="anonymous"),
    "family.questionnaire": Form({"satisfaction_conference": "4", "satisfaction_plan": "4",
                                  "felt_heard": "5", "scale": "8",
                                  "comment": "Fijn gesprek"}, role="anonymous"),
    "jobs.add_goal": Form(),
    "jobs.edit_goal": Form(),
    "jobs.remove_goal": Form(),
    "jobs.add_step": Form({"step-{goal}-text": "Cv sturen"}),
    "jobs.step_done": Form(),
    "jobs.edit_step": Form(),
    "jobs.move_goal": Form(),
    "jobs.move_step": Form(),
    "jobs.remove_step": Form(),
    "jobs.new_contact": Form({"person_id": "{work_person}", "channel": "phone",
                             "contacted_on": "2026-11-01"}),
    "jobs.edit_contact": Form(),
    "jobs.remove_contact": Form(),
    "jobs.follow_up_done": Form(),
    "jobs.digest_setting": Form({"morning_digest": "y"}),
    "jobs.add_lead": Form({"person_id": "{work_person}", "kind": "vacancy",
                           "title": "Planner", "employer": "Vos Logistiek",
                           "noted_on": "2026-11-01", "note": "Via Sanne"}),
    "jobs.move_lead": Form({"lead-{lead}-stage": "asked", "lead-{lead}-stage_on": ""}),
    "jobs.remove_lead": Form(),
    "jobs.add_placement": Form({"employer": "Vos Logistiek", "job_title": "Planner",
                                "started_on": "2026-01-05", "hours_per_week": "32",
                                "contract": "permanent", "lead_id": "{lead}"}),
    "jobs.remove_placement": Form(),
    "jobs.check_done": Form({"check-{check}-done_on": "2026-11-01", "check-{check}-held": "yes",
                             "check-{check}-note": "Gaat goed"}),
    "jobs.reopen_check": Form(),
    "links.create": Form({"person_id": "{person}"}),
    "referrer_links.create": Form(),
    "referrer_links.revoke": Form(),
    "referrers.send_code": Form(role="anonymous"),
    "referrers.unlock": Form({"code": "123456"}, role="anonymous"),
    "referrers.add_bottom_line": Form({"text": "Elke dag naar school"}, role="anonymous"),
    "referrers.edit_bottom_line": Form({"text": "Elke dag naar school"}, role="anonymous"),
    "referrers.remove_bottom_line": Form(role="anonymous"),
    "referrers.decide": Form(role="anonymous"),
    "links.revoke": Form(),
    "links.print_pdf": Form(),
    "network.quick_add": Form(),
    "network.new_person": Form({"name": "Buurman Henk", "sector": "community", "ring": "2"}),
    "network.person": Form(),
    "network.remove_person": Form(),
    "network.move_person": Form(),
    "network.add_tie": Form(),
    "network.remove_tie": Form(),
    "network.take_snapshot": Form(),
    "network.import_people": Form(file_field="file"),
    "network.save_grid": Form({"p-0-name": "Buurman Karim", "p-0-sector": "community",
                               "p-0-ring": "2", "p-0-language": "ar",
                               "p-0-phone": "06 1234 5678"}),
    "network.save_ties_table": Form({"t-0-a": "{person}", "t-0-kind": "colleague",
                                     "t-0-b": "{other_person}", "t-0-quality": "weak"}),
    "conference.add_contact": Form({"email": "nieuw@example.nl", "phone": "010 123 4567"}),
    "pdf.letter": Form(examples=2),  # no fields; each answer is a rendered PDF
    "plans.create": Form(),
    "plans.edit": Form(),
    "plans.refresh_bottom_lines": Form(),
    "plans.present": Form(),
    "plans.withdraw": Form(),
    "plans.new_version": Form(),
    "plans.decide": Form({"decision": "accept"}),
    "plans.new_action": Form({"what": "Oom Kees haalt Noëlle op", "person_ids": "{person}"}),
    "plans.edit_action": Form(),
    "plans.add_update": Form(),
    "plans.delete_action": Form(),
    "plans.move_action": Form(),
    "plans.reorder_actions": Form(),
    "plans.occurrence_done": Form({"note": "Deze week gedaan"}),
    "plans.record_share": Form({"share": "1"}),
    "plans.sign": Form({"person_id": "{plan_person}", "typed_name": "Oom Kees"}),
    "plans.alert_review": Form({"day": "2026-12-30", "time": "14:00"}),
    "plans.alert_handled": Form(),
    "privacy.erase": Form({"confirm": "yes"}),
    "links.renew": Form(),
    "sso.settings": Form({"issuer": "https://login.rijnmond.example/realms/zorg",
                          "client_id": "eigenkracht", "email_claim": "email",
                          "groups_claim": "groups", "mfa_amr": "mfa"}, role="admin"),
    "links.set_code": Form({"code": "1234-abcd"}),
    "privacy.new_access_report": Form(),
    "privacy.import_page": Form(file_field="file"),
    "sending.send": Form(),
    "sending.send_all": Form(),
    "sending.letter": Form(),
}


def methods_of(app) -> dict[str, set[str]]:
    """endpoint → the methods its rule answers (without HEAD and OPTIONS)."""
    result: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        result.setdefault(rule.endpoint, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    return result


def is_api(endpoint: str) -> bool:
    route = MATRIX.get(endpoint)
    return bool(route) and route.path.startswith("/api/")


def form_endpoints(app) -> set[str]:
    """Every endpoint outside the API that takes a write (POST, PUT, PATCH, DELETE)."""
    return {endpoint for endpoint, methods in methods_of(app).items()
            if methods & WRITE_METHODS and not is_api(endpoint)}


API_ENDPOINTS = sorted(endpoint for endpoint in MATRIX if is_api(endpoint))


def role_for(endpoint: str) -> str:
    """The first role (in ``ROLE_PREFERENCE``) the matrix lets in."""
    rule = MATRIX[endpoint].rule
    for role in ROLE_PREFERENCE:
        if rule.get(role) == ALLOW:
            return role
    return "coordinator"


def filled(data: dict | None, world) -> list[tuple[str, str]]:
    pairs = []
    for name, value in (data or {}).items():
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((fill(name, world), fill(str(item), world)) for item in values)
    return pairs


class _FormReader(HTMLParser):
    """The POST forms of a page with their fields as a browser would send them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(),
                          "action": attrs.get("action") or "", "fields": []}
            self.forms.append(self._form)
        if self._form is None or not attrs.get("name"):
            return
        name = attrs["name"]
        if tag in ("input", "button"):
            self._input(tag, name, attrs)
        elif tag == "select":
            self._select, self._options = name, []
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def _input(self, tag: str, name: str, attrs: dict) -> None:
        kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
        fields = self._form["fields"]
        if kind in ("submit", "file", "image", "reset"):
            return
        if kind in ("checkbox", "radio"):
            value = attrs.get("value") or "on"
            if "checked" in attrs:
                if kind == "radio":  # the checked one replaces the first one taken
                    fields[:] = [pair for pair in fields if pair[0] != name]
                fields.append((name, value))
            elif kind == "radio" and name not in {n for n, _ in fields}:
                fields.append((name, value))
            return
        fields.append((name, attrs.get("value") or ""))

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            chosen = [value for value, selected in self._options if selected]
            usable = [value for value, _ in self._options if value]
            value = chosen[0] if chosen else (usable[0] if usable else "")
            self._form["fields"].append((self._select, value))
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            text = _without_first_newline("".join(self._text))
            self._form["fields"].append((self._textarea, text))
            self._textarea = None


def _without_first_newline(text: str) -> str:
    """A browser drops one newline right after ``<textarea>``."""
    return text[2:] if text.startswith("\r\n") else text.removeprefix("\n")


def fields_of_form(html: str, path: str) -> list[tuple[str, str]]:
    """The fields of the page's POST form that is sent to ``path`` (its own address)."""
    reader = _FormReader()
    reader.feed(html)
    own = urlsplit(path).path
    for form in reader.forms:
        if form["method"] == "post" and urlsplit(urljoin(path, form["action"])).path == own:
            return [(n, v) for n, v in form["fields"] if n != "csrf_token"]
    return []


def merge(*sources: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Later sources replace every value of a name that earlier ones gave."""
    result: list[tuple[str, str]] = []
    for pairs in sources:
        names = {name for name, _ in pairs}
        result = [pair for pair in result if pair[0] not in names] + list(pairs)
    return result
