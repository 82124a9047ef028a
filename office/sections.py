"""Sections of the office area (/geschaeftsstelle/). Each app serves its own section."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

OFFICE_SECTIONS = [
    (
        reverse_lazy("catalog:moderation"),
        _("Moderation queue"),
        _("Submitted profiles and solutions, oldest first."),
    ),
    (
        reverse_lazy("accounts:pending"),
        _("Membership requests"),
        _("Approve who may act for a municipality."),
    ),
    (
        reverse_lazy("catalog:vocabularies"),
        _("Vocabularies"),
        _("Topics, standards and the search thesaurus."),
    ),
    (
        reverse_lazy("matching:thesaurus"),
        _("Search thesaurus"),
        _("Groups of words the search treats as meaning the same."),
    ),
    (
        reverse_lazy("catalog:import"),
        _("Catalog import"),
        _("Upload a file in the exchange format."),
    ),
    (
        reverse_lazy("events:manage"),
        _("Workshops"),
        _("Plan workshops, programme and participants."),
    ),
    (
        reverse_lazy("partnerships:office_overview"),
        _("Partnerships"),
        _("Stages, budgets and overdue milestones."),
    ),
    (
        reverse_lazy("partnerships:thresholds"),
        _("Procurement thresholds"),
        _("The dated threshold table used by the checks."),
    ),
    (
        reverse_lazy("legal:office_people"),
        _("Personal data on request"),
        _("Export or delete a person's data when they ask."),
    ),
    (
        reverse_lazy("legal:office"),
        _("Legal pages"),
        _("Legal notice, privacy, accessibility, barrier reports, record of processing."),
    ),
    (
        reverse_lazy("office:cockpit"),
        _("Statistics"),
        _("What happens on the platform, over time."),
    ),
]
