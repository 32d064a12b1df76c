"""What transition plugs in: the young person's transition on the citizen overview (only for those aged 16
to 19: no read for anyone else), the caseworker's menu entry, and the label of its tasks on the task list."""

from django.urls import reverse

from tovholder.citizens.overview import section
from tovholder.citizens.timeline import Step, TimelineItem
from tovholder.layout import menu
from tovholder.todo.sources import stored_source

from .selectors import CASES, transition_of
from .services import TASK_SOURCE

menu.add(label="Unge der fylder 18", url_name="transition_young_people", order=72, perms=(CASES,),
         current=("transition_young_people", "transition_open", "transition"))
stored_source(TASK_SOURCE, "Ung der snart fylder 18")


@section(key="overgang", title="Overgang til voksenområdet", template="transition/section.html", order=15)
def transition_section(user, citizen) -> dict | None:
    if not 16 <= citizen.age() <= 19:
        return None
    row = transition_of(citizen)
    items = []
    if row is not None:
        url = reverse("transition", args=[row.pk])
        items.append(TimelineItem(row.opened_on, "Overgang", "Overgang til voksenområdet oprettet", url=url,
                                  registered=row.registered_at))
        if row.handed_over_on:
            items.append(TimelineItem(row.handed_over_on, "Overgang", "Overleveret til voksenområdet", url=url,
                                      step=Step.STARTED))
    return {"t": row, "timeline": items, "can_open": user.has_perm(CASES)}
