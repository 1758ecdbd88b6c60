"""A ``next`` address is followed only when it is a path on this site."""

from __future__ import annotations

import pytest

from eigenkracht.core.redirects import safe_next

FALLBACK = "/cases/"


@pytest.mark.parametrize("target", [
    "/cases/EK-2026-0001",
    "/cases/?q=van+der+Berg&status=all",
    "/cases/EK-2026-0001/network#people",
])
def test_a_path_on_this_site_is_followed(target):
    assert safe_next(target, FALLBACK) == target


@pytest.mark.parametrize("target", [
    None, "", "cases", "//evil.example", "///evil.example", "/\\evil.example",
    "\\\\evil.example", "https://evil.example/", "http:/evil.example",
    "/%09/evil.example", "/\t/evil.example", "/%0A/x", "/\n/x", "/%0d%0a/x",
    "/%2F/evil.example", "/%5Cevil.example", "/ /evil.example", "/\u2028/evil.example",
    "/\u200b/evil.example", "javascript:alert(1)", "/" + "a" * 2001,
])
def test_anything_else_goes_to_the_fallback(target):
    assert safe_next(target, FALLBACK) == FALLBACK
