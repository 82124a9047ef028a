from .navigation import main_nav


def site(request):
    return {"main_nav": main_nav(request)}
