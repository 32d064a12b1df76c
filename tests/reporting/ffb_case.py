# ruff: noqa: E501
"""The worked case of issue 19, built through the services, day by day: assessment → target groups → two
efforts with services and goals → change of a service → follow-ups → closing."""

import datetime
from decimal import Decimal

from tovholder.offers import ffb
from tovholder.plans import services as plans
from tovholder.plans.models import GOAL_TYPE_DEVELOP, GOAL_TYPE_MAINTAIN
from tovholder.visitation import services

TODAY = datetime.date.today


def day(n: int) -> datetime.date:
    """Day 1 … 7 of the worked case (day 7 is yesterday)."""
    return TODAY() - datetime.timedelta(days=8 - n)


def code(category: str, n: int = 0) -> str:
    return ffb.leaves(category)[n].code


def activity(n: int = 0) -> str:
    return sorted(c.code for c in ffb.under("Aktivitet og deltagelse") if len(c.path) >= 3)[n]


def function(n: int = 0) -> str:
    return sorted(c.code for c in ffb.under("Funktioner og forhold") if len(c.path) >= 3)[n]


def status(starts: str) -> str:
    return next(c.code for c in ffb.under("Status på indsats") if c.display.startswith(starts))


def support_need(name: str) -> str:
    return next(c.code for c in ffb.under("Støttebehovsniveau") if c.display == name)


class WorkedCase:
    def __init__(self, world, sw):
        self.world, self.sw = world, sw
        for offer, n in ((sw.skp, 0), (sw.komp, 1)):
            offer.ffb_offer_type = code("Tilbud", n)
            offer.save(update_fields=["ffb_offer_type"])

    def day1_assessment(self):
        w = self.world
        self.case = services.open_case(actor=w.caseworker, citizen=w.casey, opened_on=day(1), number="S-2026-19")
        self.assessment = services.record_assessment(
            actor=w.caseworker, case=self.case, assessed_on=day(1), support_need=support_need("Moderat støttebehov"),
            summary="Borgeren fortæller om en svær tid.",
            scores=[{"condition": activity(0), "functional_level": 3, "note": "Fri tekst, som ikke må med"},
                    {"condition": activity(1), "functional_level": 2},
                    {"condition": function(0), "functional_level": 2}])  # a level where FFB has none

    def day2_target_groups(self):
        self.case.refresh_from_db()
        self.case = services.record_target_groups(actor=self.world.caseworker, case=self.case,
                                                  version=self.case.version, primary=code("Målgruppe", 0),
                                                  others=[code("Målgruppe", 1)])

    def day3_efforts(self):
        w = self.world
        self.efforts = []
        for offer, svc in ((self.sw.skp, [code("Ydelse", 0), code("Ydelse", 1)]), (self.sw.komp, [code("Ydelse", 2)])):
            d = services.request_offer(actor=w.caseworker, case=self.case, offer=offer, requested_on=day(3))
            d = services.grant(actor=w.caseworker, decision=d, version=d.version, decided_on=day(3), start_on=day(3),
                               review_on=day(3) + datetime.timedelta(days=90), hours_per_week=Decimal(2),
                               services=svc, reasons="Borgeren har brug for støtte til at klare hverdagen.")
            d = services.activate_grant(actor=w.caseworker, decision=d, on=day(3))
            self.efforts.append(d)
        self.goals = [
            plans.add_goal(actor=w.caseworker, citizen=w.casey, text="Jeg vil selv købe ind", goal_type=GOAL_TYPE_DEVELOP,
                           condition=activity(0), secondary_conditions=[activity(1)], start_level=3, target_level=1,
                           next_follow_up_on=day(3) + datetime.timedelta(days=60), decision=self.efforts[0],
                           created_on=day(3)),
            plans.add_goal(actor=w.caseworker, citizen=w.casey, text="Holde fast i min hverdag",
                           goal_type=GOAL_TYPE_MAINTAIN, condition=activity(1), target_level=2,
                           next_follow_up_on=day(3) + datetime.timedelta(days=60), decision=self.efforts[1],
                           created_on=day(3)),
        ]

    def day5_service_change(self):
        d = self.efforts[0]
        d.refresh_from_db()
        services.change_services(actor=self.world.caseworker, decision=d, version=d.version, starts_on=day(5),
                                 services=[code("Ydelse", 1), code("Ydelse", 3)],
                                 reason="Borgeren skifter fra den ene ydelse til en anden.")

    def day6_follow_ups(self):
        self.follow_ups = []
        for d in self.efforts:
            d.refresh_from_db()
            self.follow_ups.append(services.follow_up_effort(
                actor=self.world.caseworker, decision=d, held_on=day(6), status=status("Træf afgørelse om fortsættelse"),
                note="Det går godt, fortæller borgeren.", next_on=day(6) + datetime.timedelta(days=120)))

    def day7_closing(self):
        w = self.world
        for d in self.efforts:
            d.refresh_from_db()
            services.decide_end(actor=w.caseworker, decision=d, on=day(7), decided_on=day(7),
                                reasons="Borgeren klarer sig nu selv, og målene er nået.")
        self.case.refresh_from_db()
        services.close_case(actor=w.caseworker, case=self.case, version=self.case.version, on=day(7),
                            reason="Alle indsatser er afsluttet.")
