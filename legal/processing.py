"""What the platform really does with personal data: one registry for the privacy notice
(Art. 13 GDPR, /datenschutz/) and the record of processing activities (Art. 30 GDPR).

The texts are German on purpose: they are the binding legal wording of a German public body.
Retention periods are read from the settings at render time, so the pages state what the
retention task (`manage.py apply_retention`) enforces. A test checks that every model holding
personal data is listed here (`models`).
"""

from dataclasses import dataclass, field

from django.conf import settings

TASK = (
    "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Abs. 1 HDSIG (Wahrnehmung der "
    "öffentlichen Aufgabe der Geschäftsstelle: Vernetzung von Kommunen und Anbietern, "
    "Innovationspartnerschaften)"
)
ACCOUNT = "Art. 6 Abs. 1 Buchst. b DSGVO (Nutzungsverhältnis über Ihr Konto)"
NO_THIRD_PARTIES = (
    "Keine Weitergabe an Dritte. E-Mails versendet die Plattform über den E-Mail-Server ihres "
    "Betriebs."
)

HBDI = (
    "Der Hessische Beauftragte für Datenschutz und Informationsfreiheit, Postfach 31 63, "
    "65021 Wiesbaden (Hausanschrift: Gustav-Stresemann-Ring 1, 65189 Wiesbaden), "
    "Telefon 0611 1408-0, https://datenschutz.hessen.de"
)


