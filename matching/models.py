from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation


class NeedQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Need.Visibility.PUBLIC)

    def visible_to(self, user):
        """Public needs for everyone; private ones for their organisation and the office."""
        from accounts.access import is_office, organisations_of

        if is_office(user):
            return self
        own = [o.pk for o in organisations_of(user, Organisation.Kind.MUNICIPALITY)]
        return self.filter(Q(visibility=Need.Visibility.PUBLIC) | Q(organisation_id__in=own))

    def editable_by(self, user):
        from accounts.access import organisations_of

        own = [o.pk for o in organisations_of(user, Organisation.Kind.MUNICIPALITY)]
        return self.filter(organisation_id__in=own)


class Need(models.Model):
    """A municipality's project (Vorhaben), described in its own words."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private (own organisation and office)")
        PUBLIC = "public", _("Public (also shown to providers as a challenge)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class CloseReason(models.TextChoices):
        SOLVED = "solved", _("A solution was found")
        PARTNERSHIP = "partnership", _("An innovation partnership was started")
        DROPPED = "dropped", _("The project is no longer pursued")
        OTHER = "other", _("Other reason")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="needs",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="needs"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), max_length=4000, help_text=_("In your own words.")
    )
    topics = models.ManyToManyField(
        "catalog.Topic", verbose_name=_("topics"), blank=True, related_name="needs"
    )
    budget_min = models.DecimalField(
        _("budget from (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    budget_max = models.DecimalField(
        _("budget up to (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    time_frame = models.CharField(_("time frame"), max_length=200, blank=True)
    hosting_de_required = models.BooleanField(_("hosting in Germany required"), default=False)
    population = models.PositiveIntegerField(
        _("inhabitants concerned"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the population of your municipality from the register."),
    )
    constraints = models.TextField(_("other constraints"), max_length=2000, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    closed_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    closed_comment = models.TextField(_("comment on closing"), max_length=1000, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("matching:need", args=[self.pk])

    @property
    def effective_population(self):
        """The inhabitants the project is for: as given, else the town's from the register."""
        if self.population:
            return self.population
        municipality = getattr(self.organisation, "municipality", None)
        return municipality.population if municipality else None

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class SearchDocument(models.Model):
    """The analysed terms (and embedding) of one published solution.

    The text columns hold space-separated analysed terms (stems, compound parts), written by
    matching.indexing; matching.index builds the in-memory ranking index from these rows, so
    ranking is the same on SQLite and PostgreSQL and a snapshot never re-analyses a text.
    """

    solution = models.OneToOneField(
        "catalog.Solution",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    title = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    description = models.TextField(blank=True)
    language = models.CharField(max_length=2, default="de")
    maturity = models.CharField(max_length=20, blank=True)
    verified_references = models.PositiveIntegerField(default=0)
    # Sentence embedding of the solution's texts (matching.semantic): float32 bytes; null when
    # semantic matching is off or the row predates it. Nullable so that SQLite adds the column
    # in place instead of remaking the table, which would drop the FTS5 triggers.
    embedding = models.BinaryField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return f"search document {self.solution_id}"


# --- Shortlist, challenges, saved searches, thesaurus (the town's and providers' workflows) ---


class NeedDecision(models.Model):
    """A town's decision about one solution ranked for its need: shortlisted or dismissed."""

    class Kind(models.TextChoices):
        SHORTLISTED = "shortlisted", _("Shortlisted")
        DISMISSED = "dismissed", _("Dismissed")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="decisions")
    solution = models.ForeignKey(
        "catalog.Solution", on_delete=models.CASCADE, related_name="need_decisions"
    )
    kind = models.CharField(_("decision"), max_length=12, choices=Kind.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("decision on a solution")
        verbose_name_plural = _("decisions on solutions")
        constraints = [
            models.UniqueConstraint(fields=["need", "solution"], name="one_decision_per_solution")
        ]

    def __str__(self):
        return f"{self.need} – {self.solution}: {self.kind}"


class Proposal(models.Model):
    """A provider's short answer to a public need (challenge), linked to one of its solutions."""

    RATINGS = [(n, str(n)) for n in range(1, 6)]

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="proposals")
    provider = models.ForeignKey(
        "catalog.ProviderProfile", on_delete=models.CASCADE, related_name="proposals"
    )
    solution = models.ForeignKey(
        "catalog.Solution", on_delete=models.CASCADE, related_name="proposals"
    )
    text = models.TextField(_("your proposal"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, choices=RATINGS)
    rating_comment = models.TextField(_("comment on the rating"), max_length=1000, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "provider"], name="one_proposal_per_provider")
        ]

    def __str__(self):
        return f"{self.provider} → {self.need}"


