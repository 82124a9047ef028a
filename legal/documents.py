"""The record of processing activities (Art. 30 GDPR) as ODT (odfpy) and tagged PDF
(WeasyPrint, PDF/UA-1) for the data protection officer."""

import io

from django.utils import timezone
from odf.opendocument import OpenDocumentText
from odf.style import ParagraphProperties, Style, TextProperties
from odf.text import H, P

from core.documents import tagged_pdf

from .processing import MEASURES

FIELDS = [
    ("purposes", "Zwecke der Verarbeitung"),
    ("data_subjects", "Kategorien betroffener Personen"),
    ("data", "Kategorien personenbezogener Daten"),
    ("legal_basis", "Rechtsgrundlage"),
    ("recipients", "Empfänger"),
    ("transfer", "Übermittlung in Drittländer"),
    ("retention", "Fristen für die Löschung"),
]
NO_TRANSFER = "Keine."


def record_context(legal, activities):
    today = timezone.localdate()
    return {
        "legal": legal,
        "activities": [
            {
                "name": a["name"],
                "rows": [(label, {**a, "transfer": NO_TRANSFER}[key]) for key, label in FIELDS],
            }
            for a in activities
        ],
        "measures": MEASURES,
        "today": today,
    }


def record_odt(context) -> bytes:
    doc = OpenDocumentText()
    doc.meta.addElement(_title("Verzeichnis von Verarbeitungstätigkeiten"))
    h1 = Style(name="Heading 1", family="paragraph")
    h1.addElement(TextProperties(fontsize="18pt", fontweight="bold"))
    h2 = Style(name="Heading 2", family="paragraph")
    h2.addElement(TextProperties(fontsize="14pt", fontweight="bold"))
    h2.addElement(ParagraphProperties(margintop="0.4cm"))
    label = Style(name="Label", family="paragraph")
    label.addElement(TextProperties(fontweight="bold"))
    for style in (h1, h2, label):
        doc.styles.addElement(style)

    doc.text.addElement(H(outlinelevel=1, stylename=h1, text=_TITLE))
    doc.text.addElement(P(text=f"Stand: {context['today']:%d.%m.%Y}"))
    doc.text.addElement(H(outlinelevel=2, stylename=h2, text="Verantwortlicher"))
    _lines(doc, context["legal"].controller)
    doc.text.addElement(H(outlinelevel=2, stylename=h2, text="Datenschutzbeauftragte(r)"))
    _lines(doc, context["legal"].data_protection_officer)
    for number, activity in enumerate(context["activities"], start=1):
        doc.text.addElement(H(outlinelevel=2, stylename=h2, text=f"{number}. {activity['name']}"))
        for heading, value in activity["rows"]:
            doc.text.addElement(P(stylename=label, text=heading))
            doc.text.addElement(P(text=value))
    doc.text.addElement(
        H(outlinelevel=2, stylename=h2, text="Technische und organisatorische Maßnahmen")
    )
    for measure in context["measures"]:
        doc.text.addElement(P(text=f"– {measure}"))
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def record_pdf(context) -> bytes:
    return tagged_pdf("legal/record_print.html", context)


_TITLE = "Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)"


def _title(text):
    from odf.dc import Title

    return Title(text=text)


def _lines(doc, text):
    for line in (text or "").splitlines():
        doc.text.addElement(P(text=line))
