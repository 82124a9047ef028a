from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from accounts.access import is_municipality_member, is_office

from .models import ProviderProfile, Reference, Solution


def can_see_contacts(user):
    """Contact persons: signed-in municipality and office users only."""
    return is_municipality_member(user) or is_office(user)


def solution_detail(request, slug):
    solution = get_object_or_404(
        Solution.objects.visible_to(request.user)
        .select_related("provider")
        .prefetch_related(
            "topics",
            "standards",
            Prefetch("references", queryset=Reference.objects.select_related("municipality")),
        ),
        slug=slug,
    )
    references = [r for r in solution.references.all() if r.status != Reference.Status.REJECTED]
    related = (
        Solution.objects.published()
        .filter(topics__in=solution.topics.all())
        .exclude(pk=solution.pk)
        .select_related("provider")
        .distinct()
        .order_by("-published_at")[:4]
    )
    return render(
        request,
        "catalog/solution_detail.html",
        {"solution": solution, "references": references, "related": related},
    )


def provider_detail(request, slug):
    provider = get_object_or_404(ProviderProfile.objects.visible_to(request.user), slug=slug)
    solutions = (
        Solution.objects.visible_to(request.user)
        .filter(provider=provider)
        .prefetch_related("topics")
        .order_by("title")
    )
    contacts = provider.contacts.all() if can_see_contacts(request.user) else None
    return render(
        request,
        "catalog/provider_detail.html",
        {"provider": provider, "solutions": solutions, "contacts": contacts},
    )
