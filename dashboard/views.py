from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import dashboard_for


@login_required
def dashboard(request):
    """Mein Bereich: the person's work, per role, one click away."""
    return render(request, "dashboard/dashboard.html", dashboard_for(request.user))
