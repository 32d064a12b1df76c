"""Need to know: which citizens a staff member may see. One definition, used two ways.

`need_to_know(user)` is the filter lists use (NetBox's `restrict` habit); the django-rules
predicate `citizens.view_citizen` asks the same filter about one citizen.
"""

import datetime

import rules
from django.db.models import Q

from tovholder.accounts.scope import staff_profile, unit_ids_in_scope

from .models import Involvement


def active_on(day: datetime.date) -> Q:
    return Q(ended_on__isnull=True) | Q(ended_on__gte=day)


def need_to_know(user) -> Q:
    """Citizens of the user's municipality that the user coordinates, is contact person for,
    or that an active involvement ties to a unit in the user's scope."""
    profile = staff_profile(user)
    today = datetime.date.today()
    involved = Involvement.objects.filter(active_on(today), municipality=profile.municipality).filter(
        Q(unit_id__in=unit_ids_in_scope(user)) | Q(worker=user)
    )
    return Q(municipality=profile.municipality) & (
        Q(coordinator=user) | Q(pk__in=involved.values("citizen_id"))
    )


@rules.predicate
def has_need_to_know(user, citizen) -> bool:
    if citizen is None or getattr(user, "staff", None) is None:
        return False
    return type(citizen).objects.filter(need_to_know(user), pk=citizen.pk).exists()


rules.add_perm("citizens.view_citizen", has_need_to_know)
