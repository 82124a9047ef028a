from django.contrib import admin

from .models import ContactPerson, ProviderProfile, Reference, Solution, Standard, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "proposed_by"]
    list_filter = ["status"]


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(ProviderProfile)
class ProviderProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "status"]
    list_filter = ["status", "is_startup"]
    search_fields = ["name", "city"]
    # Status changes go through the moderation services (audited), never through the admin.
    readonly_fields = ["status", "organisation"]
    inlines = [ContactPersonInline]


@admin.register(Solution)
class SolutionAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "status", "published_at"]
    list_filter = ["status", "topics"]
    search_fields = ["title", "summary"]
    readonly_fields = ["status", "published_at"]
    list_select_related = ["provider"]


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["solution", "municipality", "place_name", "country", "year", "status"]
    list_filter = ["status"]
    readonly_fields = ["status", "confirmed_by", "confirmed_at"]
    raw_id_fields = ["solution", "municipality"]
