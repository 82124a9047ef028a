"""Import and export of the exchange format `smart-region-catalog/1` (docs/catalog-exchange.md).

Import is one transaction: every record is validated first; the first bad record raises an
ExchangeError naming the record and the key, and nothing is written. Records are matched by
their `id` (kept as external_id), so importing the same file twice changes nothing.
"""

import json
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, unique_slug
from core.services import log_action
from municipalities.models import Municipality

from .models import Maturity, ProviderProfile, Reference, Solution, Standard, Status, Topic
from .signals import announce_after_commit

logger = logging.getLogger(__name__)
FORMAT = "smart-region-catalog/1"
DEPLOYMENTS = {"saas", "on_premise", "hardware", "service"}


class ExchangeError(ValueError):
    """A bad document: the message names the record and the key."""


@dataclass
class ImportResult:
    created: dict = field(default_factory=lambda: {"providers": 0, "solutions": 0})
    updated: dict = field(default_factory=lambda: {"providers": 0, "solutions": 0})
    unchanged: dict = field(default_factory=lambda: {"providers": 0, "solutions": 0})


def _need(record, key, where, kind=str):
    value = record.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ExchangeError(f"{where}: required key '{key}' is missing or empty")
    if not isinstance(value, kind):
        raise ExchangeError(f"{where}: key '{key}' has the wrong type")
    return value


def _optional(record, key, where, kind, default=None):
    value = record.get(key, default)
    if value is not None and not isinstance(value, kind):
        raise ExchangeError(f"{where}: key '{key}' has the wrong type")
    return value


