from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import Membership


@login_required
def dashboard(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return render(request, "accounts/dashboard.html", {"memberships": memberships})
