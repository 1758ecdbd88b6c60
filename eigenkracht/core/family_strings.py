"""What a family member or invitee can read: the templates, modules and label tables whose
every string must be translated in each family language (nl, en, tr, ar, pl, uk, fa, so, ti).

A new family-facing template or module joins this list; a test fails when one of its
strings lacks a translation (tests/i18n/test_family_languages.py), and ``flask translate
compile`` reports how complete each family language is on this list (docs/translations.md).
"""

from __future__ import annotations

import importlib
from pathlib import Path

TEMPLATES = (
    "templates/public_base.html",
    "templates/_macros/forms.html",  # the answer page's form fields and error summary
    "templates/errors/error.html",
    "templates/errors/busy.html",
    "templates/family/_action.html",
    "templates/family/_contact.html",
    "templates/family/_head.html",
    "templates/family/_routine.html",  # a routine: how it goes, "done this week"
    "templates/family/_plan_life.html",  # who to call, reminders, signing (issue 20)
    "templates/family/reminder.txt",
    "templates/pdf/_contacts.html",
    "templates/pdf/_signed.html",
    "templates/plans/_routine_record.html",
    "templates/family/closed.html",
    "templates/family/code.html",
    "templates/family/email.txt",
    "templates/family/no_plan.html",
    "templates/family/page.html",
    "templates/family/pdf_failed.html",
    "templates/family/pdf_preparing.html",
    "templates/family/unknown.html",
    "templates/conference/answer.html",
    "templates/conference/answer_closed.html",
    "templates/conference/answer_details.html",
    "templates/conference/answer_unknown.html",
    "templates/conference/letter.html",
    "templates/conference/letter_body.html",
    "templates/mail/invitation.html",
    "templates/mail/invitation.txt",
    "templates/pdf/_actions.html",
    "templates/pdf/_base.html",
    "templates/pdf/_picture.html",
    "templates/pdf/_preparing.html",
    "templates/pdf/letter.html",
    "templates/pdf/plan.html",
    "templates/pdf/tasks.html",
    "templates/pdf/access_report.html",
    "templates/privacy/_access_report_body.html",  # a person's own data (art. 15)
    "templates/pdf/who_looked.html",  # "who looked at my file", for the client or a parent
    "templates/audit/_overview.html",
    # after the conference (issue 20): changes, "this is not working", the questionnaire
    "templates/family/_aftercare_alert.html",
    "templates/family/_faces.html",
    "templates/family/_aftercare_questionnaire.html",
    "templates/family/_own_notes.html",
    "templates/family/not_working.html",
    "templates/family/not_working_sent.html",
    "templates/family/questionnaire.html",
    "templates/family/questionnaire_closed.html",
    "templates/family/questionnaire_thanks.html",
    "templates/conference/_change_marked.html",
    "templates/conference/letter_cancelled.html",
    "templates/mail/conference_changed.txt",
    "templates/mail/conference_cancelled.txt",
)

MODULES = (
    "eigenkracht/family/public.py",  # its refusals, thanks and the home-screen manifest
    "eigenkracht/family/messages.py",
    "eigenkracht/family/forms.py",
    "eigenkracht/family/services.py",  # the e-mail with the personal link
    "eigenkracht/family/plan_life.py",  # routines, contacts, reminders, signing (issue 20)
    "eigenkracht/plans/routines.py",  # how a routine repeats and has gone
    "eigenkracht/family/reminders.py",  # the reminder's subject
    "eigenkracht/conference/answer.py",
    "eigenkracht/conference/sending.py",  # invitation e-mails and their calendar files
    "eigenkracht/conference/calendar.py",
    "eigenkracht/plans/printed.py",
    "eigenkracht/network/printed.py",
    "eigenkracht/core/errors.py",  # error pages a link can lead to (404, 410, 429, 503)
    "eigenkracht/core/rules.py",  # refusals of a family update
    "eigenkracht/pdf/views.py",  # a download that failed, was withdrawn or is being prepared
    "eigenkracht/privacy/access_report.py",  # the parts of a person's own report
    "eigenkracht/audit/overview.py",  # "who looked at my file": its words and roles
    "eigenkracht/audit/overview_views.py",
    "eigenkracht/conference/changes.py",  # the change marked on letters and the answer page
    "eigenkracht/conference/change_mail.py",  # the e-mails that tell a change
)

# Label tables of shared modules that family pages, letters and PDFs show.
LABEL_TABLES = (
    ("eigenkracht.plans.messages", "ACTION_STATUS_LABELS"),
    ("eigenkracht.plans.messages", "SECTION_LABELS"),
    ("eigenkracht.conference.labels", "KIND_LABELS"),
    ("eigenkracht.conference.labels", "VENUE_LABELS"),
    ("eigenkracht.conference.labels", "ROLE_LABELS"),
    ("eigenkracht.conference.labels", "PARTICIPATION_LABELS"),
    ("eigenkracht.conference.labels", "ANSWER_LABELS"),
)

FAMILY_LANGUAGES = ("tr", "ar", "pl", "uk", "fa", "so", "ti")


def _extract(root: Path, relative: str) -> list:
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
    from babel.messages.frontend import parse_mapping_cfg
    from babel.util import pathmatch

    with open(root / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, filename=str(root / "babel.cfg"))
    method, options = next((m, options_map.get(p, {})) for p, m in method_map
                           if pathmatch(p, relative))
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    return [found[1] for found in extract_from_file(method, str(root / relative),
                                                    keywords=keywords, options=options)]


def family_messages(root: Path) -> list:
    """Every msgid a family can read (a plural as its (singular, plural) pair), in order."""
    found: list = []
    for relative in TEMPLATES + MODULES:
        for message in _extract(root, relative):
            key = message if isinstance(message, str) else tuple(message[:2])
            if key not in found:
                found.append(key)
    for module, name in LABEL_TABLES:
        for label in getattr(importlib.import_module(module), name).values():
            if label._args[0] not in found:  # a lazy string: its msgid
                found.append(label._args[0])
    return found


def missing(root: Path, language: str, messages: list) -> list:
    """The messages of ``messages`` that ``language``'s catalogue leaves untranslated."""
    from babel.messages.pofile import read_po

    with open(root / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalogue = read_po(fh, locale=language)
    gaps = []
    for msgid in messages:
        message = catalogue.get(msgid)
        strings = message.string if message is not None else ""
        done = all(strings) if isinstance(strings, tuple | list) else bool(strings)
        if message is None or message.fuzzy or not done:
            gaps.append(msgid)
    return gaps
