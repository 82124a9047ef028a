import re
import time
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import require_office
from core.net import client_ip

from . import documents, processing, services
from .access import can_edit_legal, get_barrier_report_for_office, require_legal_editor
from .evidence import load_evidence
from .forms import (
    AnswerForm,
    BarrierReportForm,
    DueDateForm,
    LegalSettingsForm,
    LegalTextForm,
    SignLanguageVideoForm,
)
from .models import BarrierReport, LegalSettings, LegalText, Page, SignLanguageVideo


def _page_context(request, text, *, current):
    legal = LegalSettings.load()
    editor = can_edit_legal(request.user)
    placeholders = text.placeholders()
    if current and text.page in (Page.PRIVACY, Page.ACCESSIBILITY):
        placeholders += legal.placeholders()
    context = {
        "text": text,
        "page": text.page,
        "is_current": current,
        "legal": legal,
        "is_editor": editor,
        "placeholders": placeholders if editor else [],
    }
    if not current:
        return context
    if text.page == Page.PRIVACY:
        context.update(
            activities=processing.activities_for_display(legal),
            cookies=processing.cookies(),
            rights=processing.RIGHTS,
            hbdi=processing.HBDI,
        )
    elif text.page == Page.ACCESSIBILITY:
        context["evidence"] = load_evidence()
    elif text.page == Page.SIGN_LANGUAGE:
        context["video"] = SignLanguageVideo.objects.first()
    return context


def page(request, page):
    text = LegalText.objects.current(page)
    if text is None:
        raise Http404
    return render(request, "legal/page.html", _page_context(request, text, current=True))


def versions(request, page):
    items = list(LegalText.objects.of(page).order_by("-number"))
    if not items:
        raise Http404
    return render(
        request,
        "legal/versions.html",
        {"versions": items, "current": items[0], "is_editor": can_edit_legal(request.user)},
    )


def version(request, page, number):
    text = get_object_or_404(LegalText.objects.of(page), number=number)
    current = LegalText.objects.current(page)
    return render(
        request,
        "legal/page.html",
        {**_page_context(request, text, current=text == current), "current": current},
    )


REPORTS_PER_HOUR = 10  # per client address: the form is open to everyone, so it is throttled


def _report_allowed(request) -> bool:
    key = f"legal-barrier:{client_ip(request)}:{int(time.time() // 3600)}"
    cache.add(key, 0, timeout=3700)
    try:
        return cache.incr(key) <= REPORTS_PER_HOUR
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3700)
        return True


def _reported_page(request) -> str:
    """The page the visitor came from (?seite=, else the referring page of this site)."""
    page = request.GET.get("seite", "")
    referer = request.headers.get("Referer", "")
    if not page and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parts = urlsplit(referer)
        page = parts.path + (f"?{parts.query}" if parts.query else "")
    return page[:500]


@require_http_methods(["GET", "POST"])
def report_barrier(request):
    initial = {"page_url": _reported_page(request)}
    form = BarrierReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and not _report_allowed(request):
        form.add_error(
            None, _("Too many reports from your connection. Please try again in an hour.")
        )
    if request.method == "POST" and form.is_valid():
        report = services.report_barrier(**form.cleaned_data)
        messages.success(
            request,
            _("Thank you. We have received your report and will answer by %(due)s.")
            % {"due": report.due_on.strftime("%d.%m.%Y")},
        )
        return redirect("legal:page", page=Page.ACCESSIBILITY)
    return render(request, "legal/report_form.html", {"form": form})


RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _read_range(field, start, length):
    with field.open("rb") as video:
        video.seek(start)
        while length > 0:
            chunk = video.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def sign_language_video(request, pk):
    """The video, with single byte ranges: Safari plays <video> only from a server that
    answers Range requests (206), and seeking needs them everywhere."""
    item = get_object_or_404(SignLanguageVideo, pk=pk)
    content_type = "video/webm" if item.video.name.endswith(".webm") else "video/mp4"
    size = item.video.size
    match = RANGE.match(request.headers.get("Range", ""))
    if not match or not any(match.groups()):
        response = FileResponse(item.video.open("rb"), content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last) if last else size - 1, size - 1)
    else:  # "bytes=-500": the last 500 bytes
        start, end = max(size - int(last), 0), size - 1
    if start > end or start >= size:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    response = StreamingHttpResponse(
        _read_range(item.video, start, end - start + 1), status=206, content_type=content_type
    )
    response["Content-Length"] = str(end - start + 1)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


