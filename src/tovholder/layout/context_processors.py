from . import menu


def main_menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(user, "staff", None) is None:
        return {}
    return {"main_menu": menu.items_for(request)}
