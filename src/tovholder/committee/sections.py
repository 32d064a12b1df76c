"""The committee report's sections, put together from the apps that own the numbers: the budget
follow-up's table and explanations (`budget.selectors`, never recomputed here), the figures' snapshots
(`figures.selectors`), the expensive cases without a name, the staffing plan against the actual staff, and
the action plan's goals. Every section is a set of tables of plain strings in Danish formats, so the
stored report does not change when the data behind it does.

Nothing personal leaves here: the cases are numbered ("Sag 1"), and a count of fewer than five citizens
is written "under 5" (as the figures' downloads and the action plan outside need to know do)."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import formats as django_formats

from tovholder.accounts.principals import Actor
from tovholder.actionplan import selectors as actionplan
from tovholder.actionplan.models import Status
from tovholder.budget import calc
from tovholder.budget import selectors as budget
from tovholder.figures import selectors as figures
from tovholder.figures.catalogue import BAND_LABELS, YOUNG
from tovholder.layout import formats
from tovholder.offers.models import Offer
from tovholder.staffing import selectors as staffing

MIN_GROUP = figures.MIN_GROUP
SUPPRESSED = figures.SUPPRESSED
EXPENSIVE_THRESHOLD = budget.DEFAULT_THRESHOLD
ECONOMY_HEADER = ["Funktion", "Oprindeligt budget", "Tillægsbevillinger", "Korrigeret budget", "Forbrug til dato",
                  "Disponeret resten af året", "Forventet regnskab", "Forventet afvigelse"]
NO_STATUS = "Ingen status endnu"


def kr(value: Decimal | None) -> str:
    """Whole kroner, as the budget follow-up shows them."""
    return "–" if value is None else formats.number(calc.rounded(Decimal(value), "1"), 0)


def count(value) -> str:
    """A count of citizens: fewer than five (but some) is written "under 5"."""
    if value is None:
        return "–"
    if 0 < value < MIN_GROUP:
        return SUPPRESSED
    return formats.number(value, 0)


def table(caption: str, header: list[str], rows: list[list[str]], foot: list[str] | None = None) -> dict:
    return {"caption": caption, "header": header, "rows": rows, "foot": foot or []}


def chart(title: str, categories: list[str], series: list[tuple[str, list]], t: dict) -> dict | None:
    """A chart as the report stores it (ADR 0011, drawn by `committee.document.charts_of`): the numbers it draws
    (a count under five is None: not drawn) and the table of the same numbers as the report writes them. None
    when there is nothing to draw."""
    if not categories:
        return None
    return {"title": title, "categories": categories,
            "series": [{"name": name, "values": [None if v is None else float(v) for v in values]}
                       for name, values in series], "table": t}


def drawn(value) -> int | None:
    """A count as a chart draws it: a group under five is not drawn (its table says "under 5")."""
    if value is None or 0 < value < MIN_GROUP:
        return None
    return int(value)


def deviation_word(value: Decimal) -> str:
    return "mindreforbrug" if value > 0 else "merforbrug" if value < 0 else "i balance"


# --- Økonomi ----------------------------------------------------------------------------------------------------

def economy_rows(data: budget.FollowUp) -> tuple[list[list[str]], list[str]]:
    """The follow-up's lines as the report shows them (the same columns and the same rounding as the page)."""
    rows = [[f"{line.function.account} {line.function.title}", kr(line.original), kr(line.supplement_total),
             kr(line.corrected), kr(line.actual), kr(line.committed), kr(line.expected), kr(line.deviation)]
            for line in data.lines]
    t = data.totals
    foot = ["I alt", kr(t["original"]), kr(t["supplement_total"]), kr(t["corrected"]), kr(t["actual"]),
            kr(t["committed"]), kr(t["expected"]), kr(t["deviation"])]
    return rows, foot


