"""Demo: the municipality's administrator holds the import role and has tried the small example file once as a
dry run (conversion/example.py), so the import log shows a finished run with its report (one citizen refused)
while the demo's own citizens stay as they are."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tovholder.demo.steps import DemoContext, step

from . import services
from .example import example_bytes


@step(order=101)
def imported_from_nexus(ctx: DemoContext) -> None:
    m = ctx.municipality
    admin = (get_user_model().objects.filter(groups__name="Administrator", staff__municipality=m).order_by("pk")
             .first())
    if admin is None:
        return
    admin.groups.add(Group.objects.get(name="Indlæsningsansvarlig"))
    admin = get_user_model().objects.get(pk=admin.pk)  # permissions are cached on the user object
    run = services.create_run(actor=admin, file_name="nexus-udtraek.json",
                              data=example_bytes(ctx.today, m.code), dry_run=True)
    services.execute_run(run_id=run.pk)
