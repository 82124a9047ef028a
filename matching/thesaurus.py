"""The office's thesaurus groups (in addition to matching/data/thesaurus.txt).

The search index reads `office_groups()` and rebuilds when `version()` changes.
"""

from django import forms
from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from accounts.access import require_office
from core.services import log_action
from core.text import fold

from .models import ThesaurusEntry


def parse_words(text):
    """ "Parkplatz, Stellplatz" → ["parkplatz", "stellplatz"] (folded like the data file)."""
    words = []
    for raw in (text or "").replace("\n", ",").split(","):
        word = fold(raw.strip())
        if word and word not in words:
            words.append(word)
    return words


def office_groups():
    """The active groups the office added: a list of lists of (folded, lower-case) words."""
    return [entry.word_list for entry in ThesaurusEntry.objects.filter(active=True).order_by("pk")]


def version():
    """Changes whenever an entry is added, edited or (de)activated."""
    stats = ThesaurusEntry.objects.aggregate(n=Count("pk"), changed=Max("updated_at"))
    return (stats["n"], stats["changed"].isoformat() if stats["changed"] else "")


class ThesaurusEntryForm(forms.ModelForm):
    words = forms.CharField(
        label=_("Words that mean the same"),
        help_text=_("At least two words, separated by commas, e.g. “Parkplatz, Stellplatz”."),
        max_length=500,
    )

    class Meta:
        model = ThesaurusEntry
        fields = ["words", "active"]

    def clean_words(self):
        raw = [w.strip() for w in self.cleaned_data["words"].replace("\n", ",").split(",")]
        wrong = [w for w in raw if w and not w.isalpha()]
        if wrong:
            raise forms.ValidationError(
                _("Only letters are allowed in a word (no digits, spaces or signs): %(words)s"),
                params={"words": ", ".join(wrong)},
            )
        words = parse_words(self.cleaned_data["words"])
        if len(words) < 2:
            raise forms.ValidationError(_("Enter at least two different words."))
        return ", ".join(words)


@transaction.atomic
def save_entry(*, actor, form):
    """Add or change a group (office only); every change is written to the audit log."""
    require_office(actor)
    entry = form.save(commit=False)
    created = entry.pk is None
    if created:
        entry.created_by = actor
    entry.save()
    log_action(
        entry,
        actor=actor,
        action="matching.thesaurus.created" if created else "matching.thesaurus.edited",
        to_state="active" if entry.active else "inactive",
        comment=entry.words,
    )
    return entry
