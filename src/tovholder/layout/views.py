from django.shortcuts import redirect


def home(request):
    """The start page. Later features (the worker's day) take this over; for now, the citizens."""
    return redirect("citizens")
