"""What a family member or invitee can read: the templates, modules and label tables whose
every string must be translated in each family language (nl, en, tr, ar, pl).

A new family-facing template or module joins this list; a test fails when one of its
strings lacks a translation (tests/i18n/test_family_languages.py)."""

from __future__ import annotations

TEMPLATES = (
    "templates/public_base.html",
    "templates/_macros/forms.html",  # the answer page's form fields and error summary
    "templates/errors/error.html",
    "templates/errors/busy.html",
    "templates/family/_action.html",
    "templates/family/_contact.html",
    "templates/family/_head.html",
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
)

MODULES = (
    "eigenkracht/family/public.py",  # its refusals, thanks and the home-screen manifest
    "eigenkracht/family/messages.py",
    "eigenkracht/family/forms.py",
    "eigenkracht/family/services.py",  # the e-mail with the personal link
    "eigenkracht/conference/answer.py",
    "eigenkracht/conference/sending.py",  # invitation e-mails and their calendar files
    "eigenkracht/conference/calendar.py",
    "eigenkracht/plans/printed.py",
    "eigenkracht/network/printed.py",
    "eigenkracht/core/errors.py",  # error pages a link can lead to (404, 410, 429, 503)
    "eigenkracht/core/rules.py",  # refusals of a family update
    "eigenkracht/pdf/views.py",  # a download that failed, was withdrawn or is being prepared
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

FAMILY_LANGUAGES = ("tr", "ar", "pl")
