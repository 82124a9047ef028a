"""A need's dated chronology — building blocks for the town's Vergabevermerk.

Sources, oldest first: the need's audit log (created, changed, shortlist decisions, contact
requests, market explorations frozen and closed with their SHA-256, outcome, closed/reopened;
each code with its label from core.audit.LABELS), the proposals providers sent, and the
workshops on the need's topics that members of the town attended (added by
`events.chronology`, registered in EventsConfig.ready(): events sits above matching).
Exported as ODT (odfpy) and tagged PDF (WeasyPrint, PDF/UA-1) by matching.views.chronology.
"""

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Solution
from core.audit import field_names, label
from core.documents import tagged_pdf
from core.services import history_of

from .models import Need

# Apps above matching add entries to a need's chronology by registering a function
# need -> list[Entry] here (events: workshops attended); matching imports none of them.
ENTRY_SOURCES = []


def register_entry_source(source):
    if source not in ENTRY_SOURCES:
        ENTRY_SOURCES.append(source)
    return source


# The words for each audit code come from core.audit.LABELS; the chronology adds only its own
# cases: a decision's label depends on its to_state, and its details (titles, hashes, fields).
DECISION_LABELS = {
    "shortlisted": gettext_lazy("Solution shortlisted"),
    "dismissed": gettext_lazy("Solution dismissed"),
    "": gettext_lazy("Decision on a solution withdrawn"),
}
NOTICE = gettext_lazy(
    "Building blocks for the award record (Vergabevermerk), generated from the platform's "
    "records. It does not replace the municipality's own legal assessment."
)
HASHED = {
    "explorations.record.frozen",
    "explorations.record.closed",
    "explorations.record.corrected",
}
WITH_SOLUTION = {"matching.need.decided", "explorations.outcome.reference_confirmed"}


@dataclass
class Entry:
    when: object  # aware datetime
    label: str
    detail: str = ""
    actor: str = ""

    @property
    def day(self):
        """German date and time, e.g. "6. Dezember 2026, 14:30"."""
        return date_format(timezone.localtime(self.when), "j. F Y, H:i")


def _audit_entries(need):
    rows = list(history_of(need))
    slugs = {r.comment for r in rows if r.action in WITH_SOLUTION and r.comment}
    titles = dict(Solution.objects.filter(slug__in=slugs).values_list("slug", "title"))
    entries = []
    for row in rows:
        actor = row.actor.display_name if row.actor else ""
        if row.action == "matching.need.decided":
            text = DECISION_LABELS.get(row.to_state, label(row.action))
            detail = titles.get(row.comment, row.comment)
        elif row.action == "matching.need.edited":
            text, detail = (
                label(row.action),
                ", ".join(field_names(Need, row.changes.get("fields"))),
            )
        elif row.action in HASHED:
            text, detail = label(row.action), f"SHA-256: {row.comment}" if row.comment else ""
        elif row.action == "explorations.outcome.reference_confirmed":
            text, detail = label(row.action), titles.get(row.comment, row.comment)
        elif row.action == "matching.need.created":
            text, detail = label(row.action), ""
        else:
            text, detail = label(row.action), row.comment
        entries.append(Entry(row.created_at, str(text), detail, actor))
    if not any(r.action == "matching.need.created" for r in rows):
        # Needs from before the audit row (demo data, imports): the creation date is known.
        author = need.author.display_name if need.author else ""
        entries.append(Entry(need.created_at, str(label("matching.need.created")), "", author))
    return entries


def _proposal_entries(need):
    entries = []
    for p in need.proposals.select_related("provider", "solution").order_by("created_at", "pk"):
        entries.append(
            Entry(
                p.created_at,
                _("Proposal received"),
                f"{p.provider.name}: {p.solution.title}",
            )
        )
        if p.rated_at:
            entries.append(
                Entry(
                    p.rated_at,
                    _("Proposal rated"),
                    _("%(provider)s: %(rating)s of 5")
                    % {"provider": p.provider.name, "rating": p.rating},
                )
            )
    return entries


def chronology_of(need):
    """The need's entries, oldest first (same time: in the order they were written)."""
    entries = _audit_entries(need)[::-1] + _proposal_entries(need)
    for source in ENTRY_SOURCES:
        entries += source(need)
    return sorted(entries, key=lambda e: e.when)


def chronology_context(need):
    return {
        "need": need,
        "entries": chronology_of(need),
        "today": date_format(timezone.localdate(), "j. F Y"),
        "notice": str(NOTICE),
    }


def chronology_odt(context) -> bytes:
    from odf.dc import Title
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.text import H, P

    need = context["need"]
    doc = OpenDocumentText()
    heading = _("Chronology of the need “%(title)s”") % {"title": need.title}
    doc.meta.addElement(Title(text=heading))
    h1 = Style(name="Heading 1", family="paragraph")
    h1.addElement(TextProperties(fontsize="16pt", fontweight="bold"))
    label = Style(name="Label", family="paragraph")
    label.addElement(TextProperties(fontweight="bold"))
    for style in (h1, label):
        doc.styles.addElement(style)
    doc.text.addElement(H(outlinelevel=1, stylename=h1, text=heading))
    doc.text.addElement(
        P(text=f"{need.organisation.name} · " + _("as of %(day)s") % {"day": context["today"]})
    )
    for entry in context["entries"]:
        doc.text.addElement(P(stylename=label, text=f"{entry.day} — {entry.label}"))
        line = " · ".join(filter(None, [entry.detail, entry.actor]))
        if line:
            doc.text.addElement(P(text=line))
    doc.text.addElement(P(text=context["notice"]))
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def chronology_pdf(context) -> bytes:
    return tagged_pdf("matching/chronology_print.html", context)
