"""Translatable labels of the network map's choices, shared by forms, pages and drawings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from eigenkracht.network.models import (
    ContactFrequency,
    Gender,
    HelpWith,
    KnownFor,
    Sector,
    Support,
    SupportDirection,
    TieKind,
    TieQuality,
)

SECTOR_LABELS = {
    Sector.FAMILY: _l("Family"),
    Sector.FRIENDS: _l("Friends"),
    Sector.COMMUNITY: _l("Neighbourhood and community"),
    Sector.SCHOOL_WORK: _l("School and work"),
    Sector.PROFESSIONALS: _l("Professionals"),
}

RING_LABELS = {1: _l("Close"), 2: _l("Middle"), 3: _l("Far")}

SUPPORT_LABELS = {
    Support.PRACTICAL: _l("Practical help"),
    Support.COMPANY: _l("Company"),
    Support.ADVICE: _l("Advice and information"),
    Support.EMOTIONAL: _l("Emotional support"),
}

# One letter per kind of support, as on the Dutch ecogram (P/G/A/E).
SUPPORT_LETTERS = {
    Support.PRACTICAL: _l("P (practical help)"),
    Support.COMPANY: _l("C (company)"),
    Support.ADVICE: _l("A (advice)"),
    Support.EMOTIONAL: _l("E (emotional support)"),
}

DIRECTION_LABELS = {
    SupportDirection.TO_CLIENT: _l("Supports the client"),
    SupportDirection.FROM_CLIENT: _l("Is supported by the client"),
    SupportDirection.BOTH: _l("Both ways"),
}

FREQUENCY_LABELS = {
    ContactFrequency.DAILY: _l("Daily"),
    ContactFrequency.WEEKLY: _l("Weekly"),
    ContactFrequency.MONTHLY: _l("Monthly"),
    ContactFrequency.YEARLY: _l("A few times a year"),
    ContactFrequency.RARELY: _l("Rarely"),
}

KNOWN_FOR_LABELS = {
    KnownFor.UNDER_ONE_YEAR: _l("Less than a year"),
    KnownFor.ONE_TO_FIVE: _l("One to five years"),
    KnownFor.OVER_FIVE: _l("More than five years"),
    KnownFor.LIFELONG: _l("All their life"),
}

GENDER_LABELS = {
    Gender.FEMALE: _l("Female"),
    Gender.MALE: _l("Male"),
    Gender.OTHER: _l("Other"),
    Gender.UNKNOWN: _l("Unknown"),
}

HELP_LABELS = {
    HelpWith.INTRODUCTION: _l("An introduction"),
    HelpWith.VACANCY_TIPS: _l("Vacancy tips"),
    HelpWith.ADVICE: _l("Advice"),
    HelpWith.PRACTICE_INTERVIEW: _l("A practice interview"),
    HelpWith.REFERENCE: _l("A reference"),
}

TIE_KIND_LABELS = {
    TieKind.PARENT: _l("is a parent of"),
    TieKind.PARTNER: _l("is the partner of"),
    TieKind.EX_PARTNER: _l("is the ex-partner of"),
    TieKind.SIBLING: _l("is a brother or sister of"),
    TieKind.CHILD: _l("is a child of"),
    TieKind.FRIEND: _l("is a friend of"),
    TieKind.COLLEAGUE: _l("is a colleague of"),
    TieKind.CONFLICT: _l("is in conflict with"),
    TieKind.CUT_OFF: _l("has cut off contact with"),
}

QUALITY_LABELS = {
    TieQuality.STRONG: _l("Strong"),
    TieQuality.ORDINARY: _l("Ordinary"),
    TieQuality.WEAK: _l("Weak"),
    TieQuality.TENSE: _l("Tense"),
}

LANGUAGE_LABELS = {
    "nl": "Nederlands",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "pl": "Polski",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "pap": "Papiamentu",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "uk": "Українська",
    "ru": "Русский",
    "fa": "فارسی",
    "ber": "Tamaziɣt",
}
