"""The words for the respondents' roles in the summary."""

from flask_babel import lazy_gettext as _l

from eigenkracht.evaluation.models import RespondentRole

ROLE_LABELS = {
    RespondentRole.CHILD: _l("Children"),
    RespondentRole.FAMILY: _l("Family"),
    RespondentRole.NETWORK: _l("Network"),
    RespondentRole.PROFESSIONAL: _l("Professionals"),
}
