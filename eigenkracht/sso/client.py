"""The OpenID Connect client of one organisation's provider, through Authlib's Flask client.

One Authlib client per provider settings version (``row_version``): changed settings make a
new client, so nobody signs in with the old secret. The provider's metadata (discovery) and
keys are fetched by Authlib and kept on that client; every call has a time-out.
"""

from __future__ import annotations

from urllib.parse import urlencode

from eigenkracht.core.links import public_url
from eigenkracht.extensions import oauth
from eigenkracht.sso.models import SsoProvider
from eigenkracht.sso.secrets import open_secret

SCOPES = "openid email profile"
TIMEOUT = 10  # seconds, for every call to the provider


def client_name(provider: SsoProvider) -> str:
    return f"org{provider.organisation_id}v{provider.row_version}"


def client_for(provider: SsoProvider):
    """The Authlib client of ``provider``'s current settings."""
    name = client_name(provider)
    if name in oauth._registry:  # noqa: SLF001 - Authlib keeps its clients by name
        return oauth.create_client(name)
    return oauth.register(
        name, client_id=provider.client_id, client_secret=open_secret(provider.client_secret),
        server_metadata_url=f"{provider.issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": SCOPES, "default_timeout": TIMEOUT})


def redirect_uri() -> str:
    """The one address every provider sends people back to (register it there)."""
    return public_url("sso.callback")


def end_session_url(provider: SsoProvider) -> str | None:
    """The provider's end-session address, back to our login page, if it has one."""
    metadata = client_for(provider).load_server_metadata()
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return None
    query = urlencode({"client_id": provider.client_id,
                       "post_logout_redirect_uri": public_url("auth.login")})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
