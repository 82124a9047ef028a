"""The first version of each legal page: sensible German defaults with [placeholders] the
office must fill in (the page tells staff until none is left). Stored by migration 0002."""

IMPRINT = """\
## Anbieterin dieser Website

[Name der Behörde]\\
Geschäftsstelle Smarte Region\\
[Straße und Hausnummer]\\
[Postleitzahl und Ort]

Die [Name der Behörde] ist eine Behörde des Landes Hessen. Sie wird vertreten durch
[Name und Funktion der Behördenleitung].

## Kontakt

Telefon: [Telefonnummer der Geschäftsstelle]\\
E-Mail: [E-Mail-Adresse der Geschäftsstelle]

## Umsatzsteuer-Identifikationsnummer

[Umsatzsteuer-Identifikationsnummer nach § 27a UStG – oder diesen Abschnitt löschen, wenn die
Behörde keine hat]

## Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV

[Name und Anschrift der verantwortlichen Person]

## Inhalte von Anbietern und Kommunen

Profile, Lösungen, Referenzen und Vorhaben stellen Anbieter und Kommunen selbst ein; für diese
Inhalte sind die jeweiligen Organisationen verantwortlich. Die Geschäftsstelle prüft Profile und
Lösungen vor der Veröffentlichung, macht sich ihre Inhalte aber nicht zu eigen. Hinweise auf
rechtswidrige Inhalte senden Sie bitte an die oben genannte E-Mail-Adresse.

Diese Angaben erfüllen die Informationspflichten nach § 5 des Digitale-Dienste-Gesetzes (DDG).
"""

PRIVACY = """\
Die Geschäftsstelle Smarte Region betreibt den Smart Region Marktplatz, damit Kommunen in
Hessen passende digitale Lösungen und Anbieter finden, sich austauschen und
Innovationspartnerschaften durchführen können. Dabei verarbeiten wir personenbezogene Daten.
Mit dieser Datenschutzerklärung informieren wir Sie nach Art. 13 der
Datenschutz-Grundverordnung (DSGVO) darüber.

Die Abschnitte zu den Verarbeitungen, Speicherfristen und Cookies erzeugt die Plattform aus
ihrer tatsächlichen Konfiguration. Sie sind deshalb immer auf dem Stand der laufenden Version.
"""

ACCESSIBILITY = """\
Die [Name der Behörde] ist bemüht, den Smart Region Marktplatz barrierefrei zugänglich zu
machen. Rechtsgrundlagen sind das Hessische Behinderten-Gleichstellungsgesetz (HessBGG) und die
Hessische Verordnung über barrierefreie Informationstechnik (HVBIT). Sie setzen die Richtlinie
(EU) 2016/2102 um. Technischer Maßstab ist die Barrierefreie-Informationstechnik-Verordnung
(BITV 2.0), also die Norm EN 301 549 und damit die WCAG 2.1 auf Stufe AA.

Diese Erklärung gilt für [Adresse der Website, z. B. https://marktplatz.example.de].

## Stand der Vereinbarkeit mit den Anforderungen

Diese Website ist [vollständig / teilweise] mit den Anforderungen vereinbar.
[Kurze Begründung, z. B. „Die unten genannten Inhalte sind noch nicht barrierefrei.“]

## Nicht barrierefreie Inhalte

- **Dokumentation der Programmierschnittstelle** (`/api/v1/docs`): Sie ist die Oberfläche eines
  Fremdprodukts (Swagger UI) für Entwicklerinnen und Entwickler und wurde nicht geprüft. Dieselben
  Angaben stehen barrierefrei als OpenAPI-Datei unter `/api/v1/openapi.json` bereit.
- **Hochgeladene Dokumente** (zum Beispiel PDF-Dateien von Anbietern, Kommunen und in
  Partnerschaften): Sie stammen von Dritten, wurden weder von uns finanziert noch entwickelt und
  unterliegen nicht unserer Kontrolle (Art. 1 Abs. 4 Buchst. e der Richtlinie (EU) 2016/2102).
  Wir prüfen sie nicht auf Barrierefreiheit.

## Erstellung dieser Erklärung

Diese Erklärung wurde am [Datum der ersten Erstellung] erstellt. Grundlage ist eine
Selbstbewertung: automatische Prüfungen bei jedem Build (siehe unten) und
[manuelle Prüfung, z. B. „BITV-Test durch … am …“ oder „Prüfung mit Screenreader durch die
Geschäftsstelle am …“].

## Feedback und Kontakt

Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Dann melden Sie sie uns bitte über das
Formular „Barriere melden“ oder per E-Mail an [E-Mail-Adresse der Geschäftsstelle]. Wir antworten
Ihnen innerhalb eines Monats.
"""

