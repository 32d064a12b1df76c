from django.shortcuts import redirect


def home(request):
    """The start page: the worker's day for those who give support; the citizens for other roles."""
    if request.user.has_perm("support.provide_support") and getattr(request.user, "staff", None) is not None:
        from tovholder.support.views import workers_day

        return workers_day(request)
    return redirect("citizens")

