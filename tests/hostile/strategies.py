"""Hypothesis strategies for hostile input: text, numbers, form bodies and JSON bodies."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Small and repeatable: a few examples per route, the same ones on every run and in CI.
HOSTILE_SETTINGS = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)

NUMBERS = ["-1", "0", "-0", "99999999999999999999", "2147483648", "-9223372036854775809",
           "1e309", "NaN", "inf", "1_000", "١٢٣", "0x10", "3.5", " 7 ", "+1"]
DATES = ["2026-02-30", "0000-00-00", "9999-12-31", "0001-01-01", "2026-13-01", "31-12-2026",
         "24:61", "25:00"]
SPECIAL = [
    "", " ", "\x00", "a\x00b", "\u202eevil\u202c", "\u200f\u200e\u200b", "\r\n\t\x0b\x0c",
    "\x1b[31mred", "\x7f\x85", "\ud800", "x\udfffy", "\ufeff", "💩" * 20, "ﷺ" * 50,
    "' OR 1=1 --", "'; DROP TABLE cases; --", "<script>alert(1)</script>", "{{ 7*7 }}",
    "%s%n%x", "../../etc/passwd", "=cmd|' /C calc'!A0", "javascript:alert(1)",
    "true", "null", "[]", "{}", "x" * 300, "é" * 5_000, "y" * 100_000,
    *NUMBERS, *DATES,
]

hostile_text = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Mn"]),
            max_size=20),
)

MUTATIONS = ("replace", "replace", "replace", "drop", "duplicate", "extra", "every")


@st.composite
def hostile_form(draw, valid: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The valid fields with one field replaced, dropped or sent twice, an unknown field
    added, or every field replaced."""
    fields = list(valid)
    names = sorted({name for name, _ in fields})
    mutation = draw(st.sampled_from(MUTATIONS)) if names else "extra"
    if mutation == "extra":
        return [*fields, (draw(st.text(max_size=20)), draw(hostile_text))]
    if mutation == "every":
        return [(name, draw(hostile_text)) for name, _ in fields]
    name = draw(st.sampled_from(names))
    if mutation == "drop":
        return [pair for pair in fields if pair[0] != name]
    if mutation == "duplicate":
        return [*fields, (name, draw(hostile_text))]
    value = draw(hostile_text)
    return [(n, value if n == name else v) for n, v in fields]


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63),
    st.floats(), hostile_text,
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=8,
)


@st.composite
def hostile_json(draw, valid: dict) -> object:
    """The valid body with a field of any JSON type, a field dropped or added, or any JSON
    value at all in its place."""
    names = sorted(valid)
    mutation = draw(st.sampled_from(("replace", "replace", "drop", "extra", "anything")))
    if mutation == "anything" or not names:
        return draw(json_values)
    body = dict(valid)
    if mutation == "extra":
        body[draw(st.text(max_size=12))] = draw(json_values)
        return body
    name = draw(st.sampled_from(names))
    if mutation == "drop":
        body.pop(name)
    else:
        body[name] = draw(json_values)
    return body


QUERY_NAMES = ("q", "page", "per_page", "status", "kind", "sort", "order", "since", "limit",
               "offset", "lang", "version", "filter", "assigned", "role")


@st.composite
def hostile_query(draw) -> list[tuple[str, str]]:
    """A query string of well-known parameter names (and any) with hostile values."""
    names = st.one_of(st.sampled_from(QUERY_NAMES), st.text(max_size=10))
    return draw(st.lists(st.tuples(names, hostile_text), min_size=1, max_size=4))
