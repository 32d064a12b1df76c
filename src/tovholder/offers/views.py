
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from tovholder.accounts.principals import principal_of
from tovholder.layout.exports import FORMATS, table_response

from . import services
from .selectors import catalogue, offer_detail

CSV_COLUMNS = [
    ("Tilbud", lambda o: o.name),
    ("Lovgrundlag", lambda o: o.legal_basis_display),
    ("FFB-ydelse", lambda o: o.ffb_service_display),
    ("FFB-tilbudstype", lambda o: o.ffb_offer_type_display),
    ("Målgruppe", lambda o: o.target_description),
    ("Alder", lambda o: o.age_range_display),
    ("Kræver visitation", lambda o: o.requires_visitation),
    ("Kan bevilges formelt", lambda o: o.grantable),
    ("Form", lambda o: o.get_format_display()),
    ("Kapacitet", lambda o: None if o.capacity_kind == "open" else o.capacity),
    ("Kapacitetsenhed", lambda o: o.get_capacity_kind_display().lower()),
    ("Årsværk", lambda o: o.staff_fte),
    ("Takst (kr.)", lambda o: None if o.price_unit == "none" else o.price),
    ("Takst pr.", lambda o: "" if o.price_unit == "none" else o.get_price_unit_display().removeprefix("kr. pr. ")),
    ("Driftskommune", lambda o: o.municipality.name),
    ("Kvoter", lambda o: "; ".join(f"{q.municipality.name}: {'ingen fast kvote' if q.places is None else q.places}"
                                   for q in o.quotas.all())),
]


def catalogue_view(request):
    offers = list(catalogue(request.user))
    if (fmt := request.GET.get("format")) in FORMATS:
        return table_response(fmt, "tilbudskatalog", [title for title, _ in CSV_COLUMNS],
                              ([get(offer) for _, get in CSV_COLUMNS] for offer in offers), title="Tilbudskatalog")
    return render(request, "offers/catalogue.html", {"offers": offers})


class GrantingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    may_be_granted = forms.BooleanField(label="Tilbuddet kan også bevilges formelt (afgørelse, brev og bestilling)",
                                        required=False)


def offer_view(request, offer_id: int):
    offer = offer_detail(request.user, offer_id)
    can_choose = (not offer.requires_visitation and request.user.has_perm("offers.manage_offers")
                  and offer.municipality_id == principal_of(request.user).municipality_id)  # the operator chooses
    form = GrantingForm(request.POST or None, initial={"version": offer.version,
                                                       "may_be_granted": offer.may_be_granted})
    if request.method == "POST" and can_choose and form.is_valid():
        try:
            services.set_may_be_granted(actor=request.user, offer=offer, version=form.cleaned_data["version"],
                                        may_be_granted=form.cleaned_data["may_be_granted"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            now = "også bevilges formelt" if form.cleaned_data["may_be_granted"] else "kun bruges uden visitation"
            messages.success(request, f"Valget er gemt: {offer.name} kan nu {now}.")
            return redirect("offer", offer_id=offer.pk)
    return render(request, "offers/offer.html", {"offer": offer, "form": form if can_choose else None})
