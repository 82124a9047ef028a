from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, unique_slug


class Topic(models.Model):
    """A Handlungsfeld (field of action). Office-managed vocabulary, seeded from the format doc."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name in the active language (the German name is the fallback)."""
        return topic_label(self.name, self.name_en)


def topic_label(name, name_en):
    """A topic's name for the active language: English when English is active and known."""
    return name_en if name_en and (get_language() or "").startswith("en") else name


class StandardQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=Standard.Status.ACCEPTED)


class Standard(models.Model):
    """A standard or interface (LoRaWAN, OParl, XÖV ...). Providers propose, the office accepts."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("standard or interface")
        verbose_name_plural = _("standards and interfaces")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Standard, self.name)
        super().save(*args, **kwargs)


class Status(models.TextChoices):
    """Lifecycle of profiles and solutions; transitions live in catalog.services."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")


def _is_office(user):
    from accounts.access import is_office

    return is_office(user)


def _own_org_ids(user):
    from accounts.access import organisations_of

    return [o.pk for o in organisations_of(user, Organisation.Kind.PROVIDER)]


class ProviderProfileQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        if _is_office(user):
            return self
        return self.filter(Q(status=Status.PUBLISHED) | Q(organisation_id__in=_own_org_ids(user)))

    def editable_by(self, user):
        if _is_office(user):
            return self
        return self.filter(organisation_id__in=_own_org_ids(user))


# Fixed paths directly under /anbieter/ (catalog/urls.py). A provider called "Konto" must not
# get the slug "konto": its page would be hidden behind the provider dashboard. A test checks
# that every fixed path in the URLconf is listed here.
RESERVED_PROVIDER_SLUGS = frozenset({"konto"})


def validate_provider_slug(value):
    if value in RESERVED_PROVIDER_SLUGS:
        raise ValidationError(_("This address is reserved for a page of the platform."))


def provider_slug(name):
    """A free slug for a provider's name that is not one of the reserved paths."""
    slug = unique_slug(ProviderProfile, name)
    if slug in RESERVED_PROVIDER_SLUGS:
        slug = unique_slug(ProviderProfile, f"{slug} 2")
    return slug


