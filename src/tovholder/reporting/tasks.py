"""Reporting's background job (django-tasks): KL's FFB delivery (ADR 0029).

Run it every night, e.g. from cron shortly after midnight: `tovholder report_ffb --enqueue` (for `tovholder
db_worker`; under pytest and with TOVHOLDER_TASKS_IMMEDIATE=1 it runs at once) — it delivers yesterday for
every municipality, catching up on missed days. "Indberet nu" on /indberetning/ffb/ queues the same task
for one municipality up to today, as the person who asked."""

from django_tasks import task


@task()
def deliver_ffb_task(municipality_id: int | None = None, until: str | None = None,
                     user_id: int | None = None) -> dict[str, int]:
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from tovholder.tenancy.models import Municipality

    from .services import run_delivery

    day = datetime.date.fromisoformat(until) if until else timezone.localdate() - datetime.timedelta(days=1)
    actor = get_user_model().objects.get(pk=user_id) if user_id else None
    municipalities = Municipality.objects.filter(pk=municipality_id) if municipality_id else Municipality.objects.all()
    bundles = {}
    for municipality in municipalities:
        deliveries = run_delivery(municipality=municipality, until=day, actor=actor)
        bundles[municipality.code] = sum(d.bundles for d in deliveries)
    return bundles
