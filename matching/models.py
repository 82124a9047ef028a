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
    description = models.TextField(_("description"), help_text=_("In your own words."))
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
    constraints = models.TextField(_("other constraints"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
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
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC


class SearchDocument(models.Model):
    """The analysed terms of one published solution: what the full-text index holds.

    The text columns hold space-separated analysed terms (stems, compound parts), written by
    matching.indexing. SQLite indexes them with FTS5, PostgreSQL with a tsvector + GIN (see the
    migration); both get the same terms, and ranking is computed from these rows, so it is the
    same on both databases.
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
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
