"""The demo's action plan (Ballerup): the psychiatry policy's seven focus areas (seed 003), efforts under
every one with goals on live indicators or entered values, a status history over the last two years,
and a login for a member of the psychiatry council (`psykiatriraad`), who reads it."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tovholder.accounts.models import StaffProfile, Unit
from tovholder.demo.steps import DemoContext, step

from . import indicators
from .models import Direction, Effort, FocusArea, GoalStatus, PolicyGoal, Status
from .policy import FOCUS_AREAS

D = datetime.date
# focus area -> efforts: (title, owner unit, start, end, description, goals: (text, indicator, target, direction,
# unit of a manual value, the manual value's path from the first status to the last))
EFFORTS = {
    "6.1": [("Fast udskrivningskoordinering med Psykiatrisk Center Ballerup", "Social Vejledning", D(2017, 1, 1), None,
             "Udskrivningskonferencer og en fast kontakt i kommunen for behandlingspsykiatrien og de praktiserende "
             "læger.",
             [("Udskrivningskonference ved indlæggelser over 7 dage", "manual", "80", Direction.AT_LEAST, "%",
               (45, 82))])],
    "6.2": [("Én plan og én tovholder for hver borger", "SKP-teamet", D(2017, 1, 1), None,
             "Borgeren har én samlet plan og én tovholder på tværs af enhederne; kortere venteliste.",
             [("Ventelisten er højst 10 borgere", "waitlist", "10", Direction.AT_MOST, "", None)])],
    "6.3": [("Pårørendekurser og netværksgrupper", "Støberiet", D(2018, 1, 1), None,
             "Kurser for pårørende og grupper, der bygger netværk, sammen med SIND og de frivillige foreninger.",
             [("Pårørendekurser pr. år", "manual", "2", Direction.AT_LEAST, "kurser", (0, 2))])],
    "6.4": [("Tidlig indsats for unge 18–30 år", "Ballerup Ungeindsats", D(2017, 1, 1), None,
             "Flere unge fanges tidligt; mentorforløb med uddannelse eller job som mål (udviklingsplanen: de unge "
             "var 16 % af brugerne i 2008 og 25–30 % i 2012).",
             [("Mindst 25 % af årets nye borgere er 18–30 år", "young_share", "25", Direction.AT_LEAST, "", None)])],
    "6.5": [("Sund kost, motion og helbredssamtale i tilbuddene", "Støberiet", D(2019, 1, 1), None,
             "Fællesspisning, motion og råd om at komme til egen læge for at blive udredt for somatisk sygdom.",
             [("Andel borgere, der har fået tilbudt en helbredssamtale", "manual", "75", Direction.AT_LEAST, "%",
               (30, 68))])],
    "6.6": [("Samarbejde med boligafdelingerne", "Skolehaven", D(2018, 1, 1), None,
             "Faste aftaler med boligafdelingerne om, hvem de kan henvende sig til, og en hurtig indsats.",
             [("Boligafdelinger med en samarbejdsaftale", "manual", "6", Direction.AT_LEAST, "afdelinger",
               (2, 5))])],
    "6.7": [("14 gruppeforløb i Sundhedshuset 2017–19", "SKP-teamet", D(2017, 1, 1), D(2019, 12, 31),
             "Budgetforliget 2016: gruppeforløb i Sundhedshuset, fem om året.",
             [("Mindst 5 gruppeforløb begyndt i året", "group_courses", "5", Direction.AT_LEAST, "", None)]),
            ("Støberiets åbningstider tilbage på det tidligere niveau", "Støberiet", D(2017, 1, 1), None,
             "Budgetforliget 2016: åbningstiderne vender tilbage, og brugerne inddrages i aktiviteterne.",
             [("Mindst 30 åbningstimer om ugen", "dropin_hours", "30", Direction.AT_LEAST, "", None)])],
}
COMMENTS = {
    Status.ON_TRACK: ["Følger planen.", "Målet er nået eller nås som planlagt.", "Godt i gang; ingen afvigelser."],
    Status.AT_RISK: ["Forsinket; følges tæt i næste kvartal.", "Tæt på målet, men usikkert.",
                     "Afhænger af nyansættelser."],
    Status.OFF_TRACK: ["Langt fra målet; ny plan drøftes i ledergruppen.", "Ikke begyndt som planlagt."],
}
ENTRIES = 6  # a status a quarter, the last six quarters


def _status(value: Decimal | None, target: Decimal, direction: str) -> str:
    if value is None:
        return Status.AT_RISK
    gap = (value - target) if direction == Direction.AT_LEAST else (target - value)
    if gap >= 0:
        return Status.ON_TRACK
    return Status.AT_RISK if abs(gap) <= abs(target) * Decimal("0.25") else Status.OFF_TRACK


@step(order=93)
def action_plan(ctx: DemoContext) -> None:
    if ctx.municipality.code != "151" or not ctx.managers:
        return
    author = next((u for u in ctx.managers if u.username == "leder"), ctx.managers[0])
    areas = {code: FocusArea.objects.create(municipality=ctx.municipality, code=code, name=name)
             for code, name in FOCUS_AREAS}
    statuses = []
    for code, efforts in EFFORTS.items():
        for title, unit_name, start, end, description, goals in efforts:
            effort = Effort.objects.create(municipality=ctx.municipality, focus_area=areas[code], title=title,
                                           description=description, owner_unit=ctx.units[unit_name], owner=author,
                                           starts_on=start, ends_on=end, created_by=author)
            for text, key, target, direction, unit, path in goals:
                goal = PolicyGoal.objects.create(municipality=ctx.municipality, effort=effort, text=text,
                                                 indicator=key, target=Decimal(target), direction=direction,
                                                 manual_unit=unit, created_by=author)
                statuses += _history(ctx, goal, path, author)
    GoalStatus.objects.bulk_create(statuses)
    _council_member(ctx, author)


def _history(ctx: DemoContext, goal: PolicyGoal, path, author) -> list[GoalStatus]:
    out = []
    last_value = None
    last = min(ctx.today, goal.effort.ends_on or ctx.today)  # an effort that ended: its last quarters
    days = [last - datetime.timedelta(days=91 * (ENTRIES - 1 - i)) for i in range(ENTRIES)]
    days = [d for d in days if d >= goal.effort.starts_on]
    indicator = indicators.get(goal.indicator)
    for i, day in enumerate(days):
        group = None
        if path is not None:
            low, high = path
            value = Decimal(low + (high - low) * i / max(len(days) - 1, 1)).quantize(Decimal("1"))
        else:
            assert indicator is not None
            reading = indicator.read(ctx.municipality.pk, day)
            value, group = reading.value, reading.group
        status = _status(value, goal.target, goal.direction)
        out.append(GoalStatus(municipality=ctx.municipality, goal=goal, status=status, on=day,
                              comment=ctx.rng.choice(COMMENTS[status]), value=value, group_size=group,
                              recorded_by=author))
        last_value = value
    if path is not None and last_value is not None:
        goal.manual_value, goal.manual_on = last_value, days[-1]
        goal.save(update_fields=["manual_value", "manual_on"])
    return out


def _council_member(ctx: DemoContext, author) -> None:
    """A member of the psychiatry council: reads the action plan; no unit, so no citizens."""
    user = get_user_model().objects.create(username="psykiatriraad", password=author.password,
                                           first_name=ctx.fake.first_name(), last_name=ctx.fake.last_name(),
                                           email="psykiatriraad@demo.invalid")
    user.groups.add(Group.objects.get(name="Psykiatriråd"))
    StaffProfile.objects.create(user=user, municipality=ctx.municipality, fte=0,
                                title="Medlem af Psykiatrirådet")
    assert not Unit.objects.filter(staff__user=user).exists()
