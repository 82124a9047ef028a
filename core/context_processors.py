from django.utils.functional import SimpleLazyObject

from .navigation import main_nav


def site(request):
    user = getattr(request, "user", None)

    def unread():
        if user is None or not user.is_authenticated:
            return 0
        return user.notifications.unread().count()

    return {"main_nav": main_nav(request), "unread_notifications": SimpleLazyObject(unread)}
