from .navigation import main_nav


def navigation(request):
    return {"main_nav": main_nav(request)}