def plural(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


# "nach 30 Tagen" (dative) but "60 Tage danach" and "3 Jahre lang".
def _days(n):
    return plural(n, "Tag", "Tagen")


def _months(n):
    return plural(n, "Monat", "Monaten")


def _account_retention(legal):
    years = plural(settings.RETENTION_INACTIVE_ACCOUNT_YEARS, "Jahr", "Jahre")
    grace = plural(settings.RETENTION_INACTIVE_GRACE_DAYS, "Tag", "Tage")
    return (
        "Solange Ihr Konto besteht. Konten, deren E-Mail-Adresse nie bestätigt wurde, löschen "
        f"wir nach {_days(settings.RETENTION_UNCONFIRMED_ACCOUNT_DAYS)}. Wer sich {years} lang "
        "nicht angemeldet hat, erhält eine E-Mail; meldet sich die Person nicht wieder an, "
        f"löschen wir das Konto {grace} danach. Sie können Ihr Konto jederzeit selbst löschen."
    )


def _contact_retention(legal):
    months = plural(settings.RETENTION_CONTACT_MONTHS, "Monat", "Monate")
    return f"Kontaktanfragen werden {months} nach dem Versand mit Betreff und Text gelöscht."


def _search_retention(legal):
    return (
        f"Nach {_days(settings.RETENTION_SEARCH_LOG_DAYS)} bleiben nur noch Zählungen je Tag "
        "und Suchbegriff; einzelne Suchen und ihre Uhrzeit sind dann gelöscht."
    )


def _notification_retention(legal):
    return (
        "Benachrichtigungen auf der Plattform und erledigte Hintergrundaufgaben (etwa eine "
        "versandte E-Mail mit Adresse und Text) werden nach "
        f"{_months(settings.RETENTION_NOTIFICATION_MONTHS)} gelöscht."
    )


def _barrier_retention(legal):
    return (
        "Beantwortete Meldungen werden "
        f"{plural(settings.RETENTION_BARRIER_REPORT_MONTHS, 'Monat', 'Monate')} nach der "
        "Antwort gelöscht."
    )


def _server_log_retention(legal):
    return f"{legal.server_log_retention}, danach werden die Protokolle gelöscht."


def _fixed(text):
    return lambda legal: text


@dataclass(frozen=True)
class Activity:
    key: str
    name: str
    purposes: str
    data_subjects: str
    data: str
    legal_basis: str
    retention: object  # callable(LegalSettings) -> str, evaluated when the page is rendered
    recipients: str = NO_THIRD_PARTIES
    models: tuple = field(default_factory=tuple)  # app_label.Model holding this data


ACTIVITIES = [
    Activity(
        key="konto",
        name="Benutzerkonto und Anmeldung",
        purposes=(
            "Registrierung, Anmeldung, Bestätigung der E-Mail-Adresse, Zurücksetzen des "
            "Passworts, Zwei-Faktor-Anmeldung, Schutz vor Missbrauch (Begrenzung von "
            "Anmeldeversuchen)."
        ),
        data_subjects="Registrierte Nutzerinnen und Nutzer",
        data=(
            "E-Mail-Adresse, Name (freiwillig), Passwort (nur als Hash), Schlüssel der "
            "Zwei-Faktor-Anmeldung, Zeitpunkte der Registrierung und der letzten Anmeldung, "
            "Sitzungsdaten."
        ),
        legal_basis=ACCOUNT,
        retention=_account_retention,
        models=(
            "accounts.User",
            "account.EmailAddress",
            "account.EmailConfirmation",
            "mfa.Authenticator",
            "sessions.Session",
            "api.ApiToken",
        ),
    ),
    Activity(
        key="organisationen",
        name="Organisationen, Mitgliedschaften und Einladungen",
        purposes=(
            "Feststellen, wer für einen Anbieter oder eine Kommune handeln darf; Einladungen "
            "weiterer Mitglieder; Freigabe von Mitgliedschaften."
        ),
        data_subjects="Mitglieder von Anbietern, Kommunen und der Geschäftsstelle; Eingeladene",
        data=(
            "Zugehörigkeit zu einer Organisation, Rolle, Status der Mitgliedschaft, wer sie "
            "wann freigegeben hat; E-Mail-Adresse eingeladener Personen."
        ),
        legal_basis=TASK,
        retention=_fixed(
            "Solange die Mitgliedschaft besteht; offene Einladungen bis zur Annahme oder "
            "bis zur Löschung der Organisation."
        ),
        recipients=NO_THIRD_PARTIES + " Die Mitglieder einer Organisation sehen einander.",
        models=("accounts.Organisation", "accounts.Membership", "accounts.Invitation"),
    ),
    Activity(
        key="katalog",
        name="Anbieterprofile, Lösungen und Referenzen",
        purposes=(
            "Veröffentlichung des Katalogs digitaler Lösungen; Prüfung durch die Geschäftsstelle "
            "vor der Veröffentlichung; Bestätigung von Referenzen durch Kommunen."
        ),
        data_subjects="Ansprechpersonen von Anbietern; Mitglieder von Kommunen (Referenzen)",
        data=(
            "Name, Funktion, E-Mail-Adresse und Telefonnummer der Ansprechpersonen, die ein "
            "Anbieter angibt; wer eine Referenz angelegt und bestätigt hat."
        ),
        legal_basis=TASK,
        retention=_fixed(
            "Solange der Anbieter das Profil oder die Lösung veröffentlicht hat; gelöschte "
            "Angaben werden sofort entfernt."
        ),
        recipients=(
            "Veröffentlichte Profile und Lösungen sieht jede Besucherin und jeder Besucher. "
            "In die offenen Daten (Open Data) gehen Angaben nur mit Einwilligung des Anbieters "
            "und ohne Ansprechpersonen. Keine sonstige Weitergabe an Dritte."
        ),
        models=(
            "catalog.ContactPerson",
            "catalog.Reference",
            "catalog.Standard",
            "catalog.SolutionDocument",
        ),
    ),
    Activity(
        key="kontaktanfragen",
        name="Kontaktanfragen von Kommunen an Anbieter",
        purposes="Weiterleitung einer Anfrage einer Kommune an den angefragten Anbieter.",
        data_subjects="Mitglieder von Kommunen und Anbietern",
        data="Absenderin oder Absender, Organisation, Betreff, Nachricht, Zeitpunkt.",
        legal_basis=TASK,
        retention=_contact_retention,
        recipients="Der angefragte Anbieter. " + NO_THIRD_PARTIES,
        models=("catalog.ContactRequest",),
    ),
    Activity(
        key="vorhaben",
        name="Vorhaben, Treffer, Vorschläge und gespeicherte Suchen",
        purposes=(
            "Kommunen beschreiben Vorhaben und erhalten passende Lösungen mit Begründung; "
            "Anbieter schlagen Lösungen vor; tägliche Benachrichtigung über neue Treffer."
        ),
        data_subjects="Mitglieder von Kommunen und Anbietern",
        data=(
            "Wer ein Vorhaben angelegt oder einen Vorschlag geschrieben hat, Entscheidungen zu "
            "Treffern (Merkliste), Bewertungen, gespeicherte Suchen und versandte Hinweise."
        ),
        legal_basis=TASK,
        retention=_fixed(
            "Solange das Vorhaben oder die gespeicherte Suche besteht; die Kommune kann beides "
            "jederzeit löschen."
        ),
        recipients=(
            "Öffentliche Vorhaben sehen alle, nicht öffentliche nur die eigene Kommune und die "
            "Geschäftsstelle. " + NO_THIRD_PARTIES
        ),
        models=(
            "matching.Need",
            "matching.NeedDecision",
            "matching.Proposal",
            "matching.SavedSearch",
            "matching.ThesaurusEntry",
        ),
    ),
    Activity(
        key="markterkundung",
        name="Markterkundungen und Ergebnisse von Vorhaben",
        purposes=(
            "Kommunen dokumentieren für ihre Vergabeakte, welche Lösungen sie zu einem "
            "Zeitpunkt betrachtet und wie sie sie bewertet haben (Markterkundung), und halten "
            "das Ergebnis fest; jeder betrachtete Anbieter erfährt das Ergebnis."
        ),
        data_subjects="Mitglieder von Kommunen und Anbietern",
        data=(
            "Wer eine Markterkundung festgehalten oder abgeschlossen und wer ein Ergebnis "
            "erfasst hat (Name und E-Mail-Adresse, als Kopie im Vermerk), Kontaktangaben der "
            "Anbieter aus ihrem Eintrag zu diesem Zeitpunkt, die Begründung an jeden Anbieter."
        ),
        legal_basis=TASK,
        retention=_fixed(
            "Ein abgeschlossener Vermerk ist Teil der Vergabedokumentation der Kommune und "
            "bleibt unverändert erhalten (Dokumentationspflicht nach § 8 VgV, § 6 UVgO); "
            "Namen darin werden auch beim Löschen eines Kontos nicht entfernt."
        ),
        recipients=(
            "Die Kommune und die Geschäftsstelle; jeder Anbieter sieht nur das Ergebnis und "
            "die Begründung zu seinen eigenen Lösungen. " + NO_THIRD_PARTIES
        ),
        models=(
            "explorations.MarketExploration",
            "explorations.ExplorationEntry",
            "explorations.NeedOutcome",
            "explorations.OutcomeNotice",
        ),
    ),
    Activity(
        key="suchprotokoll",
        name="Suchprotokoll",
        purposes="Verbesserung der Suche und Statistik, welche Themen Kommunen suchen.",
        data_subjects="Alle, die suchen (ohne Bezug zu einer Person oder einem Konto)",
        data=(
            "Suchbegriff, Zahl der Treffer, Zeitpunkt. Keine IP-Adresse, kein Konto; ein "
            "Suchbegriff kann aber zufällig einen Namen enthalten."
        ),
        legal_basis=TASK,
        retention=_search_retention,
        models=("matching.SearchLog",),
    ),
    Activity(
        key="veranstaltungen",
        name="Veranstaltungen",
        purposes=(
            "Anmeldung mit Warteliste, Erinnerung am Vortag, Fragen vorab, Programmbeiträge, "
            "Materialien, Anwesenheit und Rückmeldungen."
        ),
        data_subjects="Teilnehmende, Vortragende, Mitglieder der Geschäftsstelle",
        data=(
            "Anmeldung (Person, Organisation, Status, Anwesenheit), Fragen und Stimmen, "
            "Beitragsvorschläge, Rückmeldungen mit Bewertung, hochgeladene Materialien."
        ),
        legal_basis=TASK,
        retention=_fixed(
            "Solange die Veranstaltung dokumentiert wird; Anmeldungen enden mit dem Löschen "
            "des Kontos."
        ),
        recipients=(
            "Die Geschäftsstelle (Teilnehmendenliste). Fragen erscheinen auf Wunsch ohne "
            "Namen. " + NO_THIRD_PARTIES
        ),
        models=(
            "events.Registration",
            "events.Question",
            "events.QuestionVote",
            "events.ProgrammeSlot",
            "events.Material",
            "events.Feedback",
        ),
    ),
    Activity(
        key="partnerschaften",
        name="Innovationspartnerschaften",
        purposes=(
            "Durchführung und Dokumentation einer Innovationspartnerschaft zwischen Kommune "
            "und Anbieter: Phasen, Etappen, Budget, Bewertung, Dokumente, Entscheidungen."
        ),
        data_subjects="Mitglieder der beteiligten Kommune und des beteiligten Anbieters",
        data=(
            "Wer Etappen abgenommen, Dokumente hochgeladen und Entscheidungen getroffen hat, "
            "mit Zeitpunkt; Inhalte der Dokumente."
        ),
        legal_basis=TASK,
        retention=_fixed(
            "Solange die Partnerschaft besteht, danach nach den Aufbewahrungsregeln der "
            "beteiligten Kommune für Vergabeunterlagen."
        ),
        recipients="Die beiden Partner und die Geschäftsstelle. " + NO_THIRD_PARTIES,
        models=("partnerships.Milestone", "partnerships.DocumentVersion"),
    ),
    Activity(
        key="benachrichtigungen",
        name="Benachrichtigungen und E-Mails",
        purposes="Hinweise auf der Plattform und per E-Mail zu Vorgängen, die Sie betreffen.",
        data_subjects="Registrierte Nutzerinnen und Nutzer",
        data="Betreff, Text, Link, Zeitpunkt, gelesen ja oder nein; Ihre E-Mail-Adresse.",
        legal_basis=ACCOUNT,
        retention=_notification_retention,
        models=("core.Notification", "django_tasks_database.DBTaskResult"),
    ),
    Activity(
        key="nachvollziehbarkeit",
        name="Nachvollziehbarkeit von Entscheidungen (Protokoll)",
        purposes=(
            "Nachweis, wer wann eine Freigabe, Statusänderung oder Entscheidung getroffen hat "
            "(Moderation, Partnerschaften, Rechtstexte)."
        ),
        data_subjects="Handelnde Mitglieder und Mitglieder der Geschäftsstelle",
        data="Handelnde Person, Zeitpunkt, Aktion, Kommentar, geänderte Felder.",
        legal_basis=TASK,
        retention=_fixed(
            "Solange der zugehörige Vorgang besteht. Löscht eine Person ihr Konto, bleibt der "
            "Eintrag mit einem Pseudonym erhalten."
        ),
        recipients="Die Beteiligten des Vorgangs und die Geschäftsstelle. " + NO_THIRD_PARTIES,
        models=(
            "core.AuditEntry",
            "admin.LogEntry",
            "legal.LegalText",
            "legal.SignLanguageVideo",
        ),
    ),
    Activity(
        key="barrieren",
        name="Meldungen von Barrieren",
        purposes=(
            "Feedback-Mechanismus nach der Richtlinie (EU) 2016/2102 und dem HessBGG: "
            "Barrieren beheben und Ihnen antworten."
        ),
        data_subjects="Personen, die eine Barriere melden",
        data="Adresse der Seite, Beschreibung, freiwillig Name und E-Mail-Adresse, Antwort.",
        legal_basis=(
            "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Abs. 1 HDSIG und dem HessBGG"
        ),
        retention=_barrier_retention,
        recipients="Die Geschäftsstelle. " + NO_THIRD_PARTIES,
        models=("legal.BarrierReport",),
    ),
    Activity(
        key="server",
        name="Betrieb und Sicherheit (Server-Protokolle)",
        purposes="Auslieferung der Seiten, Erkennen und Abwehren von Angriffen und Fehlern.",
        data_subjects="Alle Besucherinnen und Besucher",
        data="IP-Adresse, Zeitpunkt, aufgerufene Adresse, Statuscode, Browserkennung.",
        legal_basis=TASK,
        retention=_server_log_retention,
        recipients="Der technische Betrieb der Server. " + NO_THIRD_PARTIES,
    ),
]


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lifetime: str


def _duration(seconds):
    if seconds is None:
        return "bis zum Schließen des Browsers"
    days = round(seconds / 86400)
    if days >= 360:
        return plural(round(days / 365), "Jahr", "Jahre")
    return plural(days, "Tag", "Tage")


def cookies() -> list[Cookie]:
    """The only cookies the platform sets, all strictly necessary (§ 25 Abs. 2 Nr. 2 TDDDG)."""
    session_lifetime = (
        None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE
    )
    return [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            "Hält Sie angemeldet und merkt sich Formulareingaben zwischen zwei Seiten.",
            _duration(session_lifetime),
        ),
        Cookie(
            settings.CSRF_COOKIE_NAME,
            "Schützt Formulare davor, von fremden Seiten aus abgeschickt zu werden (CSRF).",
            _duration(settings.CSRF_COOKIE_AGE),
        ),
        Cookie(
            settings.LANGUAGE_COOKIE_NAME,
            "Merkt sich die gewählte Sprache, nur wenn Sie sie umstellen.",
            _duration(settings.LANGUAGE_COOKIE_AGE),
        ),
        Cookie(
            "messages",
            "Zeigt eine Bestätigung (z. B. „Gespeichert“) auf der nächsten Seite an.",
            "bis die Meldung angezeigt wurde",
        ),
    ]


