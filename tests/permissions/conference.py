"""Routes of the conference: planning, checklist, invitations, the day, to do, calendar."""

from tests.permissions import CASE_EDIT, CASE_VIEW, LOGGED_IN, PUBLIC, Route

C = "/cases/{case}/conferences/{conference}"
I = C + "/invitations/{invitation}"  # noqa: E741

ROUTES = {
    "conference.index": Route("GET", "/cases/{case}/conferences", CASE_VIEW),
    "conference.new": Route("GET", "/cases/{case}/conferences/new", CASE_EDIT),
    "conference.show": Route("GET", C, CASE_VIEW),
    "conference.edit": Route("GET", C + "/edit", CASE_EDIT),
    "conference.cancel": Route("POST", C + "/cancel", CASE_EDIT, {"reason": "Ziek"}),
    "conference.check": Route("POST", C + "/checklist/met_client", CASE_EDIT, {"done": "1"}),
    "conference.invite": Route("GET", C + "/invitations/new", CASE_EDIT),
    "conference.invitation": Route("GET", I, CASE_VIEW),
    "conference.remove_invitation": Route("POST", I + "/delete", CASE_EDIT),
    "conference.add_contact": Route("POST", I + "/contact", CASE_EDIT,
                                    {"email": "nieuw@example.nl", "phone": "010 123 4567"}),
    "conference.add_suggestion": Route("POST", I + "/suggestions", CASE_EDIT,
                                       {"name": "Neef Joram", "relation": "neef",
                                        "sector": "family", "invite": "y"}),
    "conference.day": Route("GET", C + "/day", CASE_VIEW),
    "conference.move_phase": Route("POST", C + "/phase", CASE_EDIT,
                                   {"target": "information", "current": "planned"}),
    "conference.undo_phase": Route("POST", C + "/phase/undo", CASE_EDIT, {"move": "1"}),
    "conference.attendance": Route("POST", I + "/attendance", CASE_EDIT,
                                   {"attendance": "present"}),
    "conference.everyone_present": Route("POST", C + "/register/everyone", CASE_EDIT),
    "conference.participation": Route("POST", I + "/participation", CASE_EDIT,
                                      {"participation": "phone"}),
    "conference.referrer_attendance": Route("POST", C + "/referrers/{referrer_user}/attendance",
                                            CASE_EDIT, {"attendance": "present"}),
    "conference.referrer_participation": Route(
        "POST", C + "/referrers/{referrer_user}/participation", CASE_EDIT,
        {"participation": "video"}),
    "conference.correct_note": Route("POST", C + "/notes/{information_note}/correct",
                                     CASE_EDIT, {"text": "Verbeterd"}),
    "conference.add_note": Route("POST", C + "/notes", CASE_EDIT,
                                 {"invitation_id": "{invitation}", "text": "Zorgen"}),
    "conference.remove_note": Route("POST", C + "/notes/{information_note}/delete", CASE_EDIT),
    "conference.create_review": Route("POST", "/cases/{case}/conferences/review", CASE_EDIT,
                                      {"day": "2027-03-01", "time": "14:00"}),
    "conference.follow_up": Route("GET", C + "/follow-up", CASE_VIEW),
    "conference.follow_up_done": Route("POST", C + "/follow-up", CASE_EDIT,
                                       {"called_on": "2026-01-05", "outcome": "no_answer"}),
    "conference.undo_follow_up": Route("POST", C + "/follow-up/1/undo", CASE_EDIT),
    "conference.todo_list": Route("GET", "/todo", LOGGED_IN),
    "conference.calendar_page": Route("GET", "/calendar", LOGGED_IN),
    "conference.create_feed": Route("POST", "/calendar/feed", LOGGED_IN),
    "conference.revoke_feed": Route("POST", "/calendar/feed/delete", LOGGED_IN),
    # The only route without a login: the secret token is the key.
    "conference.feed": Route("GET", "/calendar/{calendar_token}.ics", PUBLIC),
}
