"""Demo data: the full municipality register (the real one; it is public data)."""

from django.utils.translation import gettext as _

from .services import import_register


def load(stdout):
    result = import_register()
    stdout.write("  " + _("Municipality register:") + " " + result.summary())
