"""The main navigation. Paths follow the stable German URL map in docs/architecture.md."""

from django.utils.translation import gettext_lazy as _

MAIN_NAV = [
    ("/loesungen/", _("Solutions")),
    ("/vorhaben/", _("Needs")),
    ("/veranstaltungen/", _("Workshops")),
    ("/partnerschaften/", _("Partnerships")),
    ("/kommunen/", _("Municipalities")),
]
OFFICE_NAV = ("/geschaeftsstelle/", _("Office"))
# Public needs that fit a provider's solutions; only providers can open the page.
CHALLENGES_NAV = ("/herausforderungen/", _("Challenges"))


def main_nav(request):
    items = list(MAIN_NAV)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from accounts.access import is_office, is_provider_member

        if is_provider_member(user):
            items.insert(2, CHALLENGES_NAV)
        if is_office(user):
            items.append(OFFICE_NAV)
    return [
        {"url": url, "label": label, "current": request.path.startswith(url)}
        for url, label in items
    ]
