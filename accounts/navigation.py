"""The main navigation: the same for everyone, plus what a role adds (providers see the
challenges that fit them, the office its area)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .access import is_office, is_provider_member

MAIN_NAV = [
    (reverse_lazy("matching:search"), _("Solutions")),
    (reverse_lazy("matching:needs"), _("Needs")),
    (reverse_lazy("events:list"), _("Workshops")),
    (reverse_lazy("partnerships:list"), _("Partnerships")),
    (reverse_lazy("municipalities:list"), _("Municipalities")),
]
OFFICE_NAV = (reverse_lazy("office:home"), _("Office"))
# Public needs that fit a provider's solutions; only providers can open the page.
CHALLENGES_NAV = (reverse_lazy("matching:challenges"), _("Challenges"))


def main_nav(request):
    items = list(MAIN_NAV)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if is_provider_member(user):
            items.insert(2, CHALLENGES_NAV)
        if is_office(user):
            items.append(OFFICE_NAV)
    return [
        {"url": str(url), "label": label, "current": request.path.startswith(str(url))}
        for url, label in items
    ]
