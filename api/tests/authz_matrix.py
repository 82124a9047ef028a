"""Who gets what, for every URL of the project (see test_security_matrix.py).

Each entry maps a URL pattern (as written in the URLconf, prefixes joined) or an API operation
("GET /api/v1/…" as in the OpenAPI schema) to the expected status per role:
anonymous, outsider (signed in, no organisation), provider member, municipality member, office.
LOGIN means "302 to a login page". `url` builds a concrete path from the test world `w`.
(The DEBUG-only /media/public/ file serving is left out.)
A URL that is not listed here fails the test: decide its access rule, then add it.
"""

from dataclasses import dataclass, field

LOGIN = "login"
ROLES = ("anonymous", "outsider", "provider", "municipality", "office")


@dataclass
class Row:
    anonymous: object
    outsider: object
    provider: object
    municipality: object
    office: object
    url: object = None  # str or callable(world) -> str
    method: str = "get"
    data: dict = field(default_factory=dict)

    def expected(self, role):
        return getattr(self, role)


def same(status, **kw):
    return Row(status, status, status, status, status, **kw)


def signed_in(status=200, **kw):
    """Anonymous visitors go to the login page; everyone signed in gets `status`."""
    return Row(LOGIN, status, status, status, status, **kw)


def office_only(**kw):
    return Row(LOGIN, 403, 403, 403, 200, **kw)


def guests_only(**kw):
    """Login / sign-up pages: signed-in users are sent on to their account."""
    return Row(200, 302, 302, 302, 302, **kw)


def _p(suffix):
    """URL builder for the world's partnership (municipality_org + provider_org)."""
    return lambda w: f"/partnerschaften/{w.partnership.pk}/{suffix}"


def _x(suffix, closed=False):
    """URL builder for the world's market exploration records (municipality_org)."""
    return lambda w: (
        f"/markterkundungen/{(w.closed_exploration if closed else w.exploration).pk}{suffix}"
    )


def _xpost(url, data=None):
    """A change to a town's record: outsiders never see it, the office only reads."""
    return Row(LOGIN, 404, 404, 302, 403, url=url, method="post", data=data or {})


def _pack(suffix):
    """URL of a partnership in regular operation with one document marked for all bidders
    (created on first use; the knowledge pack exists only from regular operation on)."""

    def url(w):
        if not hasattr(w, "operating"):
            from django.core.files.base import ContentFile
            from django.utils import timezone

            from partnerships.models import Document, DocumentVersion, Stage
            from partnerships.tests.factories import PartnershipFactory

            w.operating = PartnershipFactory(
                municipality=w.orgs["municipality"],
                provider=w.orgs["provider"],
                stage=Stage.PERFORMANCE,
                performance_started_on=timezone.localdate(),
            )
            document = Document.objects.create(
                partnership=w.operating, title="Abschlussbericht", for_all_bidders=True
            )
            version = DocumentVersion(
                document=document, number=1, original_name="bericht.pdf",
                content_type="application/pdf", size=8,
            )  # fmt: skip
            version.file.save("bericht.pdf", ContentFile(b"%PDF-1.4"), save=True)
        return f"/partnerschaften/{w.operating.pk}/{suffix}"

    return url


def _w(suffix):
    return lambda w: f"/veranstaltungen/{w.workshop.slug}/{suffix}"


def _wm(suffix):
    return lambda w: f"/veranstaltungen/verwalten/{w.workshop.slug}/{suffix}"


def _wq(suffix):
    return lambda w: f"/veranstaltungen/{w.workshop.slug}/fragen/{w.question.pk}/{suffix}"


def _d(suffix):
    return lambda w: f"/loesungen/{w.draft.slug}/{suffix}"


