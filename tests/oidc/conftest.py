"""A real OpenID Provider on loopback (panva/oidc-provider under Node.js, tests/oidc/provider)
and a browser of our own that follows its redirects and posts its login form.

`make test` and `.ci/run` install the provider with `npm ci` in tests/oidc/provider.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from eigenkracht.extensions import db
from eigenkracht.sso.models import SsoProvider
from eigenkracht.sso.secrets import seal_secret

PROVIDER_DIR = Path(__file__).parent / "provider"
CLIENT_ID, CLIENT_SECRET = "eigenkracht-test", "a-client-secret-only-the-test-knows"
APP = "http://localhost"  # the test client's host (TestingConfig.PUBLIC_BASE_URL)
PASSWORD = "provider-password"

# Accounts at the provider: login -> claims, and the amr it reports.
ACCOUNTS = {
    "sjoerd": {"claims": {"email": "Coordinator@Rijnmond.example", "email_verified": True,
                          "name": "Sjoerd Coördinator", "groups": ["ek-coordinators"]},
               "amr": ["pwd"]},
    "nieuw": {"claims": {"email": "nieuw@rijnmond.example", "given_name": "Nina",
                         "family_name": "Nieuw", "groups": ["ek-jobcoaches", "ek-staff"]},
              "amr": ["pwd", "mfa"]},
    "baas": {"claims": {"email": "baas@rijnmond.example", "name": "Bas Baas",
                        "groups": ["ek-coordinators", "ek-admins"]}, "amr": ["pwd"]},
    "zonder": {"claims": {"email": "zonder@rijnmond.example", "groups": ["ek-staff"]},
               "amr": ["pwd"]},
    "weg": {"claims": {"email": "jobcoach@rijnmond.example", "groups": ["ek-jobcoaches"]},
            "amr": ["pwd"]},
    "elders": {"claims": {"email": "coordinator@elders.example", "groups": ["ek-coordinators"]},
               "amr": ["pwd"]},
}
MAPPING = {"ek-coordinators": "coordinator", "ek-jobcoaches": "jobcoach", "ek-admins": "admin"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_issuer():
    """The provider's issuer URL; the provider runs for the whole session."""
    node = shutil.which("node")
    assert node, "Node.js is needed for the OpenID Provider (apt-get install nodejs npm)"
    assert (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir(), \
        "run `npm ci` in tests/oidc/provider first (make test and .ci/run do)"
    port = _free_port()
    config = {
        "clients": [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                     "redirect_uris": [f"{APP}/sso/callback"],
                     "post_logout_redirect_uris": [f"{APP}/login"],
                     "grant_types": ["authorization_code"], "response_types": ["code"]}],
        "accounts": {login: {"password": PASSWORD, **account}
                     for login, account in ACCOUNTS.items()},
    }
    with tempfile.TemporaryDirectory(prefix="oidc-") as directory:
        path = Path(directory) / "config.json"
        path.write_text(json.dumps(config), encoding="utf-8")
        process = subprocess.Popen([node, "server.mjs", str(port), str(path)],
                                   cwd=PROVIDER_DIR, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        try:
            line = process.stdout.readline()  # blocks until it listens (or exits)
            assert line.startswith("ready"), f"the provider did not start: {line!r}"
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)
            process.stdout.close()


@pytest.fixture
def provider(oidc_issuer, world, db):
    """The world organisation signs in through the provider (accounts made just in time)."""
    made = SsoProvider(organisation_id=world.org.id, enabled=True, issuer=oidc_issuer,
                       client_id=CLIENT_ID, client_secret=seal_secret(CLIENT_SECRET),
                       email_claim="email", groups_claim="groups", role_mapping=MAPPING,
                       create_users=True, mfa_amr="mfa", mfa_acr="", label="Rijnmond account")
    db.session.add(made)
    db.session.commit()
    return made


@dataclass
class Browser:
    """A person's browser: our app through the test client, the provider over HTTP."""

    app_client: object
    web: requests.Session
    issuer: str

    def follow_provider(self, url: str) -> str:
        """Follow the provider's redirects until one leads back to the app; its address."""
        for _ in range(10):
            if url.startswith(APP):
                return url
            response = self.web.get(url, allow_redirects=False, timeout=10)
            if response.status_code in (302, 303):
                url = urljoin(url, response.headers["Location"])
                continue
            return url  # a page of the provider's own (its login form)
        raise AssertionError("too many redirects")

    def sign_in(self, login: str, password: str = PASSWORD, slug: str = "rijnmond"):
        """From our login page's button to the answer of our callback."""
        started = self.app_client.get(f"/sso/{slug}")
        assert started.status_code == 302, started.status_code
        login_page = self.follow_provider(started.headers["Location"])
        form = self.web.get(login_page, timeout=10)
        action = re.search(r'<form method="post" action="([^"]+)"', form.text).group(1)
        posted = self.web.post(urljoin(self.issuer, action),
                               data={"login": login, "password": password},
                               allow_redirects=False, timeout=10)
        assert posted.status_code in (302, 303), posted.text[:300]
        back = self.follow_provider(urljoin(self.issuer, posted.headers["Location"]))
        assert back.startswith(f"{APP}/sso/callback"), back
        parts = urlsplit(back)
        return self.app_client.get(f"{parts.path}?{parts.query}")


@pytest.fixture
def browser(app, oidc_issuer):
    with requests.Session() as web:
        yield Browser(app_client=app.test_client(), web=web, issuer=oidc_issuer)


@pytest.fixture
def another_browser(app, oidc_issuer):
    with requests.Session() as web:
        yield Browser(app_client=app.test_client(), web=web, issuer=oidc_issuer)


__all__ = ["db"]