def economy(user: Actor, date_from: datetime.date, date_to: datetime.date) -> dict:
    year = date_to.year
    data = budget.follow_up(user, year)
    rows, foot = economy_rows(data)
    explanations = [[line.function.account, line.explanation.text] for line in data.lines if line.explanation]
    deviating = [{"account": line.function.account, "title": line.function.title, "deviation": kr(line.deviation),
                  "offers": line.offers, "over": kr(-line.deviation)}
                 for line in data.lines if line.deviation < 0]
    whole = [(line, calc.rounded(Decimal(line.corrected), "1"), calc.rounded(Decimal(line.expected), "1"))
             for line in data.lines]
    labels = [f"{line.function.account} {line.function.title}" for line in data.lines]
    eco_chart = chart(f"Korrigeret budget og forventet regnskab pr. funktion, {year} (kr.)", labels,
                      [("Korrigeret budget", [c for _, c, _ in whole]),
                       ("Forventet regnskab", [e for _, _, e in whole])],
                      table(f"Tallene i figuren: korrigeret budget og forventet regnskab, {year} (kr.)",
                            ["Funktion", "Korrigeret budget", "Forventet regnskab", "Forventet afvigelse"],
                            [[label, kr(line.corrected), kr(line.expected), kr(line.deviation)]
                             for label, (line, _, _) in zip(labels, whole, strict=True)]))
    return {"year": year, "chart": eco_chart,
            "table": table(f"Budgetopfølgning pr. funktion, {year} (kr.)", ECONOMY_HEADER, rows, foot),
            "explanations": explanations, "deviating": deviating,
            "deviation_total": kr(data.totals["deviation"]),
            "deviation_word": deviation_word(data.totals["deviation"])}


# --- Aktivitet --------------------------------------------------------------------------------------------------

ACTIVITY_FIGURES = [("waitlist", "På venteliste (ved periodens slutning)"),
                    ("waitlist_started", "Startet fra venteliste"),
                    ("inflow", "Henvendelser (tilgang)"),
                    ("outflow", "Afsluttede forløb (afgang)"),
                    ("deadline_met", "Afgjort inden sagsbehandlingsfristen"),
                    ("deadline_missed", "Afgjort efter sagsbehandlingsfristen"),
                    ("deadline_overdue", "Uafgjort efter fristen (ved periodens slutning)")]


def _recipients(user: Actor, year: int) -> dict:
    data = budget.by_offer(user, year)
    paragraphs = dict(Offer.objects.filter(pk__in=[line.offer_id for line in data.lines])
                      .values_list("pk", "legal_basis__paragraph"))
    recipients: dict[str, int] = defaultdict(int)
    fyp: dict[str, Decimal] = defaultdict(Decimal)
    for line in data.lines:
        key = paragraphs.get(line.offer_id) or "Uden paragraf"
        recipients[key] += line.recipients
        fyp[key] += line.full_year_persons
    rows = []
    for key in sorted(recipients, key=lambda k: (k == "Uden paragraf", k)):
        small = 0 < recipients[key] < MIN_GROUP
        rows.append([key, count(recipients[key]), "–" if small else formats.number(round(fyp[key], 1), 1)])
    return table(f"Modtagere pr. paragraf, {year} (en borger i to tilbud tælles under hvert)",
                 ["Paragraf", "Modtagere i året", "Helårspersoner"], rows,
                 ["Alle (hver borger én gang)", count(data.recipients),
                  formats.number(round(data.full_year_persons, 1), 1)])


def _percent(part: Decimal | None, whole: Decimal | None) -> str:
    if not part or not whole:
        return "–"
    return f"{formats.number(Decimal(100) * part / whole, 0)} %"


