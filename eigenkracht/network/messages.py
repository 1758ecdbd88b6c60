"""The words for every broken rule of the network map, shared by forms, pages and import.

``create_app`` registers ``RULE_MESSAGES`` with ``core.rules``; ``core.rules.rule_message``
and ``message_for`` find the words of a code (a list parameter, like the uses of a person
in use, is joined with "; ").
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

RULE_MESSAGES = {
    "name_required": _l("Enter the person's name."),
    "too_long": _l("Use at most %(limit)s characters."),
    "control_characters": _l("Remove the invisible control characters from this text."),
    "sector_invalid": _l("Choose a sector from the list."),
    "ring_invalid": _l("Choose a ring: 1 (close), 2 (middle) or 3 (far)."),
    "choice_invalid": _l("Choose one of the options in the list."),
    "support_invalid": _l("Choose kinds of support from the list."),
    "help_invalid": _l("Choose what they can help with from the list."),
    "language_invalid": _l("Choose a language from the list."),
    "phone_invalid": _l("Enter a phone number of at most 40 digits, spaces and + - ( )."),
    "email_invalid": _l("Enter an e-mail address like name@example.nl."),
    "birth_year_range": _l("Enter a year of birth between 1900 and this year, like 1975."),
    "client_not_removable": _l("The client is the centre of the map and cannot be removed."),
    "client_not_movable": _l("The client is the centre of the map and cannot be moved."),
    "tie_kind_invalid": _l("Choose the kind of tie from the list."),
    "tie_person_required": _l("Choose the other person of the tie."),
    "tie_unknown_person": _l("Choose someone who is on this map."),
    "tie_to_self": _l("A person cannot have a tie with themselves. Choose someone else."),
    "tie_duplicate": _l("This tie with %(name)s is already on the map."),
    "tie_contradicts": _l("%(name)s is already recorded as the other's parent: a person "
                          "cannot be both parent and child of the same person."),
    "snapshot_label_too_long": _l("Use at most 200 characters for the label."),
    "on_map_since_invalid": _l("Enter a real date, like 2026-03-31."),
    "on_map_since_future": _l("The date cannot be in the future."),
    "as_of_invalid": _l("Enter a real date, like 2026-03-31."),
    "as_of_in_future": _l("A map cannot be saved as of a day in the future."),
    "as_of_too_old": _l("Choose a day in the last ten years."),
    # ``uses``: the list of where the person is still needed.
    "person_in_use": _l("%(name)s cannot be removed because they are still needed: "
                        "%(uses)s. Take them off there first."),
    # ``names``: who on the map (or in an earlier row) has a name like this one.
    "possible_duplicate": _l("This looks like someone already entered: %(names)s. Check the "
                             "name, or confirm that this is someone else."),
    "grid_person_gone": _l("This person is no longer on the map: someone removed them."),
    "grid_person_changed": _l("Someone else saved this person while you were editing. Your "
                              "changes in this row are kept but not saved: check them and "
                              "save again."),
    "shortcut_incomplete": _l("Choose the people on both sides and whether they are parents "
                              "or children."),
}
