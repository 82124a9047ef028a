"""Virtual fair: workshops, programme slots, registrations, questions, materials, feedback."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, unique_slug


class WorkshopQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=[Workshop.Status.PUBLISHED, Workshop.Status.DONE])

    def upcoming(self):
        return self.published().filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.published().filter(ends_at__lt=timezone.now()).order_by("-starts_at")

    def visible_to(self, user):
        from accounts.access import is_office

        if is_office(user):
            return self
        return self.filter(
            status__in=[Workshop.Status.PUBLISHED, Workshop.Status.DONE, Workshop.Status.CANCELLED]
        )


class Workshop(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Done")

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        ONSITE = "onsite", _("On site")
        HYBRID = "hybrid", _("Hybrid")

    class Audience(models.TextChoices):
        MUNICIPALITIES = "municipalities", _("Municipalities only")
        SIGNED_IN = "signed_in", _("Everyone signed in")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    topics = models.ManyToManyField(
        "catalog.Topic", verbose_name=_("topics"), blank=True, related_name="workshops"
    )
    description = models.TextField(
        _("description"), max_length=10000, blank=True, help_text=_("Markdown.")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.ONLINE
    )
    video_link = models.URLField(_("video link"), blank=True)
    address = models.TextField(_("address"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=50)
    registration_deadline = models.DateTimeField(_("registration deadline"))
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.MUNICIPALITIES
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    recording_url = models.URLField(_("recording link"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Workshop, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def registration_open(self):
        return self.status == self.Status.PUBLISHED and timezone.now() <= self.registration_deadline

    @property
    def has_started(self):
        return self.starts_at <= timezone.now()

    @property
    def has_video(self):
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)


class ProgrammeSlot(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="slots")
    solution = models.ForeignKey(
        "catalog.Solution", on_delete=models.CASCADE, related_name="workshop_slots"
    )
    provider = models.ForeignKey(
        "catalog.ProviderProfile", on_delete=models.CASCADE, related_name="workshop_slots"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    abstract = models.TextField(_("abstract"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, editable=False
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme slot")
        verbose_name_plural = _("programme slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "solution"], name="unique_slot_solution")
        ]

    def __str__(self):
        return f"{self.solution} ({self.workshop})"


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_registrations"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, editable=False)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Recorded by the office after the workshop: None until then, True/False per confirmed seat.
    attended = models.BooleanField(_("attended"), null=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="unique_registration")
        ]

    def __str__(self):
        return f"{self.user} @ {self.workshop}"

    def get_cancel_url(self):
        return reverse("events:cancel_registration", args=[self.token])


class QuestionQuerySet(models.QuerySet):
    def numbered(self):
        """`number`: the question's place among its workshop's questions (1, 2, …), in the
        order they were asked; stable when questions are hidden or merged."""
        earlier = (
            Question.objects.filter(
                workshop=models.OuterRef("workshop"), pk__lte=models.OuterRef("pk")
            )
            .order_by()
            .values("workshop")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(number=models.Subquery(earlier))

    def with_number(self, number):
        """The question with that number, or None."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            return None
        if number < 1:
            return None
        return self.order_by("pk")[number - 1 : number].first()


class Question(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("question or challenge"), max_length=2000)
    anonymous = models.BooleanField(_("hide my name from other participants"), default=False)
    hidden = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    need = models.ForeignKey(
        "matching.Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="one_vote_per_user")
        ]

    def __str__(self):
        return f"{self.user} → {self.question}"


class Material(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("slides (PDF)"), upload_to="workshops/%Y/", blank=True)
    url = models.URLField(_("recording link"), blank=True)
    published = models.BooleanField(_("published for everyone"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""), name="material_has_file_or_url"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:material", args=[self.workshop.slug, self.pk])


class Feedback(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="one_feedback_per_user")
        ]

    def __str__(self):
        return f"{self.rating}/5 {self.workshop}"
