from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from .services import mark_notifications_read


@require_safe
@cache_control(max_age=7 * 24 * 3600, public=True)
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico without reading the page's <link>."""
    return FileResponse(open(finders.find("core/favicon.ico"), "rb"), content_type="image/x-icon")


def home(request):
    return render(request, "core/home.html")


@login_required
def notifications(request):
    items = request.user.notifications.all()[:100]
    response = render(request, "core/notifications.html", {"notifications": items})
    mark_notifications_read(request.user)
    return response


@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    # A town-only page refused to someone who acts for no organisation yet (raised by
    # accounts.access.require_municipality_member) shows the way to the membership form.
    membership_pointer = bool(getattr(exception, "membership_pointer", False))
    return render(
        request, "errors/403.html", {"membership_pointer": membership_pointer}, status=403
    )


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


@requires_csrf_token
def server_error(request):
    return render(request, "errors/500.html", status=500)