def _draft_image(suffix=""):
    """URL of an image of the world's draft solution (created on first use)."""

    def url(w):
        if not hasattr(w, "draft_image"):
            from django.core.files.base import ContentFile

            from catalog.models import SolutionImage

            w.draft_image = SolutionImage(solution=w.draft, alt_text="Sensor")
            w.draft_image.image.save("s.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
        return f"/loesungen/{w.draft.slug}/datei/bild/{w.draft_image.pk}/{suffix}"

    return url


def _topic(suffix):
    def url(w):
        from catalog.models import Topic

        return f"/geschaeftsstelle/vokabulare/handlungsfelder/{Topic.objects.first().pk}/{suffix}"

    return url


def _mine(suffix):
    return lambda w: f"/api/v1/my/solutions/{w.draft.slug}{suffix}"


def _post(provider, municipality, url, data=None):
    """A partnership action: outsiders never see the partnership, the office only reads."""
    return Row(LOGIN, 404, provider, municipality, 403, url=url, method="post", data=data or {})


def _document(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return {
        "document-title": "Protokoll",
        "document-file": SimpleUploadedFile("p.pdf", pdf, "application/pdf"),
    }


def _proposal_rate(w):
    """A provider_org proposal on the public need (created on first use)."""
    from matching.models import Proposal

    proposal, _ = Proposal.objects.get_or_create(
        need=w.public_need, provider=w.profile, defaults={"solution": w.solution, "text": "Idee"}
    )
    return f"/vorhaben/{w.public_need.pk}/vorschlaege/{proposal.pk}/bewertung/"


def _saved_search_delete(w):
    """The municipality member's saved search (re-created for every role)."""
    from matching.models import SavedSearch

    saved, _ = SavedSearch.objects.get_or_create(
        user=w.users["municipality"], query="q=parken", defaults={"name": "Parken"}
    )
    return f"/konto/suchen/{saved.pk}/loeschen/"


def _thesaurus_entry(w):
    from matching.models import ThesaurusEntry

    entry, _ = ThesaurusEntry.objects.get_or_create(words="parkplatz, stellplatz")
    return f"/geschaeftsstelle/thesaurus/{entry.pk}/"


def _dgs(kind):
    """The DGS video or its captions (uploaded on first use)."""

    def url(w):
        from django.core.files.base import ContentFile

        from legal.models import SignLanguageVideo

        video = SignLanguageVideo.objects.first()
        if video is None:
            video = SignLanguageVideo(uploaded_by=w.users["office"])
            video.video.save("dgs.mp4", ContentFile(b"\0\0\0\x18ftypmp42"), save=False)
            video.captions.save("dgs.vtt", ContentFile(b"WEBVTT\n"), save=False)
            video.save()
        return f"/gebaerdensprache/{kind}/{video.pk}/"

    return url


def _barrier_report(w):
    from legal.services import report_barrier

    report = report_barrier(page_url="/loesungen/", description="Fokus unsichtbar")
    return f"/geschaeftsstelle/barrieremeldungen/{report.pk}/"


MATRIX = {
    # --- core, accounts ---
    "": same(200),
    "i18n/setlang/": same(302, method="post", data={"language": "de", "next": "/"}),
    "konto/": signed_in(),
    "konto/benachrichtigungen/": signed_in(),
    # Data rights: one's own data for everyone signed in; another person's only for the office.
    "konto/meine-daten/": signed_in(),
    "konto/meine-daten/export/": signed_in(),
    "konto/meine-daten/loeschen/": signed_in(),
    "geschaeftsstelle/personen/": office_only(),
    "geschaeftsstelle/personen/<int:pk>/export/": office_only(
        method="post",
        data={"reason": "Brief"},
        url=lambda w: f"/geschaeftsstelle/personen/{w.users['outsider'].pk}/export/",
    ),
    "geschaeftsstelle/personen/<int:pk>/loeschen/": office_only(
        url=lambda w: f"/geschaeftsstelle/personen/{w.users['outsider'].pk}/loeschen/"
    ),
    "geschaeftsstelle/": office_only(),
    "healthz": same(200),
    "favicon.ico": same(200),
    # --- allauth (login, sign-up, password, e-mail, 2FA) ---
    "konto/login/": guests_only(),
    "konto/signup/": guests_only(),
    "konto/logout/": Row(302, 200, 200, 200, 200),
    "konto/inactive/": same(200),
    "konto/reauthenticate/": signed_in(),
    "konto/email/": signed_in(),
    "konto/confirm-email/": same(200),
    "konto/^confirm-email/(?P<key>[-:\\w]+)/$": same(200, url="/konto/confirm-email/falsch/"),
    "konto/password/change/": signed_in(),
    # Everyone in the cast has a password, so "set" forwards to "change".
    "konto/password/set/": signed_in(302),
    "konto/password/reset/": same(200),
    "konto/password/reset/done/": same(200),
    "konto/password/reset/key/done/": same(200),
    "konto/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": same(
        200, url="/konto/password/reset/key/1-falsch/"
    ),
    # Login by code / 2FA step: only during a pending login, otherwise sent away.
    "konto/login/code/confirm/": Row(302, 302, 302, 302, 302),
    "konto/2fa/authenticate/": Row(302, 302, 302, 302, 302),
    "konto/2fa/": signed_in(),
    # Changing 2FA requires a fresh password confirmation first.
    "konto/2fa/reauthenticate/": signed_in(302),
    "konto/2fa/totp/activate/": signed_in(302),
    "konto/2fa/recovery-codes/generate/": signed_in(302),
    # Nothing to deactivate or show while 2FA is off.
    "konto/2fa/totp/deactivate/": signed_in(404),
    "konto/2fa/recovery-codes/": signed_in(404),
    "konto/2fa/recovery-codes/download/": signed_in(404),
    # --- catalog ---
    "loesungen/": same(200),
    "anbieter/<slug:slug>/": same(200, url=lambda w: f"/anbieter/{w.profile.slug}/"),
    # A draft: only its own provider and the office see it.
    "loesungen/<slug:slug>/": Row(
        404, 404, 200, 404, 200, url=lambda w: f"/loesungen/{w.draft.slug}/"
    ),
    "vorhaben/": same(200),  # public needs for all, plus one's own town's private ones
    "vorhaben/neu/": Row(LOGIN, 403, 403, 200, 403),  # municipalities post needs
    # --- matching: a private need is seen by its own town and the office only ---
    "vorhaben/<int:pk>/": Row(
        404, 404, 404, 200, 200, url=lambda w: f"/vorhaben/{w.private_need.pk}/"
    ),
    # The town decides on its matches and watches its need; the office only reads.
    "vorhaben/<int:pk>/loesungen/<int:solution_pk>/": Row(
        LOGIN,
        404,
        404,
        302,
        403,
        method="post",
        data={"decision": "shortlisted"},
        url=lambda w: f"/vorhaben/{w.private_need.pk}/loesungen/{w.solution.pk}/",
    ),
    # Only the need's own town edits, closes, reopens and deletes it; the office only reads.
    "vorhaben/<int:pk>/bearbeiten/": Row(
        LOGIN, 404, 404, 200, 403, url=lambda w: f"/vorhaben/{w.private_need.pk}/bearbeiten/"
    ),
    "vorhaben/<int:pk>/abschliessen/": Row(
        LOGIN, 404, 404, 200, 403, url=lambda w: f"/vorhaben/{w.private_need.pk}/abschliessen/"
    ),
    "vorhaben/<int:pk>/wieder-oeffnen/": Row(
        LOGIN,
        404,
        404,
        302,
        403,
        method="post",
        url=lambda w: f"/vorhaben/{w.private_need.pk}/wieder-oeffnen/",
    ),
    "vorhaben/<int:pk>/loeschen/": Row(
        LOGIN, 404, 404, 200, 403, url=lambda w: f"/vorhaben/{w.private_need.pk}/loeschen/"
    ),
    # The chronology (Vergabevermerk building blocks): the town and the office, even of a
    # public need; other towns and providers get 404.
    "vorhaben/<int:pk>/chronik/": Row(
        LOGIN, 404, 404, 200, 200, url=lambda w: f"/vorhaben/{w.public_need.pk}/chronik/"
    ),
    "vorhaben/<int:pk>/chronik.odt": Row(
        LOGIN, 404, 404, 200, 200, url=lambda w: f"/vorhaben/{w.public_need.pk}/chronik.odt"
    ),
    "vorhaben/<int:pk>/chronik.pdf": Row(
        LOGIN, 404, 404, 200, 200, url=lambda w: f"/vorhaben/{w.public_need.pk}/chronik.pdf"
    ),
    "vorhaben/<int:pk>/beobachten/": Row(
        LOGIN,
        404,
        404,
        302,
        403,
        method="post",
        url=lambda w: f"/vorhaben/{w.private_need.pk}/beobachten/",
    ),
    # Challenges: providers answer public needs; the need's town rates the proposals.
    "herausforderungen/": Row(LOGIN, 403, 200, 403, 403),
    "vorhaben/<int:pk>/vorschlag/": Row(
        LOGIN, 403, 200, 403, 403, url=lambda w: f"/vorhaben/{w.public_need.pk}/vorschlag/"
    ),
    "vorhaben/<int:pk>/vorschlaege/<int:proposal_pk>/bewertung/": Row(
        LOGIN,
        403,
        403,
        302,
        403,
        method="post",
        data={"rating": "4"},
        url=_proposal_rate,
    ),
    # Saved searches: municipality members, each only their own.
    "konto/suchen/": Row(LOGIN, 403, 403, 200, 403),
    "konto/suchen/speichern/": Row(
        LOGIN, 403, 403, 302, 403, method="post", data={"query": "q=parken"}
    ),
    "konto/suchen/<int:pk>/loeschen/": Row(
        LOGIN, 404, 404, 302, 404, method="post", url=_saved_search_delete
    ),
    "geschaeftsstelle/thesaurus/": office_only(),
    "geschaeftsstelle/thesaurus/<int:pk>/": office_only(url=_thesaurus_entry),
    # Market exploration records: the town's members and the office read, the town changes.
    "vorhaben/<int:pk>/markterkundung/": Row(
        LOGIN,
        404,
        404,
        302,
        403,
        method="post",
        url=lambda w: f"/vorhaben/{w.private_need.pk}/markterkundung/",
    ),
    "markterkundungen/": signed_in(),  # one's own town's records only (empty for others)
    "markterkundungen/neu/": Row(LOGIN, 403, 403, 302, 403, method="post", data={"query": ""}),
    "markterkundungen/<int:pk>/": Row(LOGIN, 404, 404, 200, 200, url=_x("/")),
    "markterkundungen/<int:pk>/bewertung/": _xpost(_x("/bewertung/")),
    "markterkundungen/<int:pk>/vergabeweg/": _xpost(
        _x("/vergabeweg/"),
        {"estimated_value": "50000", "scope": "supplies_services", "procedure_start": "2027-03-01"},
    ),
    "markterkundungen/<int:pk>/abschliessen/": _xpost(_x("/abschliessen/")),
    "markterkundungen/<int:pk>/neue-fassung/": _xpost(_x("/neue-fassung/", closed=True)),
    "markterkundungen/<int:pk>.pdf": Row(LOGIN, 404, 404, 200, 200, url=_x(".pdf")),
    "markterkundungen/<int:pk>.csv": Row(LOGIN, 404, 404, 200, 200, url=_x(".csv")),
    "markterkundungen/<int:pk>.ods": Row(LOGIN, 404, 404, 200, 200, url=_x(".ods")),
    "markterkundungen/<int:pk>.json": Row(LOGIN, 404, 404, 200, 200, url=_x(".json")),
    # The outcome of a need: the town records it, the office reads it, providers read only
    # what they were told (their own page).
    "vorhaben/<int:pk>/ergebnis/": Row(
        LOGIN, 404, 404, 200, 403, url=lambda w: f"/vorhaben/{w.private_need.pk}/ergebnis/"
    ),
    "vorhaben/<int:pk>/ergebnis/referenz/": Row(
        LOGIN,
        404,
        404,
        302,
        403,
        method="post",
        url=lambda w: f"/vorhaben/{w.private_need.pk}/ergebnis/referenz/",
    ),
    "anbieter/konto/markterkundungen/": Row(LOGIN, 403, 200, 403, 403),
    # --- catalog: provider area, office moderation (only the owning provider and the office
    # reach the draft's pages; others do not learn it exists) ---
    "anbieter/konto/": Row(LOGIN, 403, 200, 403, 403),
    "anbieter/konto/anfragen/": Row(LOGIN, 403, 200, 403, 403),
    "anbieter/konto/loesungen/neu/": Row(LOGIN, 403, 200, 403, 403),
    "anbieter/konto/profil/": Row(LOGIN, 403, 200, 403, 403),
    "anbieter/konto/profil/status/": Row(
        LOGIN, 403, 302, 403, 403, method="post", data={"to": "submitted"}
    ),
    "anbieter/konto/standard/": Row(
        LOGIN, 403, 302, 403, 403, method="post", data={"name": "OGC SensorThings"}
    ),
    "kontaktanfragen/": Row(LOGIN, 403, 403, 200, 403),  # a municipality's sent requests
    "geschaeftsstelle/import/": office_only(),
    "geschaeftsstelle/moderation/": office_only(),
    "geschaeftsstelle/vokabulare/": office_only(),
    "geschaeftsstelle/vokabulare/handlungsfelder/neu/": office_only(),
    "geschaeftsstelle/vokabulare/handlungsfelder/<int:pk>/": office_only(url=_topic("")),
    "geschaeftsstelle/vokabulare/handlungsfelder/<int:pk>/loeschen/": office_only(
        url=_topic("loeschen/")
    ),
    "geschaeftsstelle/moderation/<str:kind>/<int:pk>/": Row(
        LOGIN,
        403,
        403,
        403,
        302,
        method="post",
        data={"action": "approve", "comment": "Passt."},
        url=lambda w: f"/geschaeftsstelle/moderation/loesung/{w.submitted.pk}/",
    ),
    "loesungen/<slug:slug>/bearbeiten/": Row(LOGIN, 404, 200, 404, 200, url=_d("bearbeiten/")),
    "loesungen/<slug:slug>/datei/<str:kind>/": Row(
        LOGIN, 404, 200, 404, 200, url=_d("datei/bild/")
    ),
    # A draft's image: its provider and the office only (published ones: everyone).
    "loesungen/<slug:slug>/datei/<str:kind>/<int:pk>/": Row(
        404, 404, 200, 404, 200, url=_draft_image()
    ),
    "loesungen/<slug:slug>/datei/<str:kind>/<int:pk>/loeschen/": Row(
        LOGIN, 404, 200, 404, 200, url=_draft_image("loeschen/")
    ),
    "loesungen/<slug:slug>/referenz/": Row(LOGIN, 404, 200, 404, 200, url=_d("referenz/")),
    "loesungen/<slug:slug>/status/": Row(
        LOGIN, 404, 302, 404, 302, url=_d("status/"), method="post"
    ),
    # Municipalities write to providers about a published solution.
    "loesungen/<slug:slug>/kontakt/": Row(
        LOGIN, 403, 403, 200, 403, url=lambda w: f"/loesungen/{w.solution.slug}/kontakt/"
    ),
    "referenzen/bestaetigen/": Row(LOGIN, 403, 403, 200, 403),
    # --- accounts: organisations, memberships, invitations ---
    "konto/anbieter-registrieren/": signed_in(),
    "konto/kommune/": signed_in(),
    "konto/mitgliedschaften/anfragen/": Row(LOGIN, 403, 200, 200, 200),
    # A pending request for the municipality: its admin or the office decides.
    "konto/mitgliedschaften/<int:pk>/entscheiden/": Row(
        LOGIN,
        403,
        403,
        302,
        302,
        method="post",
        data={"decision": "approve"},
        url=lambda w: f"/konto/mitgliedschaften/{w.pending.pk}/entscheiden/",
    ),
    # The invitation is addressed to someone outside the cast; signed out, the link's holder
    # sees whom it is for and the ways to sign up or in (accounts/signup.py).
    "konto/einladung/<str:token>/": Row(
        200, 403, 403, 403, 403, url=lambda w: f"/konto/einladung/{w.invitation.token}/"
    ),
    "konto/organisation/<slug:slug>/einladen/": Row(
        LOGIN,
        403,
        200,
        403,
        200,
        url=lambda w: f"/konto/organisation/{w.orgs['provider'].slug}/einladen/",
    ),
    # --- partnerships: only the two partners (and the office, read-only) see one ---
    "partnerschaften/": same(200),  # explains partnerships; lists only the user's own
    "partnerschaften/neu/": Row(LOGIN, 403, 403, 200, 403),  # started by a municipality
    "partnerschaften/<int:pk>/": Row(LOGIN, 404, 200, 200, 200, url=_p("")),
    "partnerschaften/<int:pk>/bearbeiten/": Row(LOGIN, 404, 403, 200, 403, url=_p("bearbeiten/")),
    # Stage-change form: visible to everyone who sees the partnership; the service decides.
    "partnerschaften/<int:pk>/phase/<slug:to>/": Row(
        LOGIN, 404, 200, 200, 200, url=_p("phase/fe-phase/")
    ),
    "partnerschaften/<int:pk>/dokumente/<int:version_pk>/": Row(
        LOGIN, 404, 200, 200, 200, url=lambda w: _p(f"dokumente/{w.document_version.pk}/")(w)
    ),
    # The provider accepts the invitation and delivers milestones ...
    "partnerschaften/<int:pk>/annehmen/": _post(302, 403, _p("annehmen/")),
    # Declining: only the invited provider (here already accepted, so a message and back).
    "partnerschaften/<int:pk>/ablehnen/": _post(302, 403, _p("ablehnen/")),
    "partnerschaften/<int:pk>/etappen/<int:milestone_pk>/<slug:action>/": _post(
        302, 403, lambda w: _p(f"etappen/{w.milestone.pk}/geliefert/")(w)
    ),
    # ... the municipality runs budget, criteria, milestones and invitations.
    "partnerschaften/<int:pk>/budget/": _post(
        403, 302, _p("budget/"), {"budget-description": "Sensoren", "budget-amount": "100.00"}
    ),
    "partnerschaften/<int:pk>/budget/<int:line_pk>/entfernen/": _post(
        403, 302, lambda w: _p(f"budget/{w.budget_line.pk}/entfernen/")(w)
    ),
    "partnerschaften/<int:pk>/einladen/": _post(
        403, 302, _p("einladen/"), lambda w: {"invite-provider": w.orgs["provider"].pk}
    ),
    "partnerschaften/<int:pk>/etappen/": _post(
        403,
        302,
        _p("etappen/"),
        {
            "milestone-title": "E",
            "milestone-due_on": "2027-01-01",
            "milestone-deliverables": "d",
            "milestone-instalment": "100.00",
        },
    ),
    "partnerschaften/<int:pk>/kriterien/": _post(
        403, 302, _p("kriterien/"), {"criterion-title": "Genauigkeit", "criterion-target": "95 %"}
    ),
    "partnerschaften/<int:pk>/kriterien/<int:criterion_pk>/bewertung/": _post(
        403, 302, lambda w: _p(f"kriterien/{w.criterion.pk}/bewertung/")(w), {"score": 3}
    ),
    "partnerschaften/<int:pk>/dokumente/": _post(302, 302, _p("dokumente/"), _document),
    # The knowledge pack (§ 7 VgV): the town and the office; the provider partner 403.
    "partnerschaften/<int:pk>/wissenspaket/": Row(
        LOGIN, 404, 403, 200, 200, url=_pack("wissenspaket/")
    ),
    "partnerschaften/<int:pk>/wissenspaket.zip": Row(
        LOGIN, 404, 403, 200, 200, url=_pack("wissenspaket.zip")
    ),
    "geschaeftsstelle/partnerschaften/": office_only(),
    "geschaeftsstelle/schwellenwerte/": office_only(),
    "geschaeftsstelle/schwellenwerte/neu/": office_only(),
    "geschaeftsstelle/schwellenwerte/<int:pk>/": office_only(
        url=lambda w: f"/geschaeftsstelle/schwellenwerte/{w.threshold.pk}/"
    ),
    # --- events: a published workshop for municipalities; the municipality user is registered,
    # the provider presents (accepted slot); the office runs it ---
    "veranstaltungen/": same(200),
    "veranstaltungen/feed.ics": same(200),
    "veranstaltungen/<slug:slug>/": same(200, url=_w("")),
    "veranstaltungen/<slug:slug>/kalender.ics": same(200, url=_w("kalender.ics")),
    "veranstaltungen/verwalten/": office_only(),
    "veranstaltungen/verwalten/neu/": office_only(),
    "veranstaltungen/verwalten/<slug:slug>/": office_only(url=_wm("")),
    "veranstaltungen/verwalten/<slug:slug>/bearbeiten/": office_only(url=_wm("bearbeiten/")),
    "veranstaltungen/verwalten/<slug:slug>/teilnehmende.csv": office_only(
        url=_wm("teilnehmende.csv")
    ),
    "veranstaltungen/verwalten/<slug:slug>/anwesenheit/": Row(
        LOGIN, 403, 403, 403, 302, url=_wm("anwesenheit/"), method="post", data={"attended": "1"}
    ),
    "veranstaltungen/verwalten/<slug:slug>/status/": Row(
        LOGIN, 403, 403, 403, 302, url=_wm("status/"), method="post", data={"to": "done"}
    ),
    "veranstaltungen/verwalten/<slug:slug>/beitraege/<int:slot_pk>/": Row(
        LOGIN,
        403,
        403,
        403,
        302,
        method="post",
        data={"decision": "accept"},
        url=lambda w: _wm(f"beitraege/{w.slot.pk}/")(w),
    ),
    # Cancelling by the registration's token: its owner (and the office) only.
    "veranstaltungen/abmelden/<uuid:token>/": Row(
        LOGIN,
        404,
        404,
        200,
        200,
        url=lambda w: f"/veranstaltungen/abmelden/{w.registration.token}/",
    ),
    # This workshop is for municipalities: only their members register.
    "veranstaltungen/<slug:slug>/anmelden/": Row(
        LOGIN, 403, 403, 302, 403, url=_w("anmelden/"), method="post"
    ),
    "veranstaltungen/<slug:slug>/beitrag/": Row(LOGIN, 403, 200, 403, 403, url=_w("beitrag/")),
    "veranstaltungen/<slug:slug>/fragen/": Row(
        LOGIN,
        403,
        403,
        302,
        403,
        url=_w("fragen/"),
        method="post",
        data={"question-text": "Frage?"},
    ),
    # Questions are handled by insiders (participants, presenters, office); the author
    # cannot upvote their own question; only the office moderates.
    "veranstaltungen/<slug:slug>/fragen/<int:pk>/stimme/": Row(
        LOGIN, 403, 302, 403, 302, method="post", url=_wq("stimme/")
    ),
    "veranstaltungen/<slug:slug>/fragen/<int:pk>/moderieren/": Row(
        LOGIN, 403, 403, 403, 302, method="post", url=_wq("moderieren/"), data={"action": "hide"}
    ),
    "veranstaltungen/<slug:slug>/fragen/<int:pk>/vorhaben/": Row(
        LOGIN, 403, 403, 302, 302, method="post", url=_wq("vorhaben/")
    ),
    # Unpublished material: insiders only (redirect to its link); others do not see it.
    "veranstaltungen/<slug:slug>/material/<int:pk>/": Row(
        404, 404, 302, 302, 302, url=lambda w: _w(f"material/{w.material.pk}/")(w)
    ),
    "veranstaltungen/<slug:slug>/material/neu/": Row(
        LOGIN, 403, 200, 403, 200, url=_w("material/neu/")
    ),
    "veranstaltungen/<slug:slug>/feedback/": Row(
        LOGIN, 403, 403, 302, 403, url=_w("feedback/"), method="post", data={"feedback-rating": 5}
    ),
    # Municipalities contact a presenting provider.
    "veranstaltungen/<slug:slug>/kontakt/<int:slot_pk>/": Row(
        LOGIN,
        403,
        403,
        302,
        403,
        method="post",
        data={"message": "Hallo"},
        url=lambda w: _w(f"kontakt/{w.slot.pk}/")(w),
    ),
    # --- api: tokens, docs, schema ---
    "konto/api-tokens/": signed_in(),
    # Only the owner (provider member in the world) may revoke; others do not see it.
    "konto/api-tokens/<int:pk>/widerrufen/": Row(
        LOGIN,
        404,
        302,
        404,
        404,
        url=lambda w: f"/konto/api-tokens/{w.token.pk}/widerrufen/",
        method="post",
    ),
    "opendata/": same(200),
    "opendata/<str:filename>": same(200, url="/opendata/kommunen.csv"),
    "geschaeftsstelle/statistik/": office_only(),
    "geschaeftsstelle/statistik/<slug:slug>.csv": office_only(
        url="/geschaeftsstelle/statistik/wachstum.csv"
    ),
    "api/v1/openapi.json": same(200),
    "api/v1/docs": same(200),
    "api/v1/": same(404),
    "^api/v1/.*$": same(404, url="/api/v1/gibt-es-nicht"),
    # --- municipalities: the register is public ---
    "kommunen/": same(200),
    "kommunen/<str:ags>/": same(200, url=lambda w: f"/kommunen/{w.ags}/"),
    # --- legal: pages, versions and the barrier form for everyone; the office edits, works
    # the barrier queue and reads the record of processing activities ---
    "<legalpage:page>/": same(200, url="/impressum/"),
    "<legalpage:page>/fassungen/": same(200, url="/datenschutz/fassungen/"),
    "<legalpage:page>/fassungen/<int:number>/": same(200, url="/barrierefreiheit/fassungen/1/"),
    "barrierefreiheit/barriere-melden/": same(200),
    "gebaerdensprache/video/<int:pk>/": same(200, url=_dgs("video")),
    "gebaerdensprache/untertitel/<int:pk>/": same(200, url=_dgs("untertitel")),
    "geschaeftsstelle/rechtstexte/": office_only(),
    "geschaeftsstelle/rechtstexte/angaben/": office_only(),
    "geschaeftsstelle/rechtstexte/dgs-video/": office_only(),
    "geschaeftsstelle/rechtstexte/<legalpage:page>/": office_only(
        url="/geschaeftsstelle/rechtstexte/kontakt/"
    ),
    "geschaeftsstelle/verarbeitungsverzeichnis/": office_only(),
    "geschaeftsstelle/barrieremeldungen/": office_only(),
    "geschaeftsstelle/barrieremeldungen/<int:pk>/": office_only(url=_barrier_report),
    # --- API operations (roles send their organisation's token; outsiders have none) ---
    "GET /api/v1/me": Row(401, 401, 200, 200, 200),
    "GET /api/v1/municipalities": same(200),
    "GET /api/v1/topics": same(200),
    "GET /api/v1/providers": same(200),
    "GET /api/v1/providers/{slug}": same(200, url=lambda w: f"/api/v1/providers/{w.profile.slug}"),
    "GET /api/v1/solutions": same(200),
    "GET /api/v1/solutions/{slug}": same(200, url=lambda w: f"/api/v1/solutions/{w.solution.slug}"),
    "GET /api/v1/needs": same(200),
    "GET /api/v1/needs/{need_id}": same(200, url=lambda w: f"/api/v1/needs/{w.public_need.pk}"),
    "POST /api/v1/match": same(200, data={"title": "Parkplatz suchen", "description": "Altstadt"}),
    "GET /api/v1/workshops": same(200),
    "GET /api/v1/workshops/{slug}": same(200, url=lambda w: f"/api/v1/workshops/{w.workshop.slug}"),
    # Own solutions: a provider token only; other organisations' tokens are out of scope.
    "GET /api/v1/my/solutions": Row(401, 401, 200, 403, 403),
    "POST /api/v1/my/solutions": Row(
        401,
        401,
        201,
        403,
        403,
        data={"title": "Neue Lösung", "summary": "Kurz.", "topics": ["verwaltung"]},
    ),
    "GET /api/v1/my/solutions/{slug}": Row(401, 401, 200, 403, 403, url=_mine("")),
    "PATCH /api/v1/my/solutions/{slug}": Row(
        401, 401, 200, 403, 403, url=_mine(""), data={"summary": "Geändert."}
    ),
    "POST /api/v1/my/solutions/{slug}/submit": Row(401, 401, 200, 403, 403, url=_mine("/submit")),
    "GET /api/v1/municipalities/{ags}": same(200, url=lambda w: f"/api/v1/municipalities/{w.ags}"),
}
