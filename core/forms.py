from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every form through our accessible field template (label, hint, errors)."""

    form_template_name = "core/_partials/form.html"
    field_template_name = "core/_partials/field.html"
