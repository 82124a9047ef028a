"""The one rule for "the matches of a need": used by the need page, alerts, challenges, the
office statistics, the API and market-exploration records (docs/search.md)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from catalog.models import Hosting, PopulationBand, Solution

from .reasons import reason_words
from .services import close_in_meaning, current_index, fits


@dataclass
class NeedMatch:
    """One ranked solution for a need, with why it is there and how it meets the need."""

    solution: Solution
    score: float
    fits: bool
    words: list  # readable words the need and the solution share
    similar: bool  # close in meaning to the need's description
    topics: list  # the need's topics the solution has
    verified: list  # verified references
    verified_nearby: list  # … of which in the town's district
    checks: list  # requirement checks: [{"kind", "met", ...}], met None when not stated
    exclusions: list = field(default_factory=list)  # [(kind, readable cause)] of failed checks
    decision: str | None = None  # the town's shortlist decision, set by the need page

    @property
    def excluded(self):
        """Hidden from the need's list: hosted outside Germany although the need requires it."""
        return any(kind == "hosting" for kind, _cause in self.exclusions)


def requirement_checks(need, solution):
    """How a solution meets what the need requires: [{"kind", "met", ...}], `met` None when
    the provider gave no information. Hosting in Germany is a hard requirement (see
    NeedMatch.excluded); budget and municipality size are shown, not ranked."""
    checks = []
    if need.hosting_de_required:
        met = None if not solution.hosting else solution.hosting == Hosting.DE
        checks.append({"kind": "hosting", "met": met, "where": solution.get_hosting_display()})
    if need.budget_max is not None:
        price = solution.price_min
        met = None if price is None else price <= need.budget_max
        checks.append({"kind": "budget", "met": met, "price": price, "budget": need.budget_max})
    population, bands = need.effective_population, solution.population_bands
    if population and bands:
        band = PopulationBand.of(population)
        labels = [label for value, label in PopulationBand.choices if value in bands]
        checks.append({"kind": "size", "met": band in bands, "band": band.label, "bands": labels})
    return checks


def exclusions_of(checks):
    """The failed requirements that speak against a solution, each with its readable cause."""
    causes = {
        "hosting": _("Hosting outside Germany — your requirement"),
        "budget": _("above your budget"),
    }
    return [
        (c["kind"], causes[c["kind"]]) for c in checks if c["met"] is False and c["kind"] in causes
    ]


def matches_for_need(need, limit=10):
    """Ranked published solutions for a need (best first), as NeedMatch."""
    need_text = f"{need.title} {need.description}"
    hits = current_index().search(need_text, limit=limit, feedback=True, hybrid=True)
    by_id = {
        s.pk: s
        for s in Solution.objects.published()
        .filter(pk__in=[h.id for h in hits])
        .select_related("provider")
        .prefetch_related("topics", "references__municipality")
    }
    need_topics = set(need.topics.values_list("pk", flat=True))
    district = getattr(need.organisation.municipality, "district_ags", "")
    results = []
    for hit in hits:
        solution = by_id.get(hit.id)
        if solution is None:
            continue
        verified = [r for r in solution.references.all() if r.is_verified]
        checks = requirement_checks(need, solution)
        results.append(
            NeedMatch(
                solution=solution,
                score=hit.score,
                fits=fits(hit),
                words=reason_words(hit, need_text, solution),
                similar=close_in_meaning(hit),
                topics=[t for t in solution.topics.all() if t.pk in need_topics],
                verified=verified,
                verified_nearby=[
                    r for r in verified if district and r.municipality.district_ags == district
                ],
                checks=checks,
                exclusions=exclusions_of(checks),
            )
        )
    return results
