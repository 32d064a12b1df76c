
from django.shortcuts import render

from tovholder.layout.exports import csv_response

from .selectors import catalogue, offer_detail

CSV_COLUMNS = [
    ("Tilbud", lambda o: o.name),
    ("Lovgrundlag", lambda o: o.legal_basis_display),
    ("FFB-ydelse", lambda o: o.ffb_service_display),
    ("FFB-tilbudstype", lambda o: o.ffb_offer_type_display),
    ("Målgruppe", lambda o: o.target_description),
    ("Alder", lambda o: o.age_range_display),
    ("Kræver visitation", lambda o: "ja" if o.requires_visitation else "nej"),
    ("Form", lambda o: o.get_format_display()),
    ("Kapacitet", lambda o: f"{o.capacity} {o.get_capacity_kind_display().lower()}"),
    ("Årsværk", lambda o: o.staff_fte),
    ("Takst", lambda o: f"{o.price} {o.get_price_unit_display()}"),
    ("Driftskommune", lambda o: o.municipality.name),
    ("Kvoter", lambda o: "; ".join(f"{q.municipality.name}: {q.places}" for q in o.quotas.all())),
]


def catalogue_view(request):
    offers = list(catalogue(request.user))
    if request.GET.get("format") == "csv":
        return csv_response("tilbudskatalog.csv", [title for title, _ in CSV_COLUMNS],
                            ([str(get(offer)) for _, get in CSV_COLUMNS] for offer in offers))
    return render(request, "offers/catalogue.html", {"offers": offers})


def offer_view(request, offer_id: int):
    return render(request, "offers/offer.html", {"offer": offer_detail(request.user, offer_id)})
