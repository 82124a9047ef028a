from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Topic
from core import spreadsheets, transitions

from . import services
from .access import (
    can_add_material,
    can_apply_for_slot,
    can_ask,
    can_contact_presenters,
    can_give_feedback,
    can_manage_workshops,
    can_register,
    is_insider,
    material_for_viewer,
    registration_for_owner,
    require_insider,
    require_material_editor,
    require_office,
    require_slot_applicant,
    workshop_for_viewer,
)
from .forms import (
    ContactForm,
    FeedbackForm,
    MaterialForm,
    QuestionForm,
    SlotApplicationForm,
    SlotDecisionForm,
    WorkshopForm,
)
from .ics import feed_ics, workshop_ics
from .models import ProgrammeSlot, Registration, Workshop


def _flash_errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def workshop_list(request):
    topics = list(Topic.objects.all())
    topic = request.GET.get("thema", "")
    workshops = Workshop.objects.prefetch_related("topics")
    if topic:
        workshops = workshops.filter(topics__slug=topic)
    context = {
        "upcoming": workshops.upcoming(),
        "past": workshops.past(),
        "topics": topics,
        "topic": topic,
        "is_office": can_manage_workshops(request.user),
    }
    template = "events/_partials/lists.html" if request.htmx else "events/list.html"
    return render(request, template, context)


def _questions_for(workshop, user):
    questions = (
        workshop.questions.filter(merged_into__isnull=True)
        .numbered()
        .annotate(vote_count=Count("votes"))
        .select_related("author", "organisation", "need")
        .order_by("-vote_count", "created_at")
    )
    if not can_manage_workshops(user):
        questions = questions.filter(hidden=False)
    return questions


def workshop_detail(request, slug):
    workshop = workshop_for_viewer(request.user, slug)
    user = request.user
    insider = is_insider(user, workshop)
    registration = (
        workshop.registrations.filter(user=user).first() if user.is_authenticated else None
    )
    materials = workshop.materials.all()
    if not insider:
        materials = materials.filter(published=True)
    slots = workshop.slots.filter(status=ProgrammeSlot.Status.ACCEPTED).select_related(
        "solution", "provider"
    )
    confirmed = workshop.registrations.filter(status=Registration.Status.CONFIRMED).count()
    context = {
        "workshop": workshop,
        "insider": insider,
        "office": can_manage_workshops(user),
        "registration": registration,
        "may_register": can_register(user, workshop) and workshop.registration_open,
        "free_seats": max(workshop.capacity - confirmed, 0),
        "slots": slots,
        "materials": materials,
        "questions": _questions_for(workshop, user) if insider else [],
        "may_ask": can_ask(user, workshop),
        "question_form": QuestionForm(),
        "may_apply": workshop.registration_open and can_apply_for_slot(user),
        "may_contact": can_contact_presenters(user, workshop),
        "may_feedback": can_give_feedback(registration, workshop),
        "feedback_form": FeedbackForm(),
        "contact_form": ContactForm(),
        "may_add_material": can_add_material(user, workshop),
    }
    return render(request, "events/detail.html", context)


@login_required
@require_POST
def register(request, slug):
    workshop = workshop_for_viewer(request.user, slug)
    try:
        registration = services.register(actor=request.user, workshop=workshop)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered. A confirmation is on its way."))
        else:
            messages.info(request, _("The workshop is full; you are on the waiting list."))
    return redirect(workshop)


@login_required
def cancel_registration(request, token):
    registration = registration_for_owner(request.user, token)
    if request.method == "POST":
        services.cancel_registration(actor=request.user, registration=registration)
        messages.success(request, _("Your registration has been cancelled."))
        return redirect(registration.workshop)
    return render(request, "events/cancel_registration.html", {"registration": registration})


def workshop_ics_view(request, slug):
    workshop = workshop_for_viewer(request.user, slug)
    body = workshop_ics(workshop, with_link=is_insider(request.user, workshop))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{workshop.slug}.ics"'
    return response


