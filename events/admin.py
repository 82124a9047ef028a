from django.contrib import admin

from .models import Feedback, Material, ProgrammeSlot, Question, Registration, Workshop


class SlotInline(admin.TabularInline):
    model = ProgrammeSlot
    extra = 0
    raw_id_fields = ["solution", "provider", "applicant"]
    readonly_fields = ["status"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "status", "capacity"]
    list_filter = ["status", "format"]
    search_fields = ["title", "theme"]
    readonly_fields = ["status"]
    inlines = [SlotInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["workshop", "user", "status", "created_at", "reminder_sent_at"]
    list_filter = ["status"]
    raw_id_fields = ["workshop", "user", "organisation"]
    readonly_fields = ["status"]


admin.site.register([Question, Material, Feedback])
