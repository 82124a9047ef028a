from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.access import require_office

from .sections import OFFICE_SECTIONS


@login_required
def home(request):
    require_office(request.user)
    return render(request, "office/home.html", {"sections": OFFICE_SECTIONS})
