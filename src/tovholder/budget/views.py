from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from tovholder.accounts.principals import principal_of
from tovholder.layout import exports
from tovholder.layout.forms import add_service_errors
from tovholder.offers.models import Offer
from tovholder.records import int_or_none

from . import forms, selectors, services
from .models import AccountFunction, ActualSpend, FunctionMapping, OfferPrice, Supplement

UNKNOWN_ACTION = "Handlingen findes ikke på denne side; intet er gemt. Brug knapperne på siden."
FOLLOW_HEADER = ["Funktion", "Betegnelse", "Oprindeligt budget (kr.)", "Tillægsbevillinger (kr.)",
                 "Korrigeret budget (kr.)", "Forbrug til dato (kr.)", "Bogført til og med måned",
                 "Disponeret resten af året (kr.)", "Forventet regnskab (kr.)", "Forventet afvigelse (kr.)",
                 "Usikkerhed, lav (kr.)", "Usikkerhed, høj (kr.)", "Forklaring"]
OFFER_HEADER = ["Tilbud", "Funktion", "Modtagere", "Helårspersoner", "Udgift i året, egne (kr.)",
                "Udgift i året, købte pladser (kr.)", "Gennemsnitspris pr. helårsperson (kr.)",
                "Borgere i egne tilbud i dag", "Købte pladser i dag"]


def _year(request) -> int:
    year = int_or_none(request.GET.get("aar"))
    today = timezone.localdate()
    return year if year is not None and 2000 <= year <= today.year + 5 else today.year


def _municipality(request) -> int:
    return principal_of(request.user).municipality_id


def _may_manage(request) -> bool:
    return request.user.has_perm(services.MANAGE)


def followup(request):
    selectors.require_follow(request.user)
    year = _year(request)
    data = selectors.follow_up(request.user, year)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        rows = [[line.function.account, line.function.title, line.original, line.supplement_total, line.corrected,
                 line.actual, line.booked_through, line.committed, line.expected, line.deviation,
                 line.band[0] if line.band else None, line.band[1] if line.band else None,
                 line.explanation.text if line.explanation else ""] for line in data.lines]
        t = data.totals
        rows.append(["I alt", "", t["original"], t["supplement_total"], t["corrected"], t["actual"], None,
                     t["committed"], t["expected"], t["deviation"], None, None, ""])
        return exports.table_response(fmt, f"budgetopfoelgning-{year}", FOLLOW_HEADER, rows,
                                      title=f"Budgetopfølgning {year}")
    return render(request, "budget/followup.html", {
        "data": data, "year": year, "years": selectors.years(request.user), "may_manage": _may_manage(request)})


def offers(request):
    selectors.require_follow(request.user)
    year = _year(request)
    threshold = int_or_none(request.GET.get("graense"))
    threshold_value = Decimal(threshold) if threshold is not None and threshold <= 10**11 else \
        selectors.DEFAULT_THRESHOLD
    data = selectors.by_offer(request.user, year)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        rows = [[line.name, line.function, line.recipients, round(line.full_year_persons, 2), line.cost,
                 line.purchased_cost, line.average, line.own_now, line.purchased_now] for line in data.lines]
        rows.append(["I alt (hver borger én gang)", "", data.recipients, round(data.full_year_persons, 2),
                     None, None, None, None, None])
        return exports.table_response(fmt, f"pris-og-maengde-{year}", OFFER_HEADER, rows,
                                      title=f"Pris og mængde {year}")
    cases = selectors.expensive_cases(request.user, year, threshold=threshold_value)
    return render(request, "budget/offers.html", {
        "data": data, "year": year, "years": selectors.years(request.user), "cases": cases,
        "threshold": threshold_value})


def _bound(request, action: str, name: str, form_class, **kwargs):
    if request.method == "POST" and action == name:
        return form_class(request.POST, request.FILES, prefix=name, **kwargs)
    return form_class(prefix=name, **kwargs)


def appropriations(request):
    services.require_manager(request.user)
    year = _year(request)
    m = _municipality(request)
    action = request.POST.get("action", "")
    f = {"original": _bound(request, action, "original", forms.OriginalForm, municipality_id=m, year=year),
         "supplement": _bound(request, action, "supplement", forms.SupplementForm, municipality_id=m, year=year)}
    status = 200
    if request.method == "POST":
        bound = f.get(action)
        if bound is None:
            messages.error(request, UNKNOWN_ACTION)
            status = 400
        elif bound.is_valid():
            d = bound.cleaned_data
            try:
                if action == "original":
                    row = services.set_original(actor=request.user, function=d["function"], year=d["year"],
                                                amount=d["amount"])
                    done = f"Det oprindelige budget for {row.function.account} i {row.year} er gemt."
                else:
                    supplement = services.add_supplement(actor=request.user, **d)
                    row = supplement
                    done = f"Tillægsbevillingen på {row.function.account} i {row.year} er gemt."
            except ValidationError as exc:
                add_service_errors(bound, exc)
                status = 400
            else:
                messages.success(request, done)
                return redirect(f"{reverse('budget_followup')}?aar={row.year}")
        else:
            status = 400
    supplements = Supplement.objects.filter(municipality_id=m, year=year).select_related("function", "created_by")
    return render(request, "budget/appropriations.html", {
        "f": f, "year": year, "years": selectors.years(request.user), "supplements": supplements,
        "action": action}, status=status)


