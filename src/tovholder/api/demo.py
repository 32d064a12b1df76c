"""Demo: one registered API client per municipality, "Jobcentrets system" (the caseworker's role, the whole
municipality), with a fixed token printed by `tovholder logins`. DEMO ONLY: a real token is random and shown
once (`api.services.issue_token`)."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from tovholder.demo.steps import DemoContext, step

from .models import ApiClient, ApiToken, Scope
from .services import TOKEN_PREFIX, digest

NAME = "Jobcentrets system"


def demo_token(code: str) -> str:
    return f"{TOKEN_PREFIX}demo-jobcentret-{code}"


@step(order=99)
def api_client(ctx: DemoContext) -> None:
    m = ctx.municipality
    admin = (get_user_model().objects.filter(groups__name="Administrator", staff__municipality=m).order_by("pk")
             .first()) or ctx.managers[0]
    user = get_user_model().objects.create_user(username=f"api-{m.code}-jobcentret", first_name="API:",
                                                last_name=NAME)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name="Sagsbehandler"))
    client = ApiClient.objects.create(municipality=m, name=NAME, user=user, whole_municipality=True,
                                      created_by=admin)
    token = demo_token(m.code)
    expires = timezone.make_aware(datetime.datetime.combine(ctx.today + datetime.timedelta(days=365),
                                                            datetime.time(0, 0)))
    ApiToken.objects.create(municipality=m, client=client, prefix=token[:12], digest=digest(token),
                            scopes=[Scope.READ, Scope.WRITE_REQUESTS], expires_at=expires, created_by=admin)
