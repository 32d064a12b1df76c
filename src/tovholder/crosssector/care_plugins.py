"""What care messages, discharge agreements and the coordinated plan plug in: the menu entry (the team
inbox), a section on the citizen overview (threads and agreements, one query each) and the coordinated
plan on the citizen's plan page (plans' section registry: crosssector sits above plans)."""

from django.urls import reverse
from django.utils import timezone

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import TimelineItem
from tovholder.layout import menu
from tovholder.plans import sections as plan_sections

from .care_selectors import plan_section
from .messages import PERM
from .models import CareThread

menu.add(label="Korrespondance", url_name="care_inbox", order=45, perms=(PERM,),
         current=("care_inbox", "care_thread", "citizen_care", "care_message_new", "discharge_agreement",
                  "discharge_agreement_new", "discharge_agreement_revise", "coordinated_plan",
                  "coordinated_plan_edit"))


@section(key="korrespondance", title="Korrespondance og aftaler", template="crosssector/care_section.html", order=58)
def care_section(user, citizen) -> dict:
    threads = list(CareThread.objects.filter(municipality_id=citizen.municipality_id, citizen=citizen)
                   .select_related("partner").order_by("-last_at", "-pk")[:5])
    items = [TimelineItem(timezone.localdate(t.started_at), "Korrespondance",
                          f"Korrespondance med {t.partner.name}: {t.topic}",
                          url=reverse("care_thread", args=[t.pk]), registered=t.started_at) for t in threads]
    return {"threads": threads, "timeline": items}


@plan_sections.section(key="dobbeltdiagnose", title="Fælles forløbsplan (dobbeltdiagnose)",
                       template="crosssector/plan_section.html", order=50)
def coordinated(user, citizen) -> dict:
    return plan_section(user, citizen)
