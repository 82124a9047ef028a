"""Import and export of the exchange format `smart-region-catalog/1` (docs/catalog-exchange.md).

Import is one transaction: every record is validated first; the first bad record raises an
ExchangeError naming the record and the key, and nothing is written. Records are matched by
their `id` (kept as external_id), so importing the same file twice changes nothing.
"""

import json
import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, unique_slug
from core.services import log_action
from municipalities.models import Municipality

from .models import Maturity, ProviderProfile, Reference, Solution, Standard, Status, Topic
from .signals import announce_after_commit

logger = logging.getLogger(__name__)
FORMAT = "smart-region-catalog/1"
DEPLOYMENTS = {"saas", "on_premise", "hardware", "service"}


class ExchangeError(ValueError):
    """A bad document: the (German) message names the record and the key."""


@dataclass
class ImportResult:
    created: dict = field(default_factory=lambda: {"providers": 0, "solutions": 0})
    updated: dict = field(default_factory=lambda: {"providers": 0, "solutions": 0})
    unchanged: dict = field(default_factory=lambda: {"providers": 0, "solutions": 0})


def _max(model, name):
    return model._meta.get_field(name).max_length


# Number ranges the database and common sense accept (a smallint holds at most 32,767).
FOUNDED_RANGE = (1800, 2100)
EMPLOYEES_RANGE = (0, 1_000_000)
REFERENCE_YEAR_RANGE = (1990, 2100)


def _fail(where, key, message, **values):
    raise ExchangeError(message % {"where": where, "key": key, **values})


def _kind_name(kind):
    return {
        str: _("a text"),
        int: _("a whole number"),
        bool: _("true or false"),
        list: _("a list"),
        dict: _("an object"),
    }[kind]


def _typed(record, key, where, kind):
    value = record.get(key)
    # bool is an int in Python: "founded": true must not pass as the year 1.
    if value is not None and (
        not isinstance(value, kind) or (kind is int and isinstance(value, bool))
    ):
        _fail(where, key, _("%(where)s: the key “%(key)s” must be %(kind)s"), kind=_kind_name(kind))
    return value


def _text(record, key, where, max_length, *, required=False):
    """A string of at most `max_length` characters without NUL ("" if absent)."""
    value = _typed(record, key, where, str)
    if value is None or not value.strip():
        if required:
            _fail(where, key, _("%(where)s: the required key “%(key)s” is missing or empty"))
        return ""
    if len(value) > max_length:
        _fail(where, key, _("%(where)s: the key “%(key)s” is longer than %(max)s characters"),
              max=max_length)  # fmt: skip
    if "\x00" in value:  # PostgreSQL stores no NUL character
        _fail(where, key, _("%(where)s: the key “%(key)s” contains a NUL character"))
    return value


def _number(record, key, where, bounds):
    value = _typed(record, key, where, int)
    if value is not None and not bounds[0] <= value <= bounds[1]:
        _fail(where, key, _("%(where)s: the key “%(key)s” must be between %(low)s and %(high)s"),
              low=bounds[0], high=bounds[1])  # fmt: skip
    return value


def _texts(record, key, where, max_length):
    """A list of non-empty strings (an absent key is an empty list)."""
    values = _typed(record, key, where, list) or []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            _fail(where, key, _("%(where)s: the key “%(key)s” must be a list of texts"))
        if len(value) > max_length or "\x00" in value:
            message = _(
                "%(where)s: an entry of “%(key)s” is longer than %(max)s characters or "
                "contains a NUL character"
            )
            _fail(where, key, message, max=max_length)
    return values


def _unknown(where, key, value):
    _fail(where, key, _("%(where)s: the key “%(key)s” has an unknown value “%(value)s”"),
          value=str(value)[:60])  # fmt: skip


def _records(document, key):
    return _typed(document, key, _("document"), list) or []


# The first two digits of a German municipality key (AGS) name its federal state.
AGS_STATES = {
    "01": "Schleswig-Holstein", "02": "Hamburg", "03": "Niedersachsen", "04": "Bremen",
    "05": "Nordrhein-Westfalen", "06": "Hessen", "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg", "09": "Bayern", "10": "Saarland", "11": "Berlin",
    "12": "Brandenburg", "13": "Mecklenburg-Vorpommern", "14": "Sachsen",
    "15": "Sachsen-Anhalt", "16": "Thüringen",
}  # fmt: skip
HESSEN_AGS_PREFIX = "06"