EASY_LANGUAGE = """\
## Was ist der Smart Region Marktplatz?

Der Smart Region Marktplatz ist eine Internet-Seite.\\
Die Internet-Seite ist für Städte und Gemeinden in Hessen.\\
Städte und Gemeinden heißen auch: **Kommunen**.

Kommunen wollen ihre Arbeit digital machen.\\
**Digital** heißt: mit dem Computer und dem Internet.\\
Ein Beispiel: Sie melden eine kaputte Straßen-Lampe im Internet.

Auf dem Marktplatz zeigen Firmen ihre Ideen für Kommunen.\\
Diese Firmen heißen auf der Seite: **Anbieter**.\\
Eine Idee von einem Anbieter heißt auf der Seite: **Lösung**.

## Wer macht den Marktplatz?

Den Marktplatz macht die Geschäftsstelle Smarte Region.\\
Die Geschäftsstelle gehört zum Land Hessen.\\
Die Geschäftsstelle prüft jede Lösung.\\
Erst dann sehen alle die Lösung.

## Was können Sie hier machen?

Sie können Lösungen suchen.\\
Dafür brauchen Sie kein Konto.\\
Ein **Konto** ist Ihr eigener Bereich auf der Seite.\\
Sie melden sich dort mit Ihrer E-Mail-Adresse an.

Sie arbeiten für eine Kommune?\\
Dann können Sie ein Vorhaben beschreiben.\\
Ein **Vorhaben** ist eine Aufgabe.\\
Für die Aufgabe sucht Ihre Kommune eine Lösung.\\
Der Marktplatz zeigt Ihnen dann passende Lösungen.

Sie können auch zu Veranstaltungen gehen.\\
Dort treffen sich Kommunen und Anbieter.

## So benutzen Sie die Seite

Oben auf jeder Seite ist ein Menü.\\
Im Menü stehen die wichtigen Bereiche.\\
Zum Beispiel: Lösungen, Vorhaben und Veranstaltungen.

Sie wollen suchen?\\
Dann klicken Sie auf **Lösungen**.\\
Schreiben Sie ein Wort in das Such-Feld.\\
Zum Beispiel: Parken.\\
Dann drücken Sie die Enter-Taste.

Sie können die Seite auch nur mit der Tastatur benutzen.\\
Mit der Tab-Taste springen Sie zum nächsten Link.

## Ihre Daten

Wir speichern nur die Daten für den Marktplatz.\\
Wir geben Ihre Daten nicht an fremde Firmen.\\
Mehr dazu steht in der Datenschutz-Erklärung.\\
Die Datenschutz-Erklärung ist in schwerer Sprache.

## Haben Sie Fragen?

Dann schreiben Sie uns.\\
Oder rufen Sie uns an.\\
Sie finden uns auf der Seite **Kontakt**.\\
Der Link zur Seite Kontakt ist ganz unten auf jeder Seite.

Sie finden eine Stelle auf der Seite schwer?\\
Dann sagen Sie es uns bitte.\\
Dafür gibt es die Seite **Barriere melden**.
"""

SIGN_LANGUAGE = """\
In diesem Video erklären wir in Deutscher Gebärdensprache (DGS), was der Smart Region Marktplatz
ist und wie Sie ihn benutzen. Das Video hat Untertitel.
"""

CONTACT = """\
## Geschäftsstelle Smarte Region

[Name der Behörde]\\
Geschäftsstelle Smarte Region\\
[Straße und Hausnummer]\\
[Postleitzahl und Ort]

Telefon: [Telefonnummer der Geschäftsstelle] ([Sprechzeiten])\\
E-Mail: [E-Mail-Adresse der Geschäftsstelle]

## Wobei wir helfen

- Fragen zum Marktplatz, zur Registrierung und zu Ihrer Organisation
- Veranstaltungen, Vorhaben und Innovationspartnerschaften
- Barrieren auf dieser Website: Bitte nutzen Sie das Formular „Barriere melden“.
- Fragen zum Datenschutz und zu Ihren Rechten: siehe die Datenschutzerklärung.

Bitte senden Sie vertrauliche Unterlagen nicht unverschlüsselt per E-Mail.
"""

TEXTS = {
    "impressum": ("Impressum", IMPRINT),
    "datenschutz": ("Datenschutzerklärung", PRIVACY),
    "barrierefreiheit": ("Erklärung zur Barrierefreiheit", ACCESSIBILITY),
    "leichte-sprache": ("Informationen in Leichter Sprache", EASY_LANGUAGE),
    "gebaerdensprache": ("Informationen in Deutscher Gebärdensprache", SIGN_LANGUAGE),
    "kontakt": ("Kontakt", CONTACT),
}

SETTINGS_DEFAULTS = {
    "controller": (
        "[Name der Behörde]\n[Straße und Hausnummer]\n[Postleitzahl und Ort]\n"
        "Telefon: [Telefonnummer]\nE-Mail: [E-Mail-Adresse]"
    ),
    "data_protection_officer": (
        "Die oder der behördliche Datenschutzbeauftragte der [Name der Behörde]\n"
        "[Anschrift]\nE-Mail: [E-Mail-Adresse der oder des Datenschutzbeauftragten]"
    ),
    "enforcement_body": (
        "[Name und Anschrift der Durchsetzungs- und Schlichtungsstelle für barrierefreie "
        "Informationstechnik in Hessen]"
    ),
    "server_log_retention": "[Speicherdauer der Server-Protokolle, z. B. 7 Tage]",
}


def install(apps, schema_editor):
    """Migration step: version 1 of every page, unless there is one already."""
    LegalText = apps.get_model("legal", "LegalText")
    LegalSettings = apps.get_model("legal", "LegalSettings")
    for page, (title, body) in TEXTS.items():
        if not LegalText.objects.filter(page=page).exists():
            LegalText.objects.create(page=page, number=1, title=title, body=body)
    LegalSettings.objects.get_or_create(pk=1, defaults=SETTINGS_DEFAULTS)
