import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import CharField, Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Cast, Coalesce
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from accounts.access import require_municipality_member, require_office
from core.audit import labelled
from core.models import AuditEntry
from core.services import history_of

from . import access, services
from .exchange import ExchangeError, import_catalog
from .forms import (
    CommentForm,
    ContactPersonFormSet,
    ContactRequestForm,
    ImportForm,
    ProposeStandardForm,
    ProviderProfileForm,
    ReferenceForm,
    SolutionDocumentForm,
    SolutionForm,
    SolutionImageForm,
    TopicForm,
)
from .models import (
    ContactRequest,
    ProviderProfile,
    Reference,
    Solution,
    SolutionDocument,
    SolutionImage,
    Standard,
    Status,
    Topic,
)


def solution_detail(request, slug):
    solution = get_object_or_404(
        Solution.objects.visible_to(request.user)
        .select_related("provider")
        .prefetch_related(
            "topics",
            "standards",
            "images",
            "documents",
            Prefetch("references", queryset=Reference.objects.select_related("municipality")),
        ),
        slug=slug,
    )
    if solution.is_published and not access.is_own_provider(request.user, solution.provider):
        services.count_view(solution)
    shown = [r for r in solution.references.all() if r.status != Reference.Status.REJECTED]
    references = [r for r in shown if not r.is_stated]
    stated_references = [r for r in shown if r.is_stated]  # outside the register: never verified
    can_edit = access.can_edit_solution(request.user, solution)
    return render(
        request,
        "catalog/solution_detail.html",
        {
            "solution": solution,
            "references": references,
            "stated_references": stated_references,
            "can_edit": can_edit,
            "locked": can_edit and services.is_locked_for(solution, request.user),
            "locked_message": services.LOCKED_MESSAGE,
            "can_contact": solution.is_published and access.can_contact_providers(request.user),
            "login_to_contact": solution.is_published and not request.user.is_authenticated,
            "steps": _provider_steps(solution) if can_edit else [],
            "history": labelled(history_of(solution)[:50])
            if access.sees_history(request.user)
            else None,
        },
    )


# What the provider's lifecycle buttons say: the action, not the status it leads to.
STEP_LABELS = {
    Status.SUBMITTED: gettext_lazy("Submit for review"),
    Status.DRAFT: gettext_lazy("Edit again as a draft"),
    Status.ARCHIVED: gettext_lazy("Archive"),
}
WITHDRAW_LABEL = gettext_lazy("Withdraw submission")
# Steps that take an item off the public catalog get the plain (tertiary) button, never primary.
DESTRUCTIVE_STEPS = {Status.ARCHIVED}


def _provider_steps(obj):
    """(status, label, destructive) for each lifecycle button the provider side may press."""
    return [
        (
            to,
            WITHDRAW_LABEL if (from_, to) == (Status.SUBMITTED, Status.DRAFT) else STEP_LABELS[to],
            to in DESTRUCTIVE_STEPS,
        )
        for (from_, to), side in services.TRANSITIONS.items()
        if from_ == obj.status and side == services.PROVIDER
    ]


def _locked_page(request, obj, *, transition_url, back):
    """What a provider gets on an edit URL while the item waits for moderation: the reason
    and the way out. A POST changes nothing (409)."""
    return render(
        request,
        "catalog/locked.html",
        {
            "obj": obj,
            "message": services.LOCKED_MESSAGE,
            "transition_url": transition_url,
            "back": back,
        },
        status=409 if request.method == "POST" else 200,
    )


def _solution_locked_page(request, solution):
    return _locked_page(
        request,
        solution,
        transition_url=reverse("catalog:solution_transition", args=[solution.slug]),
        back=solution.get_absolute_url(),
    )


def provider_detail(request, slug):
    provider = get_object_or_404(ProviderProfile.objects.visible_to(request.user), slug=slug)
    solutions = (
        Solution.objects.visible_to(request.user)
        .filter(provider=provider)
        .prefetch_related("topics")
        .order_by("title")
    )
    if provider.is_published and not access.is_own_provider(request.user, provider):
        services.count_view(provider)
    contacts = provider.contacts.all() if access.can_see_contacts(request.user) else None
    return render(
        request,
        "catalog/provider_detail.html",
        {
            "provider": provider,
            "solutions": solutions,
            "contacts": contacts,
            "login_to_contact": provider.is_published and not request.user.is_authenticated,
            "history": labelled(history_of(provider)[:50])
            if access.sees_history(request.user)
            else None,
        },
    )


