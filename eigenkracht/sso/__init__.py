"""Single sign-on: each organisation's OpenID Connect provider (Entra ID, Keycloak, …)."""
