from django.utils.functional import SimpleLazyObject


def site(request):
    user = getattr(request, "user", None)

    def unread():
        if user is None or not user.is_authenticated:
            return 0
        return user.notifications.unread().count()

    return {"unread_notifications": SimpleLazyObject(unread)}