RIGHTS = [
    (
        "Auskunft",
        "Art. 15 DSGVO",
        "darüber, welche Daten wir über Sie verarbeiten, mit einer Kopie der Daten.",
    ),
    ("Berichtigung", "Art. 16 DSGVO", "unrichtiger Daten."),
    ("Löschung", "Art. 17 DSGVO", "Ihrer Daten, soweit keine Pflicht zur Aufbewahrung besteht."),
    (
        "Einschränkung der Verarbeitung",
        "Art. 18 DSGVO",
        "zum Beispiel, solange geprüft wird, ob Ihre Daten richtig sind.",
    ),
    (
        "Datenübertragbarkeit",
        "Art. 20 DSGVO",
        "Ihrer Daten in einem gängigen, maschinenlesbaren Format.",
    ),
    (
        "Widerspruch",
        "Art. 21 DSGVO",
        "gegen Verarbeitungen zur Wahrnehmung unserer öffentlichen Aufgabe, aus Gründen, die "
        "sich aus Ihrer besonderen Situation ergeben.",
    ),
]

MEASURES = [
    "Verschlüsselte Übertragung (HTTPS mit HSTS); keine Inhalte, Schriften oder Skripte von "
    "Dritten (Content-Security-Policy).",
    "Passwörter nur als Hash; Begrenzung von Anmeldeversuchen; Zwei-Faktor-Anmeldung möglich.",
    "Rechte nach Rolle und Organisation, serverseitig bei jedem Aufruf geprüft.",
    "Protokoll von Freigaben und Entscheidungen (wer, wann, was).",
    "Hochgeladene Dateien nur über Seiten mit Rechteprüfung, nie über eine öffentliche Adresse.",
    "Regelmäßige Datensicherung mit erprobter Wiederherstellung.",
    "Automatisches Löschen nach den oben genannten Fristen (tägliche Aufgabe).",
]


def activities_for_display(legal):
    """Each activity with its retention text evaluated against the current settings."""
    return [
        {
            "key": a.key,
            "name": a.name,
            "purposes": a.purposes,
            "data_subjects": a.data_subjects,
            "data": a.data,
            "legal_basis": a.legal_basis,
            "recipients": a.recipients,
            "retention": a.retention(legal),
        }
        for a in ACTIVITIES
    ]


def registered_models() -> set[str]:
    return {label for activity in ACTIVITIES for label in activity.models}