class SavedSearch(models.Model):
    """A search (query string of /loesungen/) or a need that a member wants alerts for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=200)
    query = models.CharField(_("search parameters"), max_length=1000, blank=True)
    need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.CASCADE, related_name="watchers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.need_id:
            return self.need.get_absolute_url()
        return reverse("matching:search") + (f"?{self.query}" if self.query else "")


class AlertHit(models.Model):
    """A solution already reported for a saved search: never reported twice."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="hits")
    solution = models.ForeignKey("catalog.Solution", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "solution"], name="one_alert_per_hit")
        ]

    def __str__(self):
        return f"{self.saved_search} – {self.solution}"


class ThesaurusEntry(models.Model):
    """One group of words that mean the same, added by the office (merged with the data file)."""

    words = models.CharField(_("words"), max_length=500)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thesaurus group")
        verbose_name_plural = _("thesaurus groups")
        ordering = ["words", "pk"]

    def __str__(self):
        return self.words

    @property
    def word_list(self):
        return [w.strip() for w in self.words.split(",") if w.strip()]


class CatalogVersion(models.Model):
    """The published version of the search state (matching.index): one row.

    Set only by matching.index.publish, after the snapshot of that version (ranking index and
    facet engine) has been stored; a change of published catalog data or of the office's
    thesaurus leads to a new value, a draft edit does not. Each process compares it — one
    primary-key lookup per search — with the snapshot it holds and loads the new one.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("catalog version")

    def __str__(self):
        return str(self.value)


class NeedMatchResult(models.Model):
    """A need's ranked matches as last computed (matching.need_matches), so that pages and
    figures read them instead of ranking the need on every view.

    `hits` holds the best solutions, best first: [{"solution": pk, "score", "fits", "words",
    "similar"}]; `any_fits` whether the need's page shows a fitting match (rule in
    need_matches.shown); `version` the index version they were ranked against.
    """

    need = models.OneToOneField(
        Need, on_delete=models.CASCADE, primary_key=True, related_name="match_result"
    )
    version = models.CharField(max_length=100)
    hits = models.JSONField(default=list)
    any_fits = models.BooleanField(default=False)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stored matches of a need")
        verbose_name_plural = _("stored matches of needs")

    def __str__(self):
        return f"matches of need {self.need_id}"


class SearchLog(models.Model):
    """One search as typed (no user, no IP): what people look for and whether anything matched.

    Written by `matching.searchlog.record_search` from the search page and the API; read by the
    office cockpit ("what the market lacks").
    """

    query = models.CharField(_("query"), max_length=200)
    query_folded = models.CharField(max_length=200, db_index=True, editable=False)
    result_count = models.PositiveIntegerField(_("results"))
    source = models.CharField(_("source"), max_length=10, default="web")
    created_at = models.DateTimeField(_("searched at"), auto_now_add=True, db_index=True)
    # After RETENTION_SEARCH_LOG_DAYS the retention task folds a day's identical searches into
    # one row: `searches` then counts them and `created_at` is the start of that day.
    searches = models.PositiveIntegerField(_("searches"), default=1)
    reduced = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("search")
        verbose_name_plural = _("search log")
        ordering = ["-created_at"]
        # The table keeps the name it had when the log lived in `api` (moved in #17).
        db_table = "api_searchlog"

    def __str__(self):
        return f"{self.query} ({self.result_count})"
