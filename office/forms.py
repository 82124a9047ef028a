"""The cockpit's period form."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .stats import DateRange


class DateRangeForm(forms.Form):
    """The cockpit's period. Bounded: every figure loops over its months, and dates near the
    calendar's ends overflow (security review L6: 0001/9999 gave a 500, 1900–2100 took 28 s)."""

    EARLIEST = dt.date(2000, 1, 1)
    LATEST = dt.date(2099, 12, 31)
    MAX_YEARS = 10

    von = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    bis = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def _in_range(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not self.EARLIEST <= value <= self.LATEST:
            raise forms.ValidationError(
                _("Please enter a date between %(start)s and %(end)s.")
                % {
                    "start": self.EARLIEST.strftime("%d.%m.%Y"),
                    "end": self.LATEST.strftime("%d.%m.%Y"),
                }  # fmt: skip
            )
        return value

    def clean_von(self):
        return self._in_range("von")

    def clean_bis(self):
        return self._in_range("bis")

    def clean(self):
        data = super().clean()
        if data.get("von") and data.get("bis") and data["von"] > data["bis"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        default = DateRange.default()
        start, end = data.get("von") or default.start, data.get("bis") or default.end
        if (end - start).days > 366 * self.MAX_YEARS:
            raise forms.ValidationError(
                _("The period may span at most %(years)s years.") % {"years": self.MAX_YEARS}
            )
        return data

    def period(self):
        default = DateRange.default()
        if not self.is_valid():
            return default
        return DateRange(
            self.cleaned_data.get("von") or default.start,
            self.cleaned_data.get("bis") or default.end,
        )
