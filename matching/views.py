from django.shortcuts import get_object_or_404, render

from .models import Need


def need_detail(request, pk):
    need = get_object_or_404(
        Need.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    return render(request, "matching/need_detail.html", {"need": need})
