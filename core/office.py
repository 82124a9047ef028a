"""Sections of the office area (/geschaeftsstelle/). Each app serves its own section."""

from django.utils.translation import gettext_lazy as _

OFFICE_SECTIONS = [
    (
        "/geschaeftsstelle/moderation/",
        _("Moderation queue"),
        _("Submitted profiles and solutions, oldest first."),
    ),
    (
        "/konto/mitgliedschaften/anfragen/",
        _("Membership requests"),
        _("Approve who may act for a municipality."),
    ),
    (
        "/geschaeftsstelle/vokabulare/",
        _("Vocabularies"),
        _("Topics, standards and the search thesaurus."),
    ),
    (
        "/geschaeftsstelle/thesaurus/",
        _("Search thesaurus"),
        _("Groups of words the search treats as meaning the same."),
    ),
    ("/geschaeftsstelle/import/", _("Catalog import"), _("Upload a file in the exchange format.")),
    (
        "/veranstaltungen/verwalten/",
        _("Workshops"),
        _("Plan workshops, programme and participants."),
    ),
    (
        "/geschaeftsstelle/partnerschaften/",
        _("Partnerships"),
        _("Stages, budgets and overdue milestones."),
    ),
    (
        "/geschaeftsstelle/schwellenwerte/",
        _("Procurement thresholds"),
        _("The dated threshold table used by the checks."),
    ),
    (
        "/geschaeftsstelle/personen/",
        _("Personal data on request"),
        _("Export or delete a person's data when they ask."),
    ),
    (
        "/geschaeftsstelle/rechtstexte/",
        _("Legal pages"),
        _("Legal notice, privacy, accessibility, barrier reports, record of processing."),
    ),
    (
        "/geschaeftsstelle/statistik/",
        _("Statistics"),
        _("What happens on the platform, over time."),
    ),
]
