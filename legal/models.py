"""The legal pages of the site (Impressum, privacy notice, accessibility statement, Leichte
Sprache, DGS, contact), the barrier reports of the feedback mechanism and the DGS video."""

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# "[Name der Behörde]" is a placeholder; "[text](url)" is a Markdown link, "[ ]" a checkbox.
PLACEHOLDER = re.compile(r"\[([^\[\]\n]{3,})\](?!\()")


def placeholders_in(text: str) -> list[str]:
    return [f"[{match}]" for match in PLACEHOLDER.findall(text or "")]


class Page(models.TextChoices):
    IMPRINT = "impressum", _("Legal notice")
    PRIVACY = "datenschutz", _("Privacy notice")
    ACCESSIBILITY = "barrierefreiheit", _("Accessibility statement")
    EASY_LANGUAGE = "leichte-sprache", _("Easy-to-read German")
    SIGN_LANGUAGE = "gebaerdensprache", _("German Sign Language")
    CONTACT = "kontakt", _("Contact")


class LegalTextQuerySet(models.QuerySet):
    def of(self, page):
        return self.filter(page=page).select_related("created_by")

    def current(self, page):
        return self.of(page).order_by("-number").first()


class LegalText(models.Model):
    """One version of a legal page. Versions are never changed: each save adds a new one."""

    page = models.CharField(_("page"), max_length=32, choices=Page.choices)
    number = models.PositiveIntegerField(pgettext_lazy("legal text", "version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    created_at = models.DateTimeField(_("as of"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LegalTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal text version")
        verbose_name_plural = _("legal text versions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="legal_text_one_number")
        ]

    def __str__(self):
        return f"{self.get_page_display()} ({self.number})"

    def get_absolute_url(self):
        return reverse("legal:version", kwargs={"page": self.page, "number": self.number})

    @property
    def stand(self):
        return timezone.localdate(self.created_at)

    def placeholders(self) -> list[str]:
        return placeholders_in(self.title + "\n" + self.body)


class LegalSettings(models.Model):
    """Facts the generated pages need and only the office knows (one row)."""

    controller = models.TextField(
        _("controller (name, address, contact)"),
        help_text=_("Named in the privacy notice and in the record of processing activities."),
    )
    data_protection_officer = models.TextField(_("data protection officer (contact)"))
    enforcement_body = models.TextField(
        _("enforcement body (name, address)"),
        help_text=_("Where people turn when the feedback mechanism gives no satisfying answer."),
    )
    server_log_retention = models.CharField(
        _("retention of the web server's access logs"),
        max_length=200,
        help_text=_("As configured by the operator of the servers, e.g. “7 Tage”."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("legal settings")
        verbose_name_plural = _("legal settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls):
        from .defaults import SETTINGS_DEFAULTS

        return cls.objects.get_or_create(pk=1, defaults=SETTINGS_DEFAULTS)[0]

    def placeholders(self) -> list[str]:
        return placeholders_in(
            "\n".join(
                [
                    self.controller,
                    self.data_protection_officer,
                    self.enforcement_body,
                    self.server_log_retention,
                ]
            )
        )


class BarrierReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=BarrierReport.Status.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class BarrierReport(models.Model):
    """A barrier someone met on the site (feedback mechanism, EU directive 2016/2102 Art. 7)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")

    page_url = models.CharField(_("address of the page"), max_length=500)
    description = models.TextField(_("what does not work"))
    name = models.CharField(_("your name"), max_length=200, blank=True)
    email = models.EmailField(_("your e-mail address"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    due_on = models.DateField(_("answer due on"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_on = models.DateField(null=True, blank=True)

    objects = BarrierReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("barrier report")
        verbose_name_plural = _("barrier reports")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return f"{self.page_url} ({self.created_at:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("legal:report", kwargs={"pk": self.pk})

    def is_overdue(self, today=None) -> bool:
        return self.status == self.Status.OPEN and self.due_on < (today or timezone.localdate())


class SignLanguageVideo(models.Model):
    """The DGS video of the site with its WebVTT captions; the newest one is shown."""

    video = models.FileField(_("video (MP4 or WebM)"), upload_to="legal/dgs/")
    captions = models.FileField(_("captions (WebVTT)"), upload_to="legal/dgs/")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("sign language video")
        verbose_name_plural = _("sign language videos")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.video.name
