from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token


def home(request):
    return render(request, "core/home.html")


@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Plain template without context processors: the database may be what failed.
    return render(request, "errors/500.html", status=500)