def validate(document):
    """Check the whole document; returns (providers, solutions) as clean dicts."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExchangeError(f"document: key 'format' must be '{FORMAT}'")
    topics = set(Topic.objects.values_list("slug", flat=True))
    providers, solutions = {}, {}
    for i, raw in enumerate(document.get("providers") or []):
        where = f"providers[{i}]"
        if not isinstance(raw, dict):
            raise ExchangeError(f"{where}: must be an object")
        pid = _need(raw, "id", where)
        where = f"provider '{pid}'"
        if pid in providers:
            raise ExchangeError(f"{where}: key 'id' is used twice")
        website = _optional(raw, "website", where, str, "") or ""
        if website and not website.lower().startswith(("https://", "http://")):
            raise ExchangeError(f"{where}: key 'website' must be an http(s) URL")
        providers[pid] = {
            "name": _need(raw, "name", where)[:200],
            "description": _optional(raw, "description", where, str, "") or "",
            "city": _optional(raw, "city", where, str, "") or "",
            "website": website,
            "founded": _optional(raw, "founded", where, int),
            "employees": _optional(raw, "employees", where, int),
            "is_startup": bool(_optional(raw, "startup", where, bool, False)),
        }
    known_providers = set(providers) | set(
        ProviderProfile.objects.exclude(external_id=None).values_list("external_id", flat=True)
    )
    for i, raw in enumerate(document.get("solutions") or []):
        where = f"solutions[{i}]"
        if not isinstance(raw, dict):
            raise ExchangeError(f"{where}: must be an object")
        sid = _need(raw, "id", where)
        where = f"solution '{sid}'"
        if sid in solutions:
            raise ExchangeError(f"{where}: key 'id' is used twice")
        provider = _need(raw, "provider", where)
        if provider not in known_providers:
            raise ExchangeError(f"{where}: key 'provider' names unknown provider '{provider}'")
        summary = _need(raw, "summary", where)
        if len(summary) > 300:
            raise ExchangeError(f"{where}: key 'summary' is longer than 300 characters")
        record_topics = _need(raw, "topics", where, list)
        if not record_topics or any(t not in topics for t in record_topics):
            raise ExchangeError(f"{where}: key 'topics' needs known topic slugs, at least one")
        maturity = _optional(raw, "maturity", where, str, Maturity.MARKET_READY)
        if maturity not in Maturity.values:
            raise ExchangeError(f"{where}: key 'maturity' has unknown value '{maturity}'")
        deployment = _optional(raw, "deployment", where, list, []) or []
        if any(d not in DEPLOYMENTS for d in deployment):
            raise ExchangeError(f"{where}: key 'deployment' has an unknown value")
        language = _optional(raw, "language", where, str, "de") or "de"
        if language not in ("de", "en"):
            raise ExchangeError(f"{where}: key 'language' must be 'de' or 'en'")
        references = _optional(raw, "references", where, list, []) or []
        for j, ref in enumerate(references):
            if (
                not isinstance(ref, dict)
                or not Municipality.objects.filter(ags=str(ref.get("ags", ""))).exists()
            ):
                raise ExchangeError(f"{where}: key 'references[{j}].ags' is not in the register")
        solutions[sid] = {
            "provider": provider,
            "title": _need(raw, "title", where)[:200],
            "summary": summary,
            "description": _optional(raw, "description", where, str, "") or "",
            "topics": record_topics,
            "maturity": maturity,
            "deployment": deployment,
            "standards": [str(s) for s in _optional(raw, "standards", where, list, []) or []],
            "price_model": (_optional(raw, "price_model", where, str, "") or "")[:300],
            "language": language,
            "references": references,
        }
    return providers, solutions


def _apply(obj, values):
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    for key in changed:
        setattr(obj, key, values[key])
    return changed


@transaction.atomic
def import_catalog(document, *, publish=False, actor=None, progress=None):
    """Validate, then write everything in one transaction. Returns an ImportResult."""
    providers, solutions = validate(document)
    result = ImportResult()
    profiles = {}
    topics = {t.slug: t for t in Topic.objects.all()}
    for pid, values in providers.items():
        profile = ProviderProfile.objects.filter(external_id=pid).first()
        if profile is None:
            org = Organisation.objects.create(
                kind=Organisation.Kind.PROVIDER,
                name=values["name"],
                slug=unique_slug(Organisation, values["name"]),
            )
            profile = ProviderProfile(organisation=org, external_id=pid)
            _apply(profile, {**values, "status": Status.PUBLISHED if publish else Status.DRAFT})
            profile.save()
            result.created["providers"] += 1
        elif _apply(profile, values):
            profile.save()
            result.updated["providers"] += 1
        else:
            result.unchanged["providers"] += 1
        profiles[pid] = profile
        if progress:
            progress()
    touched = []
    for sid, values in solutions.items():
        profile = profiles.get(values["provider"]) or ProviderProfile.objects.get(
            external_id=values["provider"]
        )
        fields = {
            "provider_id": profile.pk,
            "title": values["title"],
            "summary": values["summary"],
            "description": values["description"],
            "maturity": values["maturity"],
            "price_model": values["price_model"],
            "language": values["language"],
            **{f"deploy_{d}": d in values["deployment"] for d in DEPLOYMENTS},
        }
        solution = Solution.objects.filter(external_id=sid).first()
        created = solution is None
        if created:
            solution = Solution(external_id=sid)
            if publish:
                fields.update(status=Status.PUBLISHED, published_at=timezone.now())
        changed = _apply(solution, fields)
        if created or changed:
            solution.save()
        standards = [_standard(name) for name in values["standards"]]
        wanted_topics = {topics[t].pk for t in values["topics"]}
        m2m_changed = set(solution.topics.values_list("pk", flat=True)) != wanted_topics or set(
            solution.standards.values_list("pk", flat=True)
        ) != {s.pk for s in standards}
        if m2m_changed:
            solution.topics.set(wanted_topics)
            solution.standards.set(standards)
        refs_changed = _sync_references(solution, values["references"])
        if created:
            result.created["solutions"] += 1
            log_action(solution, actor=actor, action="import", to_state=solution.status)
        elif changed or m2m_changed or refs_changed:
            result.updated["solutions"] += 1
            log_action(solution, actor=actor, action="import", changes={"fields": changed})
        else:
            result.unchanged["solutions"] += 1
            continue
        if solution.is_published:
            touched.append(solution)
        if progress:
            progress()
    announce_after_commit(touched)
    return result


def _standard(name):
    standard = Standard.objects.filter(name__iexact=name).first()
    return standard or Standard.objects.create(name=name, status=Standard.Status.ACCEPTED)


def _sync_references(solution, references):
    changed = False
    for ref in references:
        town = Municipality.objects.get(ags=str(ref["ags"]))
        _obj, created = Reference.objects.get_or_create(
            solution=solution,
            municipality=town,
            defaults={
                "year": ref.get("year"),
                "summary": ref.get("summary", ""),
                "status": Reference.Status.CLAIMED,
            },
        )
        changed = changed or created
    return changed


# Free texts the providers wrote. Everything else in a record is a fact (names, place,
# website, numbers, vocabulary values, references by town and year).
PROVIDER_TEXTS = ("description",)
SOLUTION_TEXTS = ("summary", "description", "price_model")
REFERENCE_TEXTS = ("summary",)


def _without(record, keys):
    return {k: v for k, v in record.items() if k not in keys}


def export_catalog(solutions=None, *, consented_texts_only=False):
    """The published catalog (or the given solutions) as an exchange-format document.

    consented_texts_only (the open data): the free texts of providers that have not agreed to
    publish them as open data are left out (the keys are missing, not empty)."""
    if solutions is None:
        solutions = Solution.objects.published()
    solutions = solutions.select_related("provider").prefetch_related(
        "topics", "standards", "references__municipality"
    )
    providers = {}
    out = []
    for s in solutions.order_by("pk"):
        p = s.provider
        pid = p.external_id or f"prov-{p.slug}"
        providers.setdefault(
            pid,
            {
                "id": pid,
                "name": p.name,
                "description": p.description,
                "city": p.city,
                "website": p.website,
                "founded": p.founded,
                "employees": p.employees,
                "startup": p.is_startup,
            },
        )
        record = {
            "id": s.external_id or f"sol-{s.slug}",
            "provider": pid,
            "title": s.title,
            "summary": s.summary,
            "description": s.description,
            "language": s.language,
            "topics": [t.slug for t in s.topics.all()],
            "maturity": s.maturity,
            "deployment": s.deployment,
            "standards": [x.name for x in s.standards.all()],
            "price_model": s.price_model,
            "references": [
                {
                    "municipality": r.municipality.name,
                    "ags": r.municipality.ags,
                    "year": r.year,
                    "summary": r.summary,
                    "verified": r.is_verified,
                }
                for r in s.references.all()
                if r.status != Reference.Status.REJECTED
            ],
        }
        if consented_texts_only and not p.open_data_consent:
            providers[pid] = _without(providers[pid], PROVIDER_TEXTS)
            record = _without(record, SOLUTION_TEXTS)
            record["references"] = [_without(r, REFERENCE_TEXTS) for r in record["references"]]
        out.append(record)
    return {"format": FORMAT, "providers": list(providers.values()), "solutions": out}


def load_file(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except json.JSONDecodeError as exc:
        raise ExchangeError(f"document: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