# --- Provider side -------------------------------------------------------------------------


def _own_profile(request):
    """The signed-in user's provider profile (first provider organisation), else 403."""
    return services.provider_profile_for(access.provider_organisation_of(request.user))


def _form_page(request, form, *, title, back, submit=None):
    submit = submit or pgettext("button", "Save")
    return render(
        request,
        "catalog/form.html",
        {"form": form, "title": title, "back": back, "submit": submit},
    )


@login_required
def dashboard(request):
    profile = _own_profile(request)
    solutions = profile.solutions.prefetch_related("topics").order_by("title")
    requests = profile.contact_requests.select_related("solution", "sender", "sender_organisation")[
        :50
    ]
    return render(
        request,
        "catalog/dashboard.html",
        {
            "profile": profile,
            "solutions": solutions,
            "requests": requests,
            "profile_steps": _provider_steps(profile),
            "profile_locked": services.is_locked_for(profile, request.user),
            "locked_message": services.LOCKED_MESSAGE,
            "standard_form": ProposeStandardForm(),
        },
    )


@login_required
def profile_edit(request):
    """The profile and its contact persons, on one page, for the provider's members."""
    profile = _own_profile(request)
    if services.is_locked_for(profile, request.user):
        return _locked_page(
            request,
            profile,
            transition_url=reverse("catalog:profile_transition"),
            back=reverse("catalog:dashboard"),
        )
    data, files = request.POST or None, request.FILES or None
    form = ProviderProfileForm(data, files, instance=profile)
    contacts = ContactPersonFormSet(data, instance=profile, prefix="contacts")
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        try:
            services.save_provider_profile(actor=request.user, form=form, contacts=contacts)
        except ValidationError as exc:
            form.add_error("logo", exc)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect("catalog:dashboard")
    return render(
        request,
        "catalog/profile_form.html",
        {"form": form, "contacts": contacts, "back": reverse("catalog:dashboard")},
    )