def _months(date_from: datetime.date, date_to: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The period's months (the first and the last cut to the period)."""
    out, start = [], date_from
    while start <= date_to:
        nxt = (start.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        out.append((start, min(nxt - datetime.timedelta(days=1), date_to)))
        start = nxt
    return out


def waitlist_chart(user: Actor, date_from: datetime.date, date_to: datetime.date) -> dict | None:
    """The waitlist per offer over the period: at the end of each month of the period (the last day with
    snapshots in it) and at the same day last year. The chart draws last year, the first and the last month
    with snapshots; the table has every month."""
    months = _months(date_from, date_to)
    views = [figures.figure_view(user, "waitlist", figures.Period(m0, m1)) for m0, m1 in months]
    offers = sorted({line.label for v in views for line in v.lines} | {line.label for line in views[-1].lines})
    per_month = [{line.label: line.now for line in v.lines} for v in views]
    before = {line.label: line.before for line in views[-1].lines}
    heads = [f"Ultimo {django_formats.date_format(m1, 'F Y')}" for _, m1 in months]
    last = views[-1].as_of_before
    before_head = f"Samme tid sidste år ({formats.day(last)})" if last else "Samme tid sidste år"
    rows = [[o, *(count(m.get(o) or 0) if v.as_of else "–" for m, v in zip(per_month, views, strict=True)),
             count(before.get(o) or 0) if last else "–"] for o in offers]
    known = [i for i, v in enumerate(views) if v.as_of]  # the months with snapshots: the first and the last drawn
    series = [(before_head, [drawn(before.get(o) or 0) if last else None for o in offers])]
    for i in sorted({known[0], known[-1]}) if known else []:
        series.append((heads[i], [drawn(per_month[i].get(o) or 0) for o in offers]))
    return chart("Venteliste pr. tilbud i perioden (borgere)", offers, series,
                 table("Tallene i figuren: på venteliste pr. tilbud ved hver måneds slutning",
                       ["Tilbud", *heads, before_head], rows))


def age_chart(inflow: "figures.FigureView") -> dict | None:
    """Inflow by age group in the period and the same period last year, with the share aged 18–30 of those
    with a known age (the seeds' 16 % → 25–30 %)."""
    bands = dict(inflow.split()).get(figures.DIM_HEADERS["band"], []) if "band" in inflow.fig.by else []
    if not bands:
        return None
    order = list(BAND_LABELS.values())
    bands = sorted(bands, key=lambda line: (order.index(line.label) if line.label in order else len(order),
                                            line.label))
    unknown = BAND_LABELS[""]
    young = BAND_LABELS[YOUNG]

    def share(pick) -> str:
        known = [pick(line) or 0 for line in bands if line.label != unknown]
        part = sum((pick(line) or 0 for line in bands if line.label == young), Decimal(0))
        rest = sum(known, Decimal(0)) - part
        if any(0 < n < MIN_GROUP for n in (part, rest)):
            return SUPPRESSED
        return _percent(part, sum(known, Decimal(0))) if part else "–"

    rows = [[line.label, count(line.now), count(line.before)] for line in bands]
    rows.append([f"Andel {young} af dem med kendt alder", share(lambda x: x.now), share(lambda x: x.before)])
    return chart("Henvendelser efter alder (tilgang)", [line.label for line in bands],
                 [("Samme periode sidste år", [drawn(line.before) for line in bands]),
                  ("Perioden", [drawn(line.now) for line in bands])],
                 table("Tallene i figuren: henvendelser efter alder",
                       ["Aldersgruppe", "Perioden", "Samme periode sidste år"], rows))


def activity(user: Actor, date_from: datetime.date, date_to: datetime.date) -> dict:
    period = figures.Period(date_from, date_to)
    views = {key: figures.figure_view(user, key, period) for key, _ in ACTIVITY_FIGURES}
    views["waitlist_wait_days"] = figures.figure_view(user, "waitlist_wait_days", period)
    rows = []
    for key, label in ACTIVITY_FIGURES:
        v = views[key]
        rows.append([label, count(v.total), count(v.total_before)])
    met, missed = views["deadline_met"], views["deadline_missed"]
    rows.append(["Andel afgjort inden fristen", _percent(met.total, (met.total or 0) + (missed.total or 0)),
                 _percent(met.total_before, (met.total_before or 0) + (missed.total_before or 0))])
    started, days = views["waitlist_started"], views["waitlist_wait_days"]

    def wait(d, s):
        small = s is not None and 0 < s < MIN_GROUP
        return "–" if not s or d is None or small else f"{formats.number(d / s, 0)} dage"

    rows.append(["Gennemsnitlig ventetid for dem, der startede", wait(days.total, started.total),
                 wait(days.total_before, started.total_before)])
    outflow = views["outflow"]
    reasons = outflow.split()[1][1] if len(outflow.fig.by) > 1 else []
    reason_rows = [[line.label, count(line.now), count(line.before)] for line in reasons]
    return {
        "figures": table(f"Aktivitet {formats.day(date_from)} – {formats.day(date_to)} og samme periode sidste år",
                         ["Tal", "Perioden", "Samme periode sidste år"], rows),
        "reasons": table("Afsluttede forløb efter årsag", ["Årsag", "Perioden", "Samme periode sidste år"],
                         reason_rows),
        "recipients": _recipients(user, date_to.year),
        "waitlist_chart": waitlist_chart(user, date_from, date_to),
        "age_chart": age_chart(views["inflow"]),
    }


# --- Dyre enkeltsager -------------------------------------------------------------------------------------------

def expensive(user: Actor, date_from: datetime.date, date_to: datetime.date) -> dict:
    year = date_to.year
    cases = budget.expensive_cases(user, year, threshold=EXPENSIVE_THRESHOLD, named=False)
    paragraphs = dict(Offer.objects.filter(pk__in={o for c in cases for o in c.offer_ids})
                      .values_list("pk", "legal_basis__paragraph"))
    rows = []
    for case in cases:
        found = sorted({paragraphs.get(o) or "uden paragraf" for o in case.offer_ids}) or ["købt plads uden tilbud"]
        rows.append([f"Sag {case.rank}", ", ".join(found), "Ja" if case.purchased else "Nej", kr(case.cost)])
    return {"threshold": kr(EXPENSIVE_THRESHOLD),
            "table": table(f"Enkeltsager over {kr(EXPENSIVE_THRESHOLD)} kr. i {year}, uden navn",
                           ["Sag", "Paragraf", "Købt plads", "Udgift i året (kr.)"], rows)}


# --- Normering --------------------------------------------------------------------------------------------------

def normering(user: Actor, date_from: datetime.date, date_to: datetime.date) -> dict:
    ov = staffing.overview(user, today=date_to)
    year = date_to.year
    if year not in ov.years:
        return {"table": table(f"Normering {year}", ["Enhed", "Planlagt (årsværk)", "Faktisk (årsværk)",
                                                     "Forskel (årsværk)"], [])}
    i = ov.years.index(year)

    def fte(v: Decimal | None) -> str:
        return "–" if v is None else formats.number(v, 2)

    rows = [[r.unit.name, fte(r.years[i].planned), fte(r.years[i].actual), fte(r.years[i].vacancy)]
            for r in ov.rows]
    total = ov.totals[i]
    return {"table": table(f"Normering {year}: plan og faktisk bemanding (gennemsnit til {formats.day(date_to)})",
                           ["Enhed", "Planlagt (årsværk)", "Faktisk (årsværk)", "Forskel (årsværk)"], rows,
                           ["I alt", fte(total.planned), fte(total.actual), fte(total.vacancy)])}


# --- Handleplanens status ---------------------------------------------------------------------------------------

def action_plan(user: Actor, date_from: datetime.date, date_to: datetime.date) -> dict:
    p = actionplan.plan(user, today=date_to)
    rows = []
    counts = {label: 0 for _v, label in Status.choices} | {NO_STATUS: 0}
    for a in p.areas:
        for e in a.efforts:
            for g in e.goals:
                status = g.latest.get_status_display() if g.latest else NO_STATUS
                counts[status] += 1
                value = SUPPRESSED if g.reading.suppressed else (
                    "–" if g.reading.value is None else f"{formats.number(g.reading.value)} {g.unit}".strip())
                rows.append([f"{a.area.name}: {e.effort.title}", g.goal.text,
                             f"{formats.number(g.goal.target)} {g.unit}".strip(), value, status])
    return {"table": table("Handleplanens mål og status", ["Indsats", "Mål", "Målværdi", "Værdi nu", "Status"],
                           rows),
            "counts": table("Målene efter status", ["Status", "Mål"],
                            [[label, formats.number(n, 0)] for label, n in counts.items()])}


# --- the generated texts ----------------------------------------------------------------------------------------

def options_text(eco: dict) -> str:
    """Handlemuligheder: one paragraph per function with a forecast overspend (the manager edits them)."""
    if not eco["deviating"]:
        return "Der forventes ikke merforbrug på nogen funktion. Forvaltningen foreslår ingen særlige tiltag."
    parts = []
    for d in eco["deviating"]:
        offers = f" (tilbud: {', '.join(d['offers'])})" if d["offers"] else ""
        parts.append(f"{d['account']} {d['title']}{offers}: forventet merforbrug på {d['over']} kr. Mulige "
                     "handlinger: at søge en tillægsbevilling, at omprioritere inden for rammen, at gennemgå "
                     "nye bevillinger og revisitere de dyreste forløb, eller at hjemtage købte pladser til "
                     "kommunens egne tilbud.")
    return "\n\n".join(parts)


def recommendation_text(date_from: datetime.date, date_to: datetime.date) -> str:
    return (f"Forvaltningen indstiller, at Social- og Sundhedsudvalget tager orienteringen om "
            f"socialpsykiatrien for perioden {formats.day(date_from)} – {formats.day(date_to)} til efterretning.")


def summary_text(eco: dict, date_from: datetime.date, date_to: datetime.date) -> str:
    return (f"Sagen giver udvalget status for socialpsykiatrien fra {formats.day(date_from)} til "
            f"{formats.day(date_to)}: økonomien, aktiviteten, de dyre enkeltsager, normeringen og "
            f"handleplanens mål. For {eco['year']} forventes et samlet {eco['deviation_word']} på "
            f"{eco['deviation_total'].lstrip('-')} kr.")


def economy_note_text(eco: dict) -> str:
    return "\n".join(f"{account}: {text}" for account, text in eco["explanations"])


# the steps of a report, in order (the task writes its progress after each)
STEPS = [("economy", economy), ("activity", activity), ("expensive", expensive), ("staffing", normering),
         ("actionplan", action_plan)]
