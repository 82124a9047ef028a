"""Documents a clerk files: one way to make an accessible PDF from a print template."""

from django.template.loader import render_to_string


def tagged_pdf(template_name, context) -> bytes:
    """The template rendered to a tagged PDF (PDF/UA-1: structure tree, language, title).

    WeasyPrint is imported here, not at module level: it loads fonts and cairo bindings that
    a web process needs only when someone downloads a document."""
    from weasyprint import HTML

    return HTML(string=render_to_string(template_name, context)).write_pdf(pdf_variant="pdf/ua-1")
