"""Demo: what relatives were told — for relatives with a consent in force, a few disclosures by the
citizen's coordinator (who knows the citizen), each under consents the relative had on that day. Bulk
inserts, deterministic."""

import datetime

from tovholder.demo.steps import DemoContext, step

from .models import Consent, Disclosure

WHAT = {
    "general": ["Orienteret om, at støtten fortsætter med to besøg om ugen.",
                "Fortalt hvem der er kontaktperson, og hvordan hun kan kontaktes."],
    "plan": ["Gennemgået målene i planen: egen bolig og at komme i gang med uddannelse.",
             "Fortalt om den næste opfølgning på planen."],
    "health": ["Orienteret om, at borgeren er i behandling i distriktspsykiatrien."],
    "contact": ["Kontaktet, da borgeren ikke åbnede til aftalt besøg."],
    "meetings": ["Inviteret til netværksmøde."],
}


@step(order=98)
def relatives_told(ctx: DemoContext) -> None:
    rng, today, m = ctx.rng, ctx.today, ctx.municipality
    consents = list(Consent.objects.filter(municipality=m, withdrawn_on__isnull=True,
                                           citizen__coordinator__isnull=False)
                    .select_related("relative", "citizen").order_by("pk"))
    by_relative: dict[int, list[Consent]] = {}
    for c in consents:
        by_relative.setdefault(c.relative_id, []).append(c)
    rows = []
    for relative_id, held in sorted(by_relative.items()):
        if rng.random() > 0.25:
            continue
        first = held[0]
        for _ in range(rng.randint(1, 3)):
            earliest = max(c.given_on for c in held)
            span = max((today - earliest).days, 0)
            told_on = earliest + datetime.timedelta(days=rng.randint(0, span))
            scopes = sorted({c.scope for c in rng.sample(held, rng.randint(1, len(held)))})
            rows.append(Disclosure(municipality=m, citizen=first.citizen, relative_id=relative_id, told_on=told_on,
                                   told_by_id=first.citizen.coordinator_id,
                                   channel=rng.choice(Disclosure.Channel.values), scopes=scopes,
                                   what=" ".join(rng.choice(WHAT[s]) for s in scopes)))
    Disclosure.objects.bulk_create(rows)
