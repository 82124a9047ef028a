"""A person's data rights (Art. 15, 17, 20 GDPR): export everything about them, erase it.

Export: one ZIP with `daten.json` (the account and every row of every app that points to the
person, plus audit entries about them, invitations and contact entries with their address) and
the files they uploaded. Secrets (password hash, token hashes, 2FA keys) are never exported.

Erasure keeps the user row as a pseudonym ("Gelöschte Person 3fa9c1", an address under
`.invalid`, no password): content that belongs to an organisation (needs, proposals, questions,
documents) stays with it, and audit entries and decision logs keep a consistent actor. Everything
that only concerns the person goes (memberships, notifications, saved searches, tokens, e-mail
addresses, 2FA, invitations and contact entries with their address, future workshop seats), and
any copy of their e-mail address or name in a text column of any table is replaced by the
pseudonym (e.g. the sender line of a contact request in the provider's notifications).
"""

import io
import json
import re
import secrets
import zipfile
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.access import can_manage_personal_data, forget_memberships
from accounts.models import Invitation, Membership, User
from api.models import ApiToken
from catalog.models import ContactPerson
from core.models import AuditEntry, Notification
from core.services import log_action
from events.models import Registration
from events.services import cancel_registration
from matching.models import SavedSearch

PSEUDONYM_DOMAIN = "geloescht.invalid"
# Never exported: hashes, keys and tokens that would let someone act as the person.
SECRET_FIELDS = {"password", "secret_hash", "token", "key", "session_key", "session_data"}
SECRET_MODEL_FIELDS = {("mfa", "authenticator"): {"data"}}
# Tables without personal text: Django's own bookkeeping.
SKIPPED_APPS = {"contenttypes", "sessions", "auth"}


# --- export -----------------------------------------------------------------------------------


def _person_foreign_keys():
    """(model, field name) for every foreign key to the user model, across all apps."""
    for model in apps.get_models():
        if model is User:
            continue
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is User:
                yield model, f.name


def _secret(model, field_name):
    meta = model._meta
    return field_name in SECRET_FIELDS or field_name in SECRET_MODEL_FIELDS.get(
        (meta.app_label, meta.model_name), set()
    )


def _serialise(obj, person):
    """One row as a dict; other people appear as null, related objects with id and label."""
    row = {}
    for f in obj._meta.concrete_fields:
        if _secret(type(obj), f.name):
            continue
        if f.is_relation:
            pk = getattr(obj, f.attname)
            if f.related_model is User:
                row[f.name] = "you" if pk == person.pk else None
            else:
                target = getattr(obj, f.name) if pk is not None else None
                row[f.name] = {"id": pk, "label": str(target)} if target is not None else None
        elif isinstance(f, models.FileField):
            row[f.name] = getattr(obj, f.name).name or ""
        else:
            row[f.name] = getattr(obj, f.attname)
    for m2m in obj._meta.many_to_many:
        if m2m.related_model is not User:
            row[m2m.name] = [str(item) for item in getattr(obj, m2m.name).all()]
    return row


def _label(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def collect_personal_data(person):
    """{section: [rows]} of everything stored about `person`, and the uploads [(path, file)]."""
    data = {
        "account": {
            "email": person.email,
            "name": person.name,
            "function": person.function,
            "phone": person.phone,
            "date_joined": person.date_joined,
            "last_login": person.last_login,
            "is_active": person.is_active,
            "inactivity_warned_at": person.inactivity_warned_at,
        }
    }
    uploads = []
    for model, field_name in _person_foreign_keys():
        rows = model._base_manager.filter(**{field_name: person}).order_by("pk")
        if not rows.exists():
            continue
        section = data.setdefault(_label(model), {})
        for obj in rows:
            if str(obj.pk) not in section:
                section[str(obj.pk)] = {**_serialise(obj, person), "_relation": []}
                uploads += [
                    (f"uploads/{_label(model)}/{obj.pk}/", getattr(obj, f.name))
                    for f in obj._meta.concrete_fields
                    if isinstance(f, models.FileField) and getattr(obj, f.name)
                ]
            section[str(obj.pk)]["_relation"].append(field_name)
    about = AuditEntry.objects.filter(_audit_about(person)).exclude(actor=person).order_by("pk")
    data["audit entries about you"] = [_serialise(e, person) for e in about]
    data["invitations to your address"] = [
        _serialise(i, person) for i in Invitation.objects.filter(email__iexact=person.email)
    ]

    data["contact entries with your address"] = [
        _serialise(c, person) for c in ContactPerson.objects.filter(email__iexact=person.email)
    ]
    for key, value in list(data.items()):
        if isinstance(value, dict) and key != "account":
            data[key] = list(value.values())
    return data, uploads


def _audit_about(person):
    """Audit rows whose object is the person, one of their memberships or registrations."""

    def of(model, ids):
        return models.Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in ids],
        )

    return (
        of(User, [person.pk])
        | of(Membership, Membership.objects.filter(user=person).values_list("pk", flat=True))
        | of(Registration, Registration.objects.filter(user=person).values_list("pk", flat=True))
    )


