"""The one write gate (ADR 0005): every service that writes citizen data passes here first.

- `require_write(actor, citizen, perm=…)`: the actor's principal belongs to the citizen's
  municipality, holds the role's permission, and has need to know of the citizen. A break-the-glass
  grant is a right to *read*; it never lets anyone write.
- `require_referral(actor, citizen, perm=…)`: the one deliberate exception — handing in something new
  about a citizen one does not know (a request for help, help given at the counter, escalating it to
  a caseworker) writes a new record without reading any of the citizen's data.
Writes that touch records of the municipality rather than a citizen (offers, rules, instruments)
check `accounts.principals.require_same_municipality`.

Views that show a form for a write open the citizen with `citizens.selectors.open_for_write`, the
read-write twin of `open_citizen`, so a user with read access only gets 403 before typing anything.
"""

from django.core.exceptions import PermissionDenied, ValidationError

from tovholder.accounts.principals import Actor, Principal, principal_of

from .models import Citizen

OTHER_MUNICIPALITY = "Borgeren hører til en anden kommune."
OUTSIDE_NEED_TO_KNOW = ("Borgeren er uden for dit arbejdsområde. Med adgang uden for arbejdsområdet kan du læse, "
                        "men ikke ændre noget.")
NO_PERMISSION = "Din rolle giver ikke adgang til dette."


def _principal(actor: Actor, citizen: Citizen, perm: str | None) -> Principal:
    principal = principal_of(actor)
    if citizen.municipality_id != principal.municipality_id:
        raise PermissionDenied(OTHER_MUNICIPALITY)
    if perm is not None and not principal.has_perm(perm):
        raise PermissionDenied(NO_PERMISSION)
    return principal


def knows(actor: Actor, citizen: Citizen | None) -> bool:
    """The citizen is inside the actor's need to know (a break-the-glass grant does not count). A yes is
    remembered for the rest of the request; a no is asked again (need to know may be given meanwhile)."""
    if citizen is None:
        return False
    try:
        principal = principal_of(actor)
    except PermissionDenied:
        return False
    if citizen.pk in principal.known:
        return True
    if Citizen.objects.known_to(actor).filter(pk=citizen.pk).exists():
        principal.known.add(citizen.pk)
        return True
    return False


def require_write(actor: Actor, citizen: Citizen, *, perm: str | None = None) -> Principal:
    principal = _principal(actor, citizen, perm)
    if not knows(actor, citizen):
        raise PermissionDenied(OUTSIDE_NEED_TO_KNOW)
    return principal


def require_referral(actor: Actor, citizen: Citizen | None, *, perm: str) -> Principal:
    """Register something new about a citizen (or an anonymous person) without need to know."""
    if citizen is None:
        principal = principal_of(actor)
        if not principal.has_perm(perm):
            raise PermissionDenied(NO_PERMISSION)
        return principal
    return _principal(actor, citizen, perm)



def check_worker_knows(worker, citizen: Citizen, field: str = "worker") -> None:
    """A worker named on a citizen's record (contact person, responsible, leader) is staff of the
    citizen's municipality with need to know of the citizen; otherwise a Danish message on `field`."""
    profile = getattr(worker, "staff", None)
    if profile is None or profile.municipality_id != citizen.municipality_id:
        raise ValidationError({field: "Medarbejderen findes ikke i kommunen."})
    if not knows(worker, citizen):
        raise ValidationError({field: f"{worker.get_full_name() or worker.username} har ikke borgeren i sit "
                                      "arbejdsområde. Registrér først enheden som involveret."})
