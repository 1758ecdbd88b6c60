"""Admins manage the accounts of their own organisation.

The request kernel commits after a page that answered below 400 and rolls back otherwise:
a refused form (422) leaves nothing behind.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eigenkracht.admin import services as accounts
from eigenkracht.auth import factors, services
from eigenkracht.auth.forms import (
    ROLE_LABELS,
    EmptyForm,
    SecondFactorPolicyForm,
    UserCreateForm,
    UserEditForm,
)
from eigenkracht.auth.models import Role, User
from eigenkracht.auth.passwords import PasswordRejected, generate_password
from eigenkracht.core.roles import admin_required
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _user_of_my_organisation(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.organisation_id != current_user.organisation_id:
        abort(404)
    return user


def _address_message(code: str) -> str:
    if code == accounts.TAKEN_HERE:
        return _("There is already an account with this e-mail address.")
    # In use in another organisation: say no more than that it cannot be used here.
    return _("This e-mail address cannot be used for a new account. Use another address, "
             "such as the person's address at your organisation.")


@bp.app_context_processor
def role_labels():
    return {"ROLE_LABELS": ROLE_LABELS}


@bp.route("/users")
@admin_required
def users():
    members = services.users_of(current_user.organisation_id)
    return render_template("admin/users.html", users=members)


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user():
    form = UserCreateForm()
    if form.validate_on_submit():
        claim_form(form)  # sent again, the form leads to the account it made
        password = form.password.data or generate_password()
        try:
            user = accounts.create_account(
                current_user.organisation, email=form.email.data, name=form.name.data,
                role=Role(form.role.data), password=password, locale=form.locale.data)
        except services.AccountError as refused:  # nothing was written; 422 below
            form.email.errors.append(_address_message(str(refused)))
        except PasswordRejected as exc:
            form.password.errors.append(str(exc))
        else:
            remember_form(form, url_for("admin.edit_user", user_id=user.id))
            shown = password if not form.password.data else None
            return render_template("admin/user_created.html", user=user, password=shown)
    status = 422 if form.errors else 200
    return render_template("admin/user_form.html", form=form, user=None), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    user = _user_of_my_organisation(user_id)
    form = UserEditForm(obj=user)
    if not form.is_submitted():
        form.role.data = user.role.value
    if form.validate_on_submit():
        try:
            services.update_user(user, name=form.name.data, role=Role(form.role.data),
                                 active=form.active.data, acting=current_user,
                                 team=form.team.data or "")
        except services.AccountError:  # refused before anything was written; 422 below
            form.role.errors.append(_("You cannot remove your own administrator role or "
                                      "deactivate yourself."))
        else:
            flash(_("The account of %(name)s has been saved.", name=user.name), "success")
            return redirect(url_for("admin.users"))
    status = 422 if form.errors else 200
    return render_template("admin/user_form.html", form=form, user=user,
                           factor_count=_factor_count(user)), status


def _factor_count(user: User) -> int:
    return int(factors.has_totp(user)) + len(factors.keys_of(user))


@bp.post("/users/<int:user_id>/second-factor/reset")
@admin_required
def reset_second_factor(user_id: int):
    """Remove a user's app, keys and recovery codes (audited; the user is told by e-mail)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    user = _user_of_my_organisation(user_id)
    services.reset_second_factor(user, acting=current_user._get_current_object())
    flash(_("The second factor of %(name)s has been reset. They have been told by e-mail "
            "and set up a new one at their next login.", name=user.name), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id), 303)


@bp.route("/second-factor", methods=["GET", "POST"])
@admin_required
def second_factor_policy():
    """Which roles of the organisation must log in with a second factor."""
    organisation = current_user.organisation
    form = SecondFactorPolicyForm()
    if not form.is_submitted():
        form.roles.data = sorted(role.value for role in factors.required_roles(organisation))
    if form.validate_on_submit():
        factors.set_required_roles(organisation, {Role(value) for value in form.roles.data})
        flash(_("The second-factor setting has been saved."), "success")
        return redirect(url_for("admin.second_factor_policy"), 303)
    status = 422 if form.errors else 200
    return render_template("admin/second_factor.html", form=form), status