@login_required
@require_POST
def profile_transition(request):
    """Submit the profile for review (or withdraw / reopen it)."""
    profile = _own_profile(request)
    try:
        services.transition(profile, request.POST.get("to", ""), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("catalog:dashboard")


@login_required
@require_POST
def standard_propose(request):
    profile = _own_profile(request)
    form = ProposeStandardForm(request.POST)
    if form.is_valid():
        services.propose_standard(
            actor=request.user, organisation=profile.organisation, name=form.cleaned_data["name"]
        )
        messages.success(request, _("Thank you, the office will review the proposal."))
    return redirect("catalog:dashboard")


@login_required
def contact_requests_sent(request):
    """A municipality member's own contact requests."""
    access.require_contact_sender(request.user)
    sent = ContactRequest.objects.filter(sender=request.user).select_related("provider", "solution")
    return render(request, "catalog/contact_requests_sent.html", {"requests": sent})


@login_required
def solution_create(request):
    profile = _own_profile(request)
    form = SolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        solution = services.save_solution(actor=request.user, form=form, provider=profile)
        messages.success(request, _("The solution has been saved as a draft."))
        return redirect(solution.get_absolute_url())
    return _form_page(request, form, title=_("New solution"), back=reverse("catalog:dashboard"))


@login_required
def solution_edit(request, slug):
    solution = access.solution_for_editor(request.user, slug)
    if services.is_locked_for(solution, request.user):
        return _solution_locked_page(request, solution)
    form = SolutionForm(request.POST or None, instance=solution)
    if request.method == "POST" and form.is_valid():
        services.save_solution(actor=request.user, form=form)
        messages.success(request, _("The solution has been saved."))
        return redirect(solution.get_absolute_url())
    return _form_page(request, form, title=_("Edit solution"), back=solution.get_absolute_url())


FILE_KINDS = {
    "bild": (SolutionImage, SolutionImageForm),
    "pdf": (SolutionDocument, SolutionDocumentForm),
}


def _file_kind(kind):
    if kind not in FILE_KINDS:
        raise Http404
    return FILE_KINDS[kind]


@login_required
def solution_upload(request, slug, kind):
    solution = access.solution_for_editor(request.user, slug)
    _model, form_class = _file_kind(kind)
    if services.is_locked_for(solution, request.user):
        return _solution_locked_page(request, solution)
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_solution_file(actor=request.user, form=form, solution=solution)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The file has been added."))
            return redirect(solution.get_absolute_url())
    return _form_page(request, form, title=_("Add a file"), back=solution.get_absolute_url())


def solution_file(request, slug, kind, pk):
    """Images and PDFs leave only through here: published solutions' files for everyone,
    a draft's files for its own provider and the office (as the solution page itself)."""
    solution = get_object_or_404(Solution.objects.visible_to(request.user), slug=slug)
    model, _form = _file_kind(kind)
    item = get_object_or_404(model, pk=pk, solution=solution)
    field = item.image if model is SolutionImage else item.file
    try:
        handle = field.open("rb")
    except OSError as exc:
        raise Http404 from exc
    if model is SolutionImage:
        response = FileResponse(handle, content_type=mimetypes.guess_type(field.name)[0])
    else:
        filename = f"{slugify(item.title) or 'dokument'}.pdf"
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type="application/pdf"
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = (
        "public, max-age=3600" if solution.is_published else "private, no-store"
    )
    return response


@login_required
def solution_file_delete(request, slug, kind, pk):
    """Asks first (GET), deletes on POST; only the provider's members and the office."""
    solution = access.solution_for_editor(request.user, slug)
    model, _form = _file_kind(kind)
    item = get_object_or_404(model, pk=pk, solution=solution)
    if services.is_locked_for(solution, request.user):
        return _solution_locked_page(request, solution)
    if request.method == "POST":
        services.remove_solution_file(actor=request.user, item=item)
        messages.success(request, _("The file has been deleted."))
        return redirect(solution.get_absolute_url())
    return render(
        request,
        "catalog/confirm_delete.html",
        {
            "title": _("Delete file"),
            "question": _("Delete “%(name)s” from “%(solution)s”?")
            % {"name": item, "solution": solution.title},
            "back": solution.get_absolute_url(),
        },
    )


@login_required
@require_POST
def solution_transition(request, slug):
    """Provider steps: submit, archive, back to draft."""
    solution = access.solution_for_editor(request.user, slug)
    try:
        services.transition(solution, request.POST.get("to", ""), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(solution.get_absolute_url())


def _own_need(request):
    """The town's need a contact request comes from (?vorhaben=<pk> on the match list)."""
    from matching.models import Need

    pk = request.GET.get("vorhaben", "")
    if not pk.isdigit():
        return None
    return Need.objects.editable_by(request.user).filter(pk=pk).first()


@login_required
def contact(request, slug):
    solution = get_object_or_404(Solution.objects.published().select_related("provider"), slug=slug)
    require_municipality_member(request.user)
    need = _own_need(request)
    initial = {"subject": f"{need.title}: {solution.title}"[:200]} if need else {}
    form = ContactRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_contact_request(
                actor=request.user, provider=solution.provider, solution=solution, need=need,
                **form.cleaned_data,
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your message has been sent to the provider."))
            return redirect(solution.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Contact the provider"),
        back=solution.get_absolute_url(),
        submit=pgettext("button", "Send"),
    )


# --- Office side ---------------------------------------------------------------------------

MODERATION_ACTIONS = {
    "approve": Status.PUBLISHED,
    "changes": Status.CHANGES_REQUESTED,
    "reject": Status.REJECTED,
}


def _submitted(model):
    """Items waiting for review, oldest submission first. The time comes from the audit row of
    the submission: an office correction while the item waits moves updated_at, not its place."""
    submission = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=Cast(OuterRef("pk"), CharField()),
        to_state=Status.SUBMITTED,
    ).order_by("-created_at")
    return (
        model.objects.filter(status=Status.SUBMITTED)
        .annotate(
            submitted_at=Coalesce(Subquery(submission.values("created_at")[:1]), "updated_at")
        )
        .order_by("submitted_at", "pk")
    )


@login_required
def moderation_queue(request):
    require_office(request.user)
    solutions = _submitted(Solution).select_related("provider")
    profiles = _submitted(ProviderProfile)
    return render(
        request,
        "catalog/moderation.html",
        {"queues": [("loesung", solutions), ("profil", profiles)]},
    )


@login_required
@require_POST
def moderate(request, kind, pk):
    require_office(request.user)
    model = Solution if kind == "loesung" else ProviderProfile
    obj = get_object_or_404(model, pk=pk)
    to_status = MODERATION_ACTIONS.get(request.POST.get("action"))
    form = CommentForm(request.POST)
    if to_status is None or not form.is_valid():
        return HttpResponseBadRequest()
    try:
        services.transition(obj, to_status, actor=request.user,
                            comment=form.cleaned_data["comment"])  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done: %(name)s") % {"name": obj})
    return redirect("catalog:moderation")


@login_required
def vocabularies(request):
    require_office(request.user)
    if request.method == "POST":
        standard = get_object_or_404(Standard, pk=request.POST.get("standard"))
        services.decide_standard(
            actor=request.user, standard=standard, accept=request.POST.get("action") == "accept"
        )
        return redirect("catalog:vocabularies")
    topics = Topic.objects.annotate(n=Count("solutions", distinct=True))
    standards = Standard.objects.select_related("proposed_by").order_by("status", "name")
    return render(request, "catalog/vocabularies.html", {"topics": topics, "standards": standards})


@login_required
def topic_edit(request, pk=None):
    """Add (no pk) or rename and move a topic; office only."""
    require_office(request.user)
    topic = get_object_or_404(Topic, pk=pk) if pk else Topic()
    form = TopicForm(request.POST or None, instance=topic)
    if request.method == "POST" and form.is_valid():
        services.save_topic(actor=request.user, form=form)
        messages.success(request, _("The topic has been saved."))
        return redirect("catalog:vocabularies")
    title = _("Edit topic") if pk else _("New topic")
    return _form_page(request, form, title=title, back=reverse("catalog:vocabularies"))


@login_required
def topic_delete(request, pk):
    """Asks first (GET), deletes on POST; refused while solutions or needs use the topic."""
    require_office(request.user)
    topic = get_object_or_404(Topic, pk=pk)
    try:
        services.check_topic_deletable(topic)
    except ValidationError as exc:
        blocked = " ".join(exc.messages)
    else:
        blocked = ""
    if request.method == "POST" and not blocked:
        services.delete_topic(actor=request.user, topic=topic)
        messages.success(request, _("The topic has been deleted."))
        return redirect("catalog:vocabularies")
    return render(
        request,
        "catalog/confirm_delete.html",
        {
            "title": _("Delete topic"),
            "question": _("Delete the topic “%(name)s”?") % {"name": topic.name},
            "blocked": blocked,
            "back": reverse("catalog:vocabularies"),
        },
        status=409 if request.method == "POST" and blocked else 200,
    )


@login_required
def import_upload(request):
    """The office uploads an exchange file; same import as `manage.py import_catalog`."""
    require_office(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = import_catalog(
                form.cleaned_data["file"], publish=form.cleaned_data["publish"], actor=request.user
            )
        except ExchangeError as exc:
            form.add_error("file", _("Nothing was imported: %(error)s") % {"error": exc})
        else:
            messages.success(
                request,
                _("Imported: %(p)s providers and %(s)s solutions created, %(u)s solutions updated.")
                % {
                    "p": result.created["providers"],
                    "s": result.created["solutions"],
                    "u": result.updated["solutions"],
                },
            )
            return redirect("catalog:import")
    return _form_page(request, form, title=_("Import catalog"), back=reverse("office:home"))


# --- References ----------------------------------------------------------------------------


@login_required
def reference_claim(request, slug):
    solution = access.solution_for_editor(request.user, slug)
    form = ReferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        stated = {k: data.pop(k) for k in ("place_name", "state", "country")}
        try:
            if data["municipality"] is None:
                data.pop("municipality")
                services.state_reference(actor=request.user, solution=solution, **stated, **data)
            else:
                services.claim_reference(actor=request.user, solution=solution, **data)
        except ValidationError as exc:
            form.add_error("municipality" if data.get("municipality") else "place_name", exc)
        else:
            messages.success(
                request,
                _("The municipality has been asked to confirm the reference.")
                if data.get("municipality")
                else _("The reference is shown as stated by you."),
            )
            return redirect(solution.get_absolute_url())
    return _form_page(request, form, title=_("Add a reference"), back=solution.get_absolute_url())


@login_required
def references_to_confirm(request):
    """Claimed references naming one of the user's municipalities: confirm or reject."""
    town_ids = access.reference_towns_of(request.user)
    if request.method == "POST":
        reference = get_object_or_404(Reference, pk=request.POST.get("reference"))
        try:
            services.decide_reference(
                actor=request.user, reference=reference,
                confirm=request.POST.get("action") == "confirm",
            )  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("catalog:references_to_confirm")
    references = Reference.objects.filter(
        municipality_id__in=town_ids, status=Reference.Status.CLAIMED
    ).select_related("solution__provider", "municipality")
    return render(request, "catalog/references_to_confirm.html", {"references": references})