def _reference(ref, at):
    """A reference: a town of the register (by `ags`: the town can confirm it) or a place the
    provider states (no `ags`, or a key outside Hessen): never verified."""
    ags = _text(ref, "ags", at, _max(Municipality, "ags"))
    place = {
        "place_name": _text(ref, "municipality", at, _max(Reference, "place_name")),
        "state": _text(ref, "state", at, _max(Reference, "state")),
        "country": _text(ref, "country", at, _max(Reference, "country")),
    }
    values = {
        "year": _number(ref, "year", at, REFERENCE_YEAR_RANGE),
        "summary": _text(ref, "summary", at, _max(Reference, "summary")),
    }
    if ags and Municipality.objects.filter(ags=ags).exists():
        return {"ags": ags, **values}
    if ags and (len(ags) != 8 or not ags.isdigit() or ags[:2] not in AGS_STATES):
        _fail(at, "ags", _("%(where)s: the key “%(key)s” is not a German municipality key"))
    if ags and ags.startswith(HESSEN_AGS_PREFIX):
        # A Hessian key the register does not know is a typo, not a place outside it.
        _fail(at, "ags", _("%(where)s: the key “%(key)s” is not in the municipality register"))
    if not place["place_name"]:
        _fail(at, "municipality", _("%(where)s: a reference without a key of the municipality "
                                    "register needs the key “%(key)s” (the place)"))  # fmt: skip
    if ags:
        place["state"] = place["state"] or AGS_STATES[ags[:2]]
        place["country"] = place["country"] or "Deutschland"
    return {"ags": None, **place, **values}


def validate(document):
    """Check the whole document against the models' types, lengths and ranges before anything
    is written; returns (providers, solutions) as clean dicts."""
    if not isinstance(document, dict):
        raise ExchangeError(_("document: the file must hold one JSON object"))
    if document.get("format") != FORMAT:
        _fail(_("document"), "format", _("%(where)s: the key “%(key)s” must be “%(value)s”"),
              value=FORMAT)  # fmt: skip
    topics = set(Topic.objects.values_list("slug", flat=True))
    id_max = _max(ProviderProfile, "external_id")
    providers, solutions = {}, {}
    for i, raw in enumerate(_records(document, "providers")):
        where = _("provider no. %(n)s") % {"n": i + 1}
        if not isinstance(raw, dict):
            _fail(where, "providers", _("%(where)s: the entry must be an object"))
        pid = _text(raw, "id", where, id_max, required=True)
        where = _("provider “%(id)s”") % {"id": pid}
        if pid in providers:
            _fail(where, "id", _("%(where)s: the value of “%(key)s” is used twice"))
        website = _text(raw, "website", where, _max(ProviderProfile, "website"))
        if website and not website.lower().startswith(("https://", "http://")):
            _fail(where, "website", _("%(where)s: the key “%(key)s” must be an http(s) address"))
        providers[pid] = {
            "name": _text(raw, "name", where, _max(ProviderProfile, "name"), required=True),
            "description": _text(raw, "description", where, _max(ProviderProfile, "description")),
            "city": _text(raw, "city", where, _max(ProviderProfile, "city")),
            "website": website,
            "founded": _number(raw, "founded", where, FOUNDED_RANGE),
            "employees": _number(raw, "employees", where, EMPLOYEES_RANGE),
            "is_startup": bool(_typed(raw, "startup", where, bool)),
        }
    known_providers = set(providers) | set(
        ProviderProfile.objects.exclude(external_id=None).values_list("external_id", flat=True)
    )
    for i, raw in enumerate(_records(document, "solutions")):
        where = _("solution no. %(n)s") % {"n": i + 1}
        if not isinstance(raw, dict):
            _fail(where, "solutions", _("%(where)s: the entry must be an object"))
        sid = _text(raw, "id", where, id_max, required=True)
        where = _("solution “%(id)s”") % {"id": sid}
        if sid in solutions:
            _fail(where, "id", _("%(where)s: the value of “%(key)s” is used twice"))
        provider = _text(raw, "provider", where, id_max, required=True)
        if provider not in known_providers:
            _unknown(where, "provider", provider)
        record_topics = _texts(raw, "topics", where, _max(Topic, "slug"))
        if not record_topics or any(t not in topics for t in record_topics):
            _fail(where, "topics", _("%(where)s: the key “%(key)s” needs known topic slugs, "
                                     "at least one"))  # fmt: skip
        maturity = _text(raw, "maturity", where, 40) or Maturity.MARKET_READY
        if maturity not in Maturity.values:
            _unknown(where, "maturity", maturity)
        deployment = _texts(raw, "deployment", where, 40)
        for value in deployment:
            if value not in DEPLOYMENTS:
                _unknown(where, "deployment", value)
        language = _text(raw, "language", where, 2) or "de"
        if language not in ("de", "en"):
            _unknown(where, "language", language)
        references = []
        for j, ref in enumerate(_typed(raw, "references", where, list) or []):
            if not isinstance(ref, dict):
                _fail(
                    where, f"references[{j}]", _("%(where)s: the key “%(key)s” must be an object")
                )
            references.append(_reference(ref, f"{where}, references[{j}]"))
        solutions[sid] = {
            "provider": provider,
            "title": _text(raw, "title", where, _max(Solution, "title"), required=True),
            "summary": _text(raw, "summary", where, _max(Solution, "summary"), required=True),
            "description": _text(raw, "description", where, _max(Solution, "description")),
            "topics": record_topics,
            "maturity": maturity,
            "deployment": deployment,
            "standards": _texts(raw, "standards", where, _max(Standard, "name")),
            "price_model": _text(raw, "price_model", where, _max(Solution, "price_model")),
            "language": language,
            "references": references,
        }
    return providers, solutions


