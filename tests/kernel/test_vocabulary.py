"""One vocabulary for refusing a change (core.rules) and one clock (core.clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from flask import Flask
from flask_babel import lazy_gettext as _l

from eigenkracht.core import clock
from eigenkracht.core.rules import (
    RuleError,
    StaleEdit,
    check_version,
    clean_text,
    message_for,
    register_messages,
)


class Record:
    row_version = 3


def test_every_rule_code_of_the_app_has_one_meaning(app):
    book = app.extensions["rule_messages"]
    assert "too_long" in book and "person_in_use" in book and "plan_private_time" in book


def test_a_code_registered_twice_with_other_words_stops_the_app_from_starting():
    app = Flask(__name__)
    register_messages(app, {"same": _l("Choose a status from the list.")})
    register_messages(app, {"same": _l("Choose a status from the list.")})  # same words: fine
    with pytest.raises(ValueError, match="registered twice"):
        register_messages(app, {"same": _l("Choose: in progress or done.")})


def test_a_message_gets_its_values_and_a_list_reads_as_a_list(english):
    assert message_for("too_long", {"limit": 200}) == "Use at most 200 characters."
    uses = message_for("person_in_use", {"name": "Fatma", "uses": ["action 1", "the monitor"]})
    assert "action 1; the monitor" in uses and "Fatma" in uses


def test_text_at_the_limit_is_taken_and_one_past_it_is_refused():
    assert clean_text("note", "x" * 10, 10) == "x" * 10
    with pytest.raises(RuleError) as refused:
        clean_text("note", "x" * 11, 10)
    assert (refused.value.code, refused.value.field, refused.value.params) == (
        "too_long", "note", {"limit": 10})


def test_text_is_trimmed_its_line_ends_made_one_kind_and_its_accents_composed():
    assert clean_text("note", "  Ays\u0327e\r\nbelt\r", 100) == "Ayşe\nbelt"


@pytest.mark.parametrize("typed", ["a\x00b", "a\x1bb", "a\x7fb", "a\x08b"])
def test_invisible_control_characters_are_refused(typed):
    with pytest.raises(RuleError, match="control_characters"):
        clean_text("note", typed, 100)


def test_a_line_break_is_refused_in_a_one_line_field_but_taken_in_a_text():
    assert clean_text("note", "a\nb", 10) == "a\nb"
    with pytest.raises(RuleError, match="control_characters"):
        clean_text("name", "a\nb", 10, multiline=False)


def test_an_empty_required_field_is_refused():
    with pytest.raises(RuleError, match="name_required"):
        clean_text("name", "   ", 10, required=True, code="name_required")


def test_several_problems_travel_together_each_at_its_field():
    error = RuleError.several([("text", "too_long"), (None, "control_characters")])
    assert [(name, code) for name, code, _ in error.problems] == [
        ("text", "too_long"), (None, "control_characters")]


@pytest.mark.parametrize("sent", [None, "", "3", 3])
def test_a_form_of_the_current_version_or_without_one_is_taken(sent):
    check_version(Record(), sent)


@pytest.mark.parametrize("sent", ["2", "4", "three", "3.0", 2])
def test_a_form_of_another_version_is_refused_as_stale(sent):
    with pytest.raises(StaleEdit):
        check_version(Record(), sent)


def test_today_is_the_local_date_not_the_utc_one(app):
    with app.app_context(), clock.frozen(datetime(2026, 3, 14, 23, 30, tzinfo=UTC)):
        assert clock.today() == date(2026, 3, 15)  # 00:30 in Amsterdam
    with app.app_context(), clock.frozen(datetime(2026, 3, 14, 22, 59, tzinfo=UTC)):
        assert clock.today() == date(2026, 3, 14)  # 23:59 in Amsterdam


def test_a_time_the_clocks_skip_is_refused_and_the_hour_before_is_taken(app):
    with app.app_context():
        with pytest.raises(clock.NoSuchLocalTime):
            clock.from_local(date(2026, 3, 29), time(2, 30))
        assert clock.from_local(date(2026, 3, 29), time(1, 59)) == datetime(
            2026, 3, 29, 0, 59, tzinfo=UTC)