def actuals(request):
    services.require_manager(request.user)
    year = _year(request)
    m = _municipality(request)
    action = request.POST.get("action", "")
    f = {"actual": _bound(request, action, "actual", forms.ActualForm, municipality_id=m, year=year),
         "import": _bound(request, action, "import", forms.ImportForm)}
    status, report = 200, None
    if request.method == "POST":
        bound = f.get(action)
        if bound is None:
            messages.error(request, UNKNOWN_ACTION)
            status = 400
        elif bound.is_valid():
            d = bound.cleaned_data
            if action == "actual":
                try:
                    row = services.record_actual(actor=request.user, **d)
                except ValidationError as exc:
                    add_service_errors(bound, exc)
                    status = 400
                else:
                    messages.success(request, f"Forbruget for {row.function.account} er gemt.")
                    return redirect(f"{reverse('budget_followup')}?aar={row.year}")
            else:
                upload = d["file"]
                report = services.import_actuals(actor=request.user, filename=upload.name,
                                                 content=upload.read(services.MAX_IMPORT_BYTES + 1),
                                                 replace=d["replace"])
                if report.ok:
                    messages.success(request, f"{report.rows} rækker er importeret"
                                              + (f", heraf {len(report.already)} erstattede måneder." if report.already
                                                 else "."))
                    return redirect(f"{reverse('budget_followup')}?aar={year}")
                status = 400
        else:
            status = 400
    months = ActualSpend.objects.filter(municipality_id=m, year=year).select_related("function", "source")
    table: dict = {}
    for row in months:
        table.setdefault(row.function, {})[row.month] = row.amount
    grid = [(function, [by_month.get(i) for i in range(1, 13)]) for function, by_month in
            sorted(table.items(), key=lambda kv: (kv[0].code, kv[0].grouping))]
    return render(request, "budget/actuals.html", {
        "f": f, "year": year, "years": selectors.years(request.user), "report": report, "grid": grid,
        "month_names": [name[:3] for name in services.MONTHS], "action": action}, status=status)


def explanation(request, function_id: int, year: int):
    services.require_manager(request.user)
    if not 2000 <= year <= 2100:
        raise Http404
    function = get_object_or_404(AccountFunction, pk=function_id, municipality_id=_municipality(request))
    current = function.explanations.filter(year=year).first()
    form = forms.ExplanationForm(request.POST or None, initial={
        "text": current.text if current else "", "version": current.version if current else None})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.set_explanation(actor=request.user, function=function, year=year,
                                         text=form.cleaned_data["text"], version=form.cleaned_data["version"])
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, f"Forklaringen for {function.account} er gemt.")
                return redirect(f"{reverse('budget_followup')}?aar={year}")
        else:
            status = 400
    return render(request, "budget/explanation.html", {"form": form, "function": function, "year": year},
                  status=status)


def setup(request):
    services.require_manager(request.user)
    year = _year(request)
    m = _municipality(request)
    offers_qs = Offer.objects.available_to(principal_of(request.user).municipality).order_by("name")
    action = request.POST.get("action", "")
    f = {"standard": _bound(request, action, "standard", forms.StandardChartForm),
         "function": _bound(request, action, "function", forms.AddFunctionForm),
         "mapping": _bound(request, action, "mapping", forms.MappingForm, municipality_id=m, year=year,
                           offers=offers_qs),
         "price": _bound(request, action, "price", forms.PriceForm, offers=offers_qs)}
    f["standard"].fields["first_year"].initial = year
    f["function"].fields["first_year"].initial = year
    status = 200
    if request.method == "POST":
        bound = f.get(action)
        if bound is None:
            messages.error(request, UNKNOWN_ACTION)
            status = 400
        elif bound.is_valid():
            try:
                done = _setup_act(request.user, action, bound.cleaned_data)
            except ValidationError as exc:
                add_service_errors(bound, exc)
                status = 400
            else:
                messages.success(request, done)
                return redirect(f"{reverse('budget_setup')}?aar={year}")
        else:
            status = 400
    functions = AccountFunction.objects.filter(municipality_id=m)
    mappings = {fm.offer_id: fm.function for fm in
                FunctionMapping.objects.filter(municipality_id=m, year=year).select_related("function")}
    prices = OfferPrice.objects.filter(municipality_id=m).select_related("offer").order_by("offer__name",
                                                                                           "valid_from")
    offer_rows = [(o, mappings.get(o.pk)) for o in offers_qs]
    purchased_function = mappings.get(None)
    return render(request, "budget/setup.html", {
        "f": f, "year": year, "years": selectors.years(request.user), "functions": functions,
        "offer_rows": offer_rows, "purchased_function": purchased_function, "prices": prices,
        "action": action}, status=status)


def _setup_act(user, action: str, d: dict) -> str:
    if action == "standard":
        added = services.load_standard_chart(actor=user, first_year=d["first_year"])
        return f"{added} funktioner er tilføjet kontoplanen."
    if action == "function":
        row = services.add_function(actor=user, **d)
        return f"Funktionen {row.account} er tilføjet."
    if action == "mapping":
        row = services.set_mapping(actor=user, **d)
        return f"{row.offer or 'Købte pladser uden tilbud'} konteres på {row.function.account} i {row.year}."
    row = services.set_price(actor=user, **d)
    return f"Taksten for {row.offer} fra {row.valid_from:%d-%m-%Y} er gemt."