def export_personal_data(*, actor, person, reason=""):
    """The ZIP (bytes) of everything about `person`. The person or the office (audited)."""
    if not can_manage_personal_data(actor, person):
        raise PermissionDenied
    data, uploads = collect_personal_data(person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "daten.json",
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for folder, upload in uploads:
            try:
                with upload.open("rb") as handle:
                    archive.writestr(folder + PurePosixPath(upload.name).name, handle.read())
            except FileNotFoundError:
                continue  # a file lost from storage: the JSON still names it
    if actor.pk != person.pk:
        with transaction.atomic():
            log_action(person, actor=actor, action="legal.person.data_exported", comment=reason)
    return buffer.getvalue()


# --- erasure ----------------------------------------------------------------------------------


def check_not_last_admin(person):
    """Raises ValidationError when `person` is the only active admin of an organisation."""
    sole = [
        m.organisation.name
        for m in Membership.objects.active()
        .filter(user=person, role=Membership.Role.ADMIN)
        .select_related("organisation")
        if not m.organisation.memberships.active()
        .filter(role=Membership.Role.ADMIN)
        .exclude(user=person)
        .exists()
    ]
    if sole:
        raise ValidationError(
            _(
                "You are the last administrator of %(orgs)s. Make another member an "
                "administrator first (or invite someone with the role “Administrator”); "
                "nothing has been deleted."
            )
            % {"orgs": ", ".join(f"„{name}“" for name in sorted(sole))},
            code="last_admin",
        )


def _pseudonym():
    while True:
        tag = secrets.token_hex(3)
        email = f"geloescht-{tag}@{PSEUDONYM_DOMAIN}"
        if not User.objects.filter(email=email).exists():
            with translation.override(settings.LANGUAGE_CODE):
                return f"{_('Deleted person')} {tag}", email


def _text_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
        and not f.primary_key
        and not f.choices
    ]


def _replace(value, patterns):
    if isinstance(value, str):
        for pattern, replacement in patterns:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, list):
        return [_replace(v, patterns) for v in value]
    if isinstance(value, dict):
        return {_replace(k, patterns): _replace(v, patterns) for k, v in value.items()}
    return value


def scrub_text(*, needles, patterns):
    """Replace the person's e-mail address and name in every text column of every table."""
    changed = 0
    for model in apps.get_models():
        if model is User or model._meta.app_label in SKIPPED_APPS:
            continue
        for f in _text_fields(model):
            rows = model._base_manager.all()
            if isinstance(f, models.JSONField):
                rows = rows.annotate(_as_text=Cast(f.name, models.TextField()))
                lookup = "_as_text__icontains"
            else:
                lookup = f"{f.name}__icontains"
            condition = models.Q()
            for needle in needles:
                condition |= models.Q(**{lookup: needle})
            for pk, value in rows.filter(condition).values_list("pk", f.name):
                new = _replace(value, patterns)
                if new != value:
                    model._base_manager.filter(pk=pk).update(**{f.name: new})
                    changed += 1
    return changed


def erase_person(*, actor, person, password=None, reason="", now=None):
    """Delete or pseudonymise everything about `person`; the rule is in the module docstring.

    The person (with the right password), the office, or the retention task (actor None).
    Refused, with nothing changed, while the person is an organisation's last administrator.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    if actor is not None and not can_manage_personal_data(actor, person):
        raise PermissionDenied
    if actor is not None and actor.pk == person.pk and not person.check_password(password or ""):
        raise ValidationError(_("The password is not correct."), code="wrong_password")
    if person.erased_at:
        raise ValidationError(_("This account has already been deleted."))
    now = now or timezone.now()
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        check_not_last_admin(person)
        old_email, old_name = person.email, person.name.strip()
        for registration in Registration.objects.filter(
            user=person, workshop__ends_at__gte=now
        ).exclude(status=Registration.Status.CANCELLED):
            cancel_registration(actor=person, registration=registration)
        Membership.objects.filter(user=person).delete()
        Notification.objects.filter(user=person).delete()
        SavedSearch.objects.filter(user=person).delete()
        ApiToken.objects.filter(user=person).delete()
        Authenticator.objects.filter(user=person).delete()
        EmailAddress.objects.filter(user=person).delete()
        Invitation.objects.filter(email__iexact=old_email).delete()
        ContactPerson.objects.filter(email__iexact=old_email).delete()

        name, email = _pseudonym()
        person.name, person.email = name, email
        person.function = person.phone = ""
        person.set_unusable_password()
        person.is_active = person.is_staff = person.is_superuser = False
        person.last_login = person.inactivity_warned_at = None
        person.erased_at = now
        person.save()
        person.groups.clear()
        person.user_permissions.clear()
        forget_memberships(person)
        log_action(person, actor=actor, action="legal.person.erased", comment=reason)

        patterns = [(re.compile(re.escape(old_email), re.IGNORECASE), email)]
        needles = [old_email]
        if len(old_name) >= 3:
            patterns.append(
                (re.compile(rf"(?<!\w){re.escape(old_name)}(?!\w)", re.IGNORECASE), name)
            )
            needles += [old_name, json.dumps(old_name)[1:-1]]
        scrub_text(needles=needles, patterns=patterns)
    return person