def sign_language_captions(request, pk):
    item = get_object_or_404(SignLanguageVideo, pk=pk)
    return FileResponse(item.captions.open("rb"), content_type="text/vtt; charset=utf-8")


@login_required
def office_index(request):
    require_legal_editor(request.user)
    legal = LegalSettings.load()
    pages = []
    for value, label in Page.choices:
        text = LegalText.objects.current(value)
        pages.append({"page": value, "label": label, "text": text, "open": text.placeholders()})
    return render(
        request,
        "legal/office_index.html",
        {
            "pages": pages,
            "legal": legal,
            "settings_open": legal.placeholders(),
            "video": SignLanguageVideo.objects.first(),
            "open_reports": BarrierReport.objects.open().count(),
            "overdue_reports": BarrierReport.objects.overdue().count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_page(request, page):
    require_legal_editor(request.user)
    current = LegalText.objects.current(page)
    initial = {"title": current.title, "body": current.body} if current else {}
    form = LegalTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            text = services.save_legal_text(actor=request.user, page=page, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved as version %(number)s.") % {"number": text.number})
            return redirect("legal:page", page=page)
    return render(
        request,
        "legal/edit.html",
        {"form": form, "current": current, "label": Page(page).label, "page": page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_settings(request):
    require_legal_editor(request.user)
    legal = LegalSettings.load()
    form = LegalSettingsForm(request.POST or None, instance=legal)
    if request.method == "POST" and form.is_valid():
        services.update_legal_settings(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("legal:office")
    return render(request, "legal/settings_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def upload_video(request):
    require_legal_editor(request.user)
    form = SignLanguageVideoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.upload_sign_language_video(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The video is online."))
        return redirect("legal:page", page=Page.SIGN_LANGUAGE)
    return render(
        request,
        "legal/video_form.html",
        {"form": form, "video": SignLanguageVideo.objects.first()},
    )


@login_required
def record(request):
    require_office(request.user)
    legal = LegalSettings.load()
    context = documents.record_context(legal, processing.activities_for_display(legal))
    kind = request.GET.get("format")
    if kind in ("odt", "pdf"):
        filename = f"verarbeitungsverzeichnis-{context['today']:%Y-%m-%d}.{kind}"
        if kind == "odt":
            body, content_type = (
                documents.record_odt(context),
                "application/vnd.oasis.opendocument.text",
            )
        else:
            body, content_type = documents.record_pdf(context), "application/pdf"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(request, "legal/record.html", context)


@login_required
def reports(request):
    require_office(request.user)
    items = BarrierReport.objects.order_by("status", "due_on", "pk")
    return render(
        request,
        "legal/reports.html",
        {"reports": items, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    item = get_barrier_report_for_office(request.user, pk)
    action = request.POST.get("action")
    due_form = DueDateForm(
        request.POST if action == "due" else None, initial={"due_on": item.due_on}
    )
    answer_form = AnswerForm(request.POST if action == "answer" else None)
    if action == "due" and due_form.is_valid():
        services.set_barrier_due_date(
            actor=request.user, report=item, due_on=due_form.cleaned_data["due_on"]
        )
        messages.success(request, _("The due date has been changed."))
        return redirect(item)
    if action == "answer" and answer_form.is_valid():
        try:
            services.answer_barrier_report(
                actor=request.user, report=item, answer=answer_form.cleaned_data["answer"]
            )
        except ValidationError as error:
            answer_form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The answer has been sent.") if item.email else _("The answer has been saved."),
            )
            return redirect("legal:reports")
    return render(
        request,
        "legal/report.html",
        {
            "report": item,
            "due_form": due_form,
            "answer_form": answer_form,
            "overdue": item.is_overdue(),
        },
    )