def feed(request):
    workshops = Workshop.objects.filter(
        status__in=[Workshop.Status.PUBLISHED, Workshop.Status.DONE, Workshop.Status.CANCELLED]
    )
    return HttpResponse(feed_ics(workshops), content_type="text/calendar; charset=utf-8")


@login_required
def apply_slot(request, slug):
    workshop = workshop_for_viewer(request.user, slug)
    org_ids = require_slot_applicant(request.user)
    form = SlotApplicationForm(request.POST or None, org_ids=org_ids)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_for_slot(
                actor=request.user,
                workshop=workshop,
                solution=form.cleaned_data["solution"],
                abstract=form.cleaned_data["abstract"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The office will decide on your talk."))
            return redirect(workshop)
    return render(request, "events/apply.html", {"workshop": workshop, "form": form})


@login_required
@require_POST
def ask(request, slug):
    workshop = workshop_for_viewer(request.user, slug)
    form = QuestionForm(request.POST)
    if form.is_valid():
        services.ask_question(actor=request.user, workshop=workshop, **form.cleaned_data)
        messages.success(request, _("Your question has been added."))
    else:
        messages.error(request, _("Please enter your question."))
    return redirect(workshop)


def _question(request, slug, pk):
    workshop = workshop_for_viewer(request.user, slug)
    require_insider(request.user, workshop)
    return get_object_or_404(workshop.questions, pk=pk)


@login_required
@require_POST
def upvote(request, slug, pk):
    question = _question(request, slug, pk)
    services.upvote_question(actor=request.user, question=question)
    return redirect(question.workshop)


@login_required
@require_POST
def moderate_question(request, slug, pk):
    question = _question(request, slug, pk)
    action = request.POST.get("action")
    if action == "merge":
        into = question.workshop.questions.with_number(request.POST.get("into"))
        if into is None:
            raise Http404
        try:
            services.merge_question(actor=request.user, question=question, into=into)
        except ValidationError as error:
            _flash_errors(request, error)
    else:
        services.hide_question(actor=request.user, question=question, hidden=action == "hide")
    return redirect(question.workshop)


@login_required
@require_POST
def question_to_need(request, slug, pk):
    question = _question(request, slug, pk)
    try:
        need = services.convert_question_to_need(actor=request.user, question=question)
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect(question.workshop)
    messages.success(request, _("The need has been created. Please complete it."))
    return redirect(need)


def material(request, slug, pk):
    workshop = workshop_for_viewer(request.user, slug)
    item = material_for_viewer(request.user, workshop, pk)
    if not item.file:
        return redirect(item.url)
    # Type and extension from the content checked on upload (a PDF), never from the name.
    name = item.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "folien"
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=f"{name}.pdf",
        content_type="application/pdf",
    )


@login_required
def add_material(request, slug):
    workshop = workshop_for_viewer(request.user, slug)
    require_material_editor(request.user, workshop)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_material(actor=request.user, workshop=workshop, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The material has been added."))
            return redirect(workshop)
    return render(request, "events/material_form.html", {"workshop": workshop, "form": form})


@login_required
@require_POST
def feedback(request, slug):
    workshop = workshop_for_viewer(request.user, slug)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.give_feedback(actor=request.user, workshop=workshop, **form.cleaned_data)
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("Thank you for your feedback."))
    else:
        messages.error(request, _("Please choose a rating from 1 to 5."))
    return redirect(workshop)


@login_required
@require_POST
def contact(request, slug, slot_pk):
    workshop = workshop_for_viewer(request.user, slug)
    slot = get_object_or_404(workshop.slots, pk=slot_pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_presenter(
                actor=request.user, slot=slot, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("Your message has been sent to the provider."))
    else:
        messages.error(request, _("Please write a message."))
    return redirect(workshop)


# Office


@login_required
def manage(request):
    require_office(request.user)
    workshops = Workshop.objects.annotate(
        # distinct: the join with the slots would count each registration once per slot.
        confirmed=Count(
            "registrations", filter=Q(registrations__status="confirmed"), distinct=True
        ),
        waiting=Count("registrations", filter=Q(registrations__status="waiting"), distinct=True),
        applications=Count("slots", filter=Q(slots__status="applied"), distinct=True),
    ).order_by("-starts_at")
    return render(request, "events/manage.html", {"workshops": workshops})


@login_required
def edit(request, slug=None):
    require_office(request.user)
    workshop = get_object_or_404(Workshop, slug=slug) if slug else None
    form = WorkshopForm(request.POST or None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        workshop = services.save_workshop(actor=request.user, form=form)
        messages.success(request, _("The workshop has been saved."))
        return redirect("events:manage_detail", workshop.slug)
    return render(request, "events/edit.html", {"workshop": workshop, "form": form})


@login_required
def manage_detail(request, slug):
    require_office(request.user)
    workshop = get_object_or_404(Workshop, slug=slug)
    slots = workshop.slots.select_related("solution", "provider", "applicant")
    return render(
        request,
        "events/manage_detail.html",
        {
            "workshop": workshop,
            "slots": slots,
            "transitions": transitions.targets(services.TRANSITIONS, workshop.status),
            "decision_form": SlotDecisionForm(),
            "participants": services.participants_queryset(workshop),
            "attendance_open": workshop.has_started
            and workshop.status in (Workshop.Status.PUBLISHED, Workshop.Status.DONE),
        },
    )


TRANSITION_SERVICES = {
    Workshop.Status.PUBLISHED: services.publish_workshop,
    Workshop.Status.CANCELLED: services.cancel_workshop,
    Workshop.Status.DONE: services.complete_workshop,
}


@login_required
@require_POST
def transition(request, slug):
    require_office(request.user)
    workshop = get_object_or_404(Workshop, slug=slug)
    service = TRANSITION_SERVICES.get(request.POST.get("to"))
    if service is None:
        raise Http404
    try:
        service(actor=request.user, workshop=workshop)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("The status has been changed."))
    return redirect("events:manage_detail", workshop.slug)


@login_required
@require_POST
def decide_slot(request, slug, slot_pk):
    require_office(request.user)
    slot = get_object_or_404(ProgrammeSlot, workshop__slug=slug, pk=slot_pk)
    form = SlotDecisionForm(request.POST)
    if form.is_valid():
        services.decide_slot(actor=request.user, slot=slot, **form.cleaned_data)
        messages.success(request, _("The decision has been saved."))
    return redirect("events:manage_detail", slug)


@login_required
@require_POST
def attendance(request, slug):
    require_office(request.user)
    workshop = get_object_or_404(Workshop, slug=slug)
    ids = [int(v) for v in request.POST.getlist("attended") if v.isdigit()]
    try:
        present, absent = services.record_attendance(
            actor=request.user, workshop=workshop, attended_ids=ids
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Attendance saved: %(present)d attended, %(absent)d absent.")
            % {"present": present, "absent": absent},
        )
    return redirect("events:manage_detail", workshop.slug)


@login_required
def participants_csv(request, slug):
    require_office(request.user)
    workshop = get_object_or_404(Workshop, slug=slug)
    attended = {True: _("yes"), False: _("no"), None: ""}
    rows = [
        [
            r.user.get_full_name(),
            r.user.email,
            r.organisation.name if r.organisation else "",
            r.get_status_display(),
            r.created_at,
            attended[r.attended],
        ]
        for r in services.participants_queryset(workshop)
    ]
    columns = [
        _("Name"),
        _("E-mail"),
        _("Organisation"),
        _("Status"),
        _("Registered"),
        _("Attended"),
    ]
    return spreadsheets.download(f"{workshop.slug}-teilnehmende.csv", columns, rows)