class ProviderProfile(models.Model):
    """The public face of a provider organisation."""

    class SizeBand(models.TextChoices):
        MICRO = "1-9", _("1–9 employees")
        SMALL = "10-49", _("10–49 employees")
        MEDIUM = "50-249", _("50–249 employees")
        LARGE = "250+", _("250 or more employees")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="provider_profile"
    )
    slug = models.SlugField(
        _("slug"), max_length=220, unique=True, validators=[validate_provider_slug]
    )
    name = models.CharField(_("name"), max_length=200)
    short_text = models.CharField(_("short description"), max_length=300, blank=True)
    description = models.TextField(_("description (Markdown)"), max_length=10000, blank=True)
    logo = models.ImageField(_("logo"), upload_to="public/logos/", blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality (register)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    founded = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    is_startup = models.BooleanField(_("start-up"), default=False)
    is_hodt_member = models.BooleanField(
        _("member of the House of Digital Transformation"), default=False
    )
    open_data_consent = models.BooleanField(
        _("publish our texts as open data (CC BY 4.0)"),
        default=False,
        help_text=_(
            "The platform publishes the catalog as open data. Facts such as names, place, "
            "website, topics, maturity, standards and references are always part of it. Tick "
            "this box to let it also include the texts you wrote (profile and solution "
            "descriptions, summaries, price models, reference summaries) under the licence "
            "CC BY 4.0: anyone may then reuse them with attribution. You can withdraw this at "
            "any time for future downloads."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    external_id = models.CharField(max_length=120, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    view_count = models.PositiveIntegerField(default=0, editable=False)

    objects = ProviderProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("provider profile")
        verbose_name_plural = _("provider profiles")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = provider_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:provider", args=[self.slug])

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class ContactPerson(models.Model):
    """Shown only to signed-in municipality and office users."""

    provider = models.ForeignKey(ProviderProfile, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Maturity(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    PROTOTYPE = "prototype", _("Prototype")
    PILOT = "pilot", _("In pilot operation")
    MARKET_READY = "market_ready", _("Market-ready")


class Hosting(models.TextChoices):
    DE = "de", _("Germany")
    EU = "eu", _("European Union")
    OTHER = "other", _("Other")


class PopulationBand(models.TextChoices):
    XS = "lt5k", _("under 5,000")
    S = "5k-20k", _("5,000–20,000")
    M = "20k-100k", _("20,000–100,000")
    L = "gt100k", _("over 100,000")

    @classmethod
    def of(cls, population):
        """The band a number of inhabitants falls in."""
        for band, below in ((cls.XS, 5_000), (cls.S, 20_000), (cls.M, 100_000)):
            if population < below:
                return band
        return cls.L


class SolutionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Published for everyone; a provider's members see all of theirs; the office all."""
        if _is_office(user):
            return self
        return self.filter(
            Q(status=Status.PUBLISHED) | Q(provider__organisation_id__in=_own_org_ids(user))
        )

    def editable_by(self, user):
        if _is_office(user):
            return self
        return self.filter(provider__organisation_id__in=_own_org_ids(user))


class Solution(models.Model):
    """A solution a provider offers. Only published solutions are public and indexed."""

    DEPLOYMENT_CHOICES = [
        ("saas", _("Software as a service")),
        ("on_premise", _("On premise")),
        ("hardware", _("Hardware")),
        ("service", _("Service")),
    ]

    provider = models.ForeignKey(
        ProviderProfile, on_delete=models.CASCADE, related_name="solutions"
    )
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description (Markdown)"), max_length=20000, blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="solutions")
    maturity = models.CharField(
        _("maturity"), max_length=20, choices=Maturity.choices, default=Maturity.MARKET_READY
    )
    # Four flags rather than a list: filterable and countable the same way on every database.
    deploy_saas = models.BooleanField(_("software as a service"), default=False)
    deploy_on_premise = models.BooleanField(_("on premise"), default=False)
    deploy_hardware = models.BooleanField(_("hardware"), default=False)
    deploy_service = models.BooleanField(_("service"), default=False)
    standards = models.ManyToManyField(
        Standard, verbose_name=_("standards and interfaces"), blank=True, related_name="solutions"
    )
    hosting = models.CharField(
        _("hosting location"), max_length=10, choices=Hosting.choices, blank=True
    )
    oss_license = models.CharField(_("open-source licence (SPDX id)"), max_length=64, blank=True)
    dpa_available = models.BooleanField(_("DSGVO processing agreement available"), default=False)
    price_model = models.CharField(_("price model"), max_length=300, blank=True)
    price_min = models.DecimalField(
        _("price from (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    price_max = models.DecimalField(
        _("price up to (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Suited municipality sizes, as flags for the same reason as deployment.
    size_lt5k = models.BooleanField(_("under 5,000 inhabitants"), default=False)
    size_5k_20k = models.BooleanField(_("5,000–20,000 inhabitants"), default=False)
    size_20k_100k = models.BooleanField(_("20,000–100,000 inhabitants"), default=False)
    size_gt100k = models.BooleanField(_("over 100,000 inhabitants"), default=False)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("de", _("German")), ("en", _("English"))],
        default="de",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    external_id = models.CharField(max_length=120, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    view_count = models.PositiveIntegerField(default=0, editable=False)

    objects = SolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Solution, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:solution", args=[self.slug])

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def deployment(self):
        return [code for code, _label in self.DEPLOYMENT_CHOICES if getattr(self, f"deploy_{code}")]

    @property
    def population_bands(self):
        flags = {
            "lt5k": self.size_lt5k,
            "5k-20k": self.size_5k_20k,
            "20k-100k": self.size_20k_100k,
            "gt100k": self.size_gt100k,
        }
        return [band for band, on in flags.items() if on]

    @property
    def deployment_labels(self):
        return [label for code, label in self.DEPLOYMENT_CHOICES if getattr(self, f"deploy_{code}")]

    @property
    def population_band_labels(self):
        bands = self.population_bands
        return [label for band, label in PopulationBand.choices if band in bands]


class SolutionImage(models.Model):
    """A picture of a solution. Served only through catalog.views.solution_file, which checks
    that the solution is visible to the user (drafts: own provider and office)."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="solutions/images/")
    alt_text = models.CharField(
        _("alternative text"),
        max_length=200,
        help_text=_("Describe what the image shows, for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("solution image")
        verbose_name_plural = _("solution images")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.alt_text


class SolutionDocument(models.Model):
    """A PDF about a solution; served like SolutionImage, as a download."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file (PDF)"), upload_to="solutions/documents/")
    title = models.CharField(_("title"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)

    class Meta:
        verbose_name = _("solution document")
        verbose_name_plural = _("solution documents")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class ReferenceQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status__in=Reference.VERIFIED)


class Reference(models.Model):
    """A municipality that uses a solution; verified when the town confirmed it."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Claimed by the provider")
        CONFIRMED = "confirmed", _("Confirmed by the municipality")
        REJECTED = "rejected", _("Rejected by the municipality")
        FROM_PARTNERSHIP = "from_partnership", _("From an innovation partnership")
        # An award after a market exploration that the town confirmed as in operation.
        FROM_EXPLORATION = "from_exploration", _("From a market exploration")
        # A place outside the municipality register (another state, abroad, an organisation):
        # the provider's word only. No register town can confirm it, so it is never verified.
        STATED = "stated", _("Stated by the provider (outside the register)")

    VERIFIED = (Status.CONFIRMED, Status.FROM_PARTNERSHIP, Status.FROM_EXPLORATION)

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="references")
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="references",
        null=True,
        blank=True,
    )
    # Only for a stated reference (no municipality): the place or organisation as the provider
    # names it, and where it is ("Bayern", "Österreich").
    place_name = models.CharField(_("place or organisation"), max_length=200, blank=True)
    state = models.CharField(_("federal state or region"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CLAIMED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "municipality"],
                condition=models.Q(status="claimed"),
                name="one_open_reference_claim_per_town",
            ),
            # A register town for every claimed or verified reference; a place name (and no
            # town) for a stated one: a reference outside the register is never verified.
            models.CheckConstraint(
                condition=(
                    models.Q(status="stated", municipality__isnull=True) & ~models.Q(place_name="")
                )
                | (~models.Q(status="stated") & models.Q(municipality__isnull=False)),
                name="reference_town_or_stated_place",
            ),
            models.UniqueConstraint(
                "solution",
                Lower("place_name"),
                Lower("state"),
                Lower("country"),
                condition=models.Q(status="stated"),
                name="one_stated_reference_per_place",
            ),
        ]

    def __str__(self):
        return f"{self.place_label} – {self.solution}"

    @property
    def is_verified(self):
        return self.status in self.VERIFIED

    @property
    def is_stated(self):
        return self.status == self.Status.STATED

    @property
    def place_label(self):
        """The town's name, or the stated place with its state/country ("Passau, Bayern")."""
        if self.municipality_id:
            return self.municipality.name
        return ", ".join(x for x in (self.place_name, self.state, self.country) if x)


class ContactRequest(models.Model):
    """A municipality member writes to a provider, usually about one solution."""

    provider = models.ForeignKey(
        ProviderProfile, on_delete=models.CASCADE, related_name="contact_requests"
    )
    solution = models.ForeignKey(
        Solution, null=True, blank=True, on_delete=models.SET_NULL, related_name="contact_requests"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_requests_sent"
    )
    sender_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contact_requests_sent"
    )
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject
