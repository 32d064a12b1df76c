def page_municipality(request):
    """The municipality a public page is about (its own pages set it); the header and footer fall back
    to it when no one is logged in."""
    return {"page_municipality": None}
