"""The rules of the admins' account pages that the sign-in services do not know.

An e-mail address belongs to one account in the whole app (it is how people sign in), so an
address in use in another organisation cannot be given to a new account here. What an
admin learns about it is as little as the rule allows:

- every other problem of the form (a weak password, a bad name or role) is told first, the
  same whether the address is free, in use here or elsewhere: a refused form answers
  nothing about addresses;
- an address of one's own organisation gets the clear message (the admin sees that account
  in the list anyway);
- an address of another organisation gets a neutral message that names no organisation and
  does not say that an account exists.
"""

from __future__ import annotations

from sqlalchemy import select

from eigenkracht.auth import services as accounts
from eigenkracht.auth.models import Organisation, Role, User, normalise_email
from eigenkracht.auth.passwords import check_strength
from eigenkracht.extensions import db

TAKEN_HERE = "email_taken"
NOT_AVAILABLE = "email_unavailable"


def address_refusal(organisation: Organisation, email: str) -> str | None:
    """Why ``email`` cannot be given to a new account of ``organisation`` (a code), or None."""
    owner = db.session.scalar(select(User.organisation_id).where(
        User.email == normalise_email(email)))
    if owner is None:
        return None
    return TAKEN_HERE if owner == organisation.id else NOT_AVAILABLE


def create_account(organisation: Organisation, *, email: str, name: str, role: Role,
                   password: str, locale: str | None = None) -> User:
    """A new account of ``organisation``: the password is judged before the address, so
    a refused password says nothing about the address. Raises ``PasswordRejected`` or
    ``AccountError`` (code ``TAKEN_HERE`` or ``NOT_AVAILABLE``, field ``email``)."""
    check_strength(password, user_inputs=[normalise_email(email), name])
    refusal = address_refusal(organisation, email)
    if refusal is not None:
        raise accounts.AccountError(refusal, field="email")
    try:
        return accounts.create_user(organisation, email=email, name=name, role=role,
                                    password=password, locale=locale)
    except accounts.AccountError:  # taken meanwhile: told as above, never more
        raise accounts.AccountError(address_refusal(organisation, email) or NOT_AVAILABLE,
                                    field="email") from None
