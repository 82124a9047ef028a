from django.contrib import admin

from .models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """Read-mostly: the register comes from `manage.py import_municipalities`."""

    list_display = ("name", "ags", "kind", "district", "region", "population")
    list_filter = ("kind", "region")
    search_fields = ("name", "name_folded", "=ags", "^ags")
    ordering = ("name", "ags")
    readonly_fields = ("name_folded",)