def _apply(obj, values):
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    for key in changed:
        setattr(obj, key, values[key])
    return changed


def import_catalog(document, *, publish=False, actor=None, progress=None):
    """Validate, then write everything in one transaction. Returns an ImportResult.

    Anything the database still refuses rolls the whole import back as an ExchangeError."""
    providers, solutions = validate(document)
    try:
        with transaction.atomic():
            return _write(providers, solutions, publish=publish, actor=actor, progress=progress)
    except DatabaseError as exc:
        logger.warning("catalog import refused by the database", exc_info=True)
        raise ExchangeError(
            _("The database refused a value (%(error)s); nothing was changed.")
            % {"error": str(exc).splitlines()[0][:200]}
        ) from exc


def _write(providers, solutions, *, publish, actor, progress):
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
            log_action(
                solution, actor=actor, action="catalog.solution.imported", to_state=solution.status
            )
        elif changed or m2m_changed or refs_changed:
            result.updated["solutions"] += 1
            log_action(
                solution,
                actor=actor,
                action="catalog.solution.imported",
                changes={"fields": changed},
            )
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
        defaults = {"year": ref.get("year"), "summary": ref.get("summary", "")}
        if ref["ags"] is None:  # stated by the provider: matched by place, state and country
            _obj, created = Reference.objects.get_or_create(
                solution=solution,
                status=Reference.Status.STATED,
                place_name__iexact=ref["place_name"],
                state__iexact=ref["state"],
                country__iexact=ref["country"],
                defaults={
                    **defaults,
                    "place_name": ref["place_name"],
                    "state": ref["state"],
                    "country": ref["country"],
                },
            )
        else:
            _obj, created = Reference.objects.get_or_create(
                solution=solution,
                municipality=Municipality.objects.get(ags=ref["ags"]),
                defaults={**defaults, "status": Reference.Status.CLAIMED},
            )
        changed = changed or created
    return changed


def _exported_reference(r):
    if r.municipality_id is None:  # stated by the provider: the place, never verified
        place = {"municipality": r.place_name, "state": r.state, "country": r.country}
        place = {k: v for k, v in place.items() if v}
    else:
        place = {"municipality": r.municipality.name, "ags": r.municipality.ags}
    return {**place, "year": r.year, "summary": r.summary, "verified": r.is_verified}


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
                _exported_reference(r)
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


def parse(data: bytes):
    """The JSON document in `data`, or an ExchangeError in German (never another exception)."""
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ExchangeError(_("The file is not UTF-8 encoded text.")) from exc
    except json.JSONDecodeError as exc:
        raise ExchangeError(
            _("The file is not valid JSON (line %(line)s, column %(column)s).")
            % {"line": exc.lineno, "column": exc.colno}
        ) from exc
    except RecursionError as exc:
        raise ExchangeError(_("The file is nested too deeply to be read.")) from exc


def load_file(path):
    with open(path, "rb") as fh:
        return parse(fh.read())
