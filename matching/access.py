"""Who may see and act on needs, proposals, saved searches and a need's procurement file.

Every matching view asks here (and the services in matching.workflows re-check with the same
functions): `<thing>_for_viewer` / `_for_editor` return the object or raise 404 (403 where the
user sees the object but may not change it), `can_<verb>` answer yes or no, `require_<role>`
raise PermissionDenied.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.access import is_member, is_municipality_member, is_office, organisations_of
from accounts.models import Organisation
from catalog.models import ProviderProfile

from .models import Need


def need_for_viewer(user, pk, queryset=None):
    """The need if `user` may see it (public, own town, office); 404 otherwise."""
    queryset = queryset if queryset is not None else Need.objects.all()
    need = queryset.filter(pk__in=Need.objects.visible_to(user).values("pk")).filter(pk=pk).first()
    if need is None:
        raise Http404
    return need


def can_decide(user, need) -> bool:
    """Members of the need's own town shortlist, dismiss, rate and watch; nobody else."""
    return is_member(user, need.organisation)


def require_decider(user, need):
    if not can_decide(user, need):
        raise PermissionDenied


def sees_decisions(user, need) -> bool:
    """The town's shortlist and the proposals it received: the town itself and the office."""
    return can_decide(user, need) or is_office(user)


def own_provider_profiles(user):
    orgs = organisations_of(user, Organisation.Kind.PROVIDER)
    return list(ProviderProfile.objects.filter(organisation__in=orgs))


def require_provider(user):
    profiles = own_provider_profiles(user)
    if not profiles:
        raise PermissionDenied
    return profiles


def public_need(pk):
    need = Need.objects.public().select_related("organisation").filter(pk=pk).first()
    if need is None:
        raise Http404
    return need


def require_saver(user):
    """Saved searches and alerts are for municipality members."""
    if not user.is_authenticated or not is_municipality_member(user):
        raise PermissionDenied


def need_for_editor(user, pk):
    """The need for its own town's members: 404 if `user` may not see it, 403 if they may see
    it (public, or the office) but it is not their town's."""
    need = need_for_viewer(user, pk, Need.objects.select_related("organisation"))
    require_decider(user, need)
    return need


def can_see_chronology(user, need) -> bool:
    """The dated chronology of a need is part of the town's procurement file: its members
    and the office see it; other towns and providers do not, even for a public need."""
    return is_member(user, need.organisation) or is_office(user)


def need_for_chronology(user, pk):
    """The need if `user` may see its chronology; 404 otherwise (no hint that it exists)."""
    need = Need.objects.select_related("organisation__municipality", "author").filter(pk=pk).first()
    if need is None or not user.is_authenticated or not can_see_chronology(user, need):
        raise Http404
    return need


def can_contact_providers(user) -> bool:
    """Contact buttons on matches and solutions: municipality members."""
    return is_municipality_member(user)


def can_create_need(user) -> bool:
    """Describing a new need: municipality members."""
    return is_municipality_member(user)


def can_edit_need(user, need) -> bool:
    """Edit, close, reopen and delete a need: members of the need's own town."""
    return is_member(user, need.organisation)


def is_provider(user) -> bool:
    """The user acts for at least one provider profile (proposals to public needs)."""
    return bool(own_provider_profiles(user))


def search_need_prompt(user) -> str:
    """What the empty search result offers: the need form to a town, a sign-in link to an
    anonymous visitor, nothing to anyone else."""
    if is_municipality_member(user):
        return "form"
    return "sign_in" if not user.is_authenticated else ""
