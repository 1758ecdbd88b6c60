"""The family page on the home screen (a manifest per link and language, PNG icons, 180 px
for iPhones) and its times on the organisation's clock, not in UTC or the phone's zone."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eigenkracht.core import clock
from eigenkracht.plans.actions import add_update
from eigenkracht.plans.models import ActionStatus

STATIC = Path(__file__).resolve().parents[2] / "eigenkracht" / "static"


def manifest_of(client, family, lang="nl"):
    response = client.get(f"/p/{family.token}/manifest.webmanifest?lang={lang}")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    return json.loads(response.data)


def test_the_page_links_its_own_manifest_and_an_icon_for_iphones(client, family):
    page = client.get(f"/p/{family.token}?lang=ar").text
    assert f'<link rel="manifest" href="/p/{family.token}/manifest.webmanifest?lang=ar">' in page
    assert '<link rel="apple-touch-icon" href="/static/family-icon-180.png">' in page


def test_the_start_url_is_the_page_itself_within_the_scope(client, family):
    manifest = manifest_of(client, family)
    assert manifest["scope"] == "/p/"
    assert manifest["start_url"] == f"/p/{family.token}?lang=nl"
    assert manifest["start_url"].startswith(manifest["scope"])
    assert manifest["display"] == "standalone"


@pytest.mark.parametrize(("lang", "name", "direction"), [
    ("nl", "Ons plan", "ltr"), ("en", "Our plan", "ltr"), ("tr", "Planımız", "ltr"),
    ("ar", "خطتنا", "rtl"), ("pl", "Nasz plan", "ltr")])
def test_the_name_is_in_the_pages_language(client, family, lang, name, direction):
    manifest = manifest_of(client, family, lang)
    assert manifest["short_name"] == name
    assert manifest["lang"] == lang and manifest["dir"] == direction
    assert manifest["start_url"].endswith(f"lang={lang}")


def test_without_a_language_the_persons_own_is_used(client, family):
    response = client.get(f"/p/{family.token}/manifest.webmanifest")
    assert json.loads(response.data)["lang"] == "nl"  # Oma's language on the map


def test_the_icons_are_local_pngs_of_the_sizes_they_claim(client, family):
    from PIL import Image

    icons = manifest_of(client, family)["icons"]
    sizes = {icon["sizes"] for icon in icons}
    assert {"180x180", "192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in icons)
    for icon in icons:
        assert icon["src"].startswith("/static/") and icon["type"] == "image/png"
        assert client.get(icon["src"]).status_code == 200
        with Image.open(STATIC / icon["src"].removeprefix("/static/")) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_the_manifest_holds_nothing_of_the_plan(client, family):
    text = client.get(f"/p/{family.token}/manifest.webmanifest").text
    for private in ("Noëlle", "Oma", "school", "Jeugdzorg"):
        assert private not in text


@pytest.mark.parametrize("token", ["wrong-token", "x" * 500, "%00", "<script>"])
def test_an_unknown_link_has_no_manifest(client, family, token):
    assert client.get(f"/p/{token}/manifest.webmanifest").status_code == 404


def test_a_revoked_link_has_no_manifest(client, family, db):
    family.link.revoked_at = datetime(2026, 1, 1, tzinfo=UTC)
    db.session.flush()
    assert client.get(f"/p/{family.token}/manifest.webmanifest").status_code == 404


# --- the organisation's clock ---------------------------------------------------------------

def test_times_on_the_page_are_local_not_utc(client, family, db):
    """23:30 UTC on 6 December is 00:30 on 7 December in Amsterdam."""
    late = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
    with clock.frozen(late):
        add_update(family.oma_action, ActionStatus.DONE, "Gedaan", person=family.oma)
        db.session.flush()
        page = client.get(f"/p/{family.token}?lang=nl").text  # Oma is the monitor
    assert 'data-fetched-at="2026-12-07T00:30:00+01:00"' in page
    assert 'data-fetched-text="07-12-2026, 00:30"' in page
    assert "07-12-2026, 00:30" in page.split('id="updates"')[1]
    assert "23:30" not in page
    assert 'data-time-zone="Europe/Amsterdam"' in page


def test_the_script_shows_the_servers_local_time(client):
    script = (STATIC / "js" / "family.js").read_text("utf-8")
    assert "root.dataset.fetchedText" in script and "timeZone: root.dataset.timeZone" in script
