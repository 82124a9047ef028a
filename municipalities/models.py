import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import fold


class MunicipalityQuerySet(models.QuerySet):
    def gemeinden(self):
        """Municipalities proper (Städte, Gemeinden, kreisfreie Städte), no Kreise or Bezirke."""
        return self.filter(kind__in=Municipality.MUNICIPAL_KINDS)

    def landkreise(self):
        return self.filter(kind=Municipality.Kind.LANDKREIS)

    def in_district(self, district_ags: str):
        """The Städte and Gemeinden of a Landkreis."""
        return self.filter(
            kind__in=[Municipality.Kind.STADT, Municipality.Kind.GEMEINDE],
            district_ags=district_ags,
        )

    def in_region(self, region: str):
        """The Landkreise and kreisfreie Städte of a Regierungsbezirk."""
        return self.filter(
            region=region,
            kind__in=[Municipality.Kind.LANDKREIS, Municipality.Kind.KREISFREIE_STADT],
        )

    def register_order(self):
        """By name; where names repeat (Gießen), the town before its Landkreis and region."""
        rank = models.Case(
            models.When(kind=Municipality.Kind.LANDKREIS, then=1),
            models.When(kind=Municipality.Kind.REGIERUNGSBEZIRK, then=2),
            default=0,
        )
        return self.order_by("name", rank, "ags")

    def search(self, query: str):
        """Name (umlaut- and ß-insensitive, umlauts also as plain vowels) or AGS prefix."""
        query = (query or "").strip()
        if not query:
            return self
        if query.isdigit():
            return self.filter(ags__startswith=query)
        return self.filter(name_folded__regex=folded_pattern(query))


def folded_pattern(query):
    """A regular expression over folded names in which a plain a, o or u of the query also
    stands for the umlaut's folded form: "Hunfeld" finds Hünfeld ("huenfeld")."""
    return "".join(f"{ch}e?" if ch in "aou" else re.escape(ch) for ch in fold(query))


class Municipality(models.Model):
    """One row of the Hessian municipality register (Destatis GV100AD)."""

    class Kind(models.TextChoices):
        GEMEINDE = "gemeinde", _("Municipality (Gemeinde)")
        STADT = "stadt", _("Town (Stadt)")
        KREISFREIE_STADT = "kreisfreie_stadt", _("District-free city")
        LANDKREIS = "landkreis", _("District (Landkreis)")
        REGIERUNGSBEZIRK = "regierungsbezirk", _("Administrative region")

    MUNICIPAL_KINDS = (Kind.GEMEINDE, Kind.STADT, Kind.KREISFREIE_STADT)

    ags = models.CharField(_("AGS"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    district_ags = models.CharField(_("district key"), max_length=5, blank=True)
    district = models.CharField(_("district"), max_length=200, blank=True)
    region = models.CharField(_("administrative region"), max_length=100)
    population = models.PositiveIntegerField(_("population"))
    population_date = models.DateField(_("population as of"))
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name", "ags"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("municipalities:detail", args=[self.ags])

    @property
    def is_municipal(self):
        return self.kind in self.MUNICIPAL_KINDS
