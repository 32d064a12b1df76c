from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tovholder.citizens.selectors import open_citizen, open_for_write
from tovholder.layout import charts, exports
from tovholder.layout.forms import add_service_errors
from tovholder.records import int_or_none

from . import forms, selectors, services


def citizen_stays(request, citizen_id: int):
    citizen, grant = open_citizen(request.user, citizen_id, what="Sygehusophold og deling med samarbejdspartnere")
    page = selectors.citizen_page(request.user, citizen)
    can_write = grant is None and request.user.has_perm(services.RECORD_CONSENT)
    return render(request, "crosssector/citizen.html", {"p": page, "citizen": citizen, "can_write": can_write,
                                                        "read_only": grant is not None})


def consent_create(request, citizen_id: int):
    citizen = open_for_write(request.user, citizen_id, what="Samtykke til deling med samarbejdspartner",
                             perm=services.RECORD_CONSENT)
    partners = selectors.partners_for_consent(request.user)
    form = forms.ConsentForm(request.POST or None, partners=partners, initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        partner = selectors.partner_for(request.user, d["partner"])
        try:
            if partner is None:
                raise ValidationError({"partner": "Vælg en samarbejdspartner fra listen."})
            services.record_partner_consent(actor=request.user, citizen=citizen, partner=partner,
                                            purpose=d["purpose"], given_on=d["given_on"], note=d["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Samtykket til at dele med {partner.name} er registreret.")
            return redirect("citizen_stays", citizen.pk)
    back = reverse("citizen_stays", args=[citizen.pk])
    return render(request, "layout/form_page.html", {
        "form": form, "citizen": citizen, "title": "Samtykke til deling med en samarbejdspartner",
        "button": "Registrér samtykket", "back": back,
        "lead": "Borgerens samtykke til, at en bestemt slags oplysninger må deles med samarbejdspartneren. Det kan "
                "altid trækkes tilbage."})


@require_POST
def consent_withdraw(request, citizen_id: int, consent_id: int):
    citizen = open_for_write(request.user, citizen_id, what="Samtykke til deling med samarbejdspartner",
                             perm=services.RECORD_CONSENT)
    consent = selectors.consent_for(request.user, citizen, int_or_none(consent_id))
    if consent is None:
        raise PermissionDenied("Samtykket findes ikke hos borgeren.")
    try:
        services.withdraw_partner_consent(actor=request.user, consent=consent, on=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Samtykket er trukket tilbage.")
    return redirect("citizen_stays", citizen.pk)


HEADER = ["Periode", "Indlæggelser", "Genindlæggelser inden for 30 dage", "Genindlæggelser (%)"]


def readmissions(request):
    selectors.require_readmissions(request.user)
    months = int_or_none(request.GET.get("maaneder")) or 12
    months = months if months in dict(forms.MONTHS) else 12
    r = selectors.readmissions(request.user, months=months, offer_id=int_or_none(request.GET.get("tilbud")))
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        rows = [[m.label, m.admissions, m.readmissions, m.percent] for m in r.months]
        rows += [[f"Tilbud: {o.label}", o.admissions, o.readmissions, o.percent] for o in r.by_offer]
        rows.append([r.total.label, r.total.admissions, r.total.readmissions, r.total.percent])
        return exports.table_response(fmt, "genindlaeggelser", HEADER, rows, title="Indlæggelser og genindlæggelser")
    chart = charts.bars(
        key="genindlaeggelser", title="Indlæggelser og genindlæggelser inden for 30 dage pr. måned",
        categories=[m.label for m in r.months],
        series=[charts.Series("Indlæggelser", [m.admissions for m in r.months]),
                charts.Series("Genindlæggelser inden for 30 dage", [m.readmissions for m in r.months])],
        low=0, category_label="Måned",
        summary=f"{r.total.admissions} indlæggelser, heraf {r.total.readmissions} genindlæggelser inden for 30 dage.")
    return render(request, "crosssector/readmissions.html", {"r": r, "chart": chart, "months": forms.MONTHS,
                                                             "chosen": months})


def medcom_inbox(request):
    box = selectors.inbox(request.user)
    return render(request, "crosssector/inbox.html", {"box": box, "unrouted": selectors.unrouted_refusals(),
                                                      "can_manage": request.user.has_perm(services.MANAGE)})


def partner_list(request):
    if not (request.user.has_perm(services.MANAGE) or request.user.has_perm(selectors.INBOX)):
        raise PermissionDenied("Din rolle giver ikke adgang til samarbejdspartnerne.")
    return render(request, "crosssector/partners.html", {"partners": selectors.partners(request.user),
                                                         "bases": selectors.bases(),
                                                         "can_manage": request.user.has_perm(services.MANAGE)})


def partner_create(request):
    if not request.user.has_perm(services.MANAGE):
        raise PermissionDenied("Kun den, der vedligeholder samarbejdspartnere, kan oprette dem.")
    form = forms.PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.register_partner(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{partner.name} er oprettet.")
            return redirect("partner_list")
    return render(request, "layout/form_page.html", {
        "form": form, "title": "Ny samarbejdspartner", "button": "Opret", "back": reverse("partner_list"),
        "lead": "Beskeder adresseres med SOR-kode og EAN-nummer; skriv mindst ét af dem."})
