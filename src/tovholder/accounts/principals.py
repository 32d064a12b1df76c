"""Who acts: the principal behind a request or a job (ADR 0006).

Every service and selector takes the acting user (`actor` / `user`, a Django user) and asks
`principal_of(user)` who that is: a member of staff today; a citizen in the portal, a partner (the
hospital, Brydehuset), a volunteer or a system job later. Each kind is resolved by a function
registered with `@resolver`; a later app adds its kind (e.g. the portal: `user.citizen_login` → a
citizen principal) without touching the services, because they ask only what every principal
answers: its municipality, its permissions, and — through `citizens` — which citizens it knows.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from tovholder.tenancy.models import Municipality

from .models import StaffProfile, Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    Actor = User | AnonymousUser
else:
    Actor = object

_CACHE = "_tovholder_principal"


class Kind(StrEnum):
    STAFF = "staff"


class Principal:
    """An actor in one municipality. Subclasses add what their kind knows (units for staff)."""

    kind: str = ""
    citizen_id: int | None = None  # a citizen acting for themself (the portal's principal); None for the rest

    def __init__(self, user: "User", municipality: Municipality):
        self.user = user
        self.municipality = municipality
        self.known: set[int] = set()  # citizens found in need to know during this request (see citizens.gate)

    @property
    def municipality_id(self) -> int:
        return self.municipality.pk

    def has_perm(self, perm: str) -> bool:
        return self.user.has_perm(perm)

    @property
    def unit_ids(self) -> frozenset[int]:
        """The units the principal works in (none for kinds outside the organisation)."""
        return frozenset()

    @property
    def scope_unit_ids(self) -> frozenset[int]:
        """The units whose citizens the principal may see through involvement."""
        return frozenset()

    def scope_units(self):
        """`scope_unit_ids`, as a value a query can filter by (a subquery where that saves a read)."""
        return self.scope_unit_ids

    def own_units(self):
        """`unit_ids`, as a value a query can filter by (a subquery where that saves a read)."""
        return self.unit_ids

    @property
    def first_unit(self) -> Unit | None:
        return None


class StaffPrincipal(Principal):
    kind = Kind.STAFF

    def __init__(self, user: "User", profile: StaffProfile):
        super().__init__(user, profile.municipality)
        self.profile = profile

    @cached_property
    def units(self) -> list[Unit]:
        return list(self.profile.units.order_by("pk"))

    @property
    def unit_ids(self) -> frozenset[int]:
        return frozenset(u.pk for u in self.units)

    @property
    def first_unit(self) -> Unit | None:
        return self.units[0] if self.units else None

    def own_units(self):
        if "units" not in self.__dict__:
            return StaffProfile.units.through.objects.filter(staffprofile_id=self.profile.pk).values("unit_id")
        return self.unit_ids

    def scope_units(self):
        if not self.has_perm("accounts.see_subunit_citizens"):
            return self.own_units()
        return self.scope_unit_ids

    @cached_property
    def scope_unit_ids(self) -> frozenset[int]:
        """Own units, plus every unit below them when the role sees sub-units (managers)."""
        own = set(self.unit_ids)
        if not self.has_perm("accounts.see_subunit_citizens"):
            return frozenset(own)
        parents = dict(Unit.objects.filter(municipality_id=self.municipality_id).values_list("id", "parent_id"))
        children: dict[int | None, list[int]] = {}
        for child, parent in parents.items():
            children.setdefault(parent, []).append(child)
        found, stack = set(own), list(own)
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return frozenset(found)


Resolver = Callable[["User"], Principal | None]
_resolvers: list[Resolver] = []


def resolver(fn: Resolver) -> Resolver:
    """Register a function that recognises one kind of principal (returns None for other users)."""
    _resolvers.append(fn)
    return fn


@resolver
def _staff(user: "User") -> Principal | None:
    read = user._state.fields_cache  # the request's user comes with its profile (accounts.backends.get_user)
    profile = (read["staff"] if "staff" in read
               else StaffProfile.objects.select_related("municipality").filter(user_id=user.pk).first())
    if profile is None:
        return None
    user._state.fields_cache["staff"] = profile  # `user.staff` without a second read
    return StaffPrincipal(user, profile)


def principal_of(user: Actor) -> Principal:
    """The principal acting as `user`; PermissionDenied for anonymous users and users of no kind.
    Kept on the user object for the rest of the request (like Django's permission cache)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Du skal være logget ind.")
    found = user.__dict__.get(_CACHE)
    if found is not None:
        return found
    for resolve in _resolvers:
        found = resolve(user)  # type: ignore[arg-type]
        if found is not None:
            user.__dict__[_CACHE] = found
            return found
    raise PermissionDenied("Din bruger er ikke knyttet til en kommune.")


def forget_principal(user: Actor) -> None:
    """Drop the cached principal (after the user's units or roles change)."""
    user.__dict__.pop(_CACHE, None)
    user.__dict__.pop("_perm_cache", None)
    user.__dict__.pop("_user_perm_cache", None)
    user.__dict__.pop("_group_perm_cache", None)
    user.__dict__.pop("_role_cache", None)


def require_perm(user: Actor, perm: str) -> Principal:
    principal = principal_of(user)
    if not principal.has_perm(perm):
        raise PermissionDenied("Din rolle giver ikke adgang til dette.")
    return principal


def require_same_municipality(actor: Actor, *objs) -> Principal:
    """Refuse a write that touches a record of another municipality (None entries are skipped)."""
    principal = principal_of(actor)
    for obj in objs:
        if obj is not None and obj.municipality_id != principal.municipality_id:
            raise PermissionDenied("Posten hører til en anden kommune.")
    return principal


def staff_profile(user: Actor) -> StaffProfile:
    """The user's staff profile, for what only staff have (the organisation, calendars)."""
    principal = principal_of(user)
    if not isinstance(principal, StaffPrincipal):
        raise PermissionDenied("Kun medarbejdere har adgang til dette.")
    return principal.profile
