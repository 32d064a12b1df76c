"""Statistics Denmark's monthly report (ADR 0030): which efforts a month holds, the checks that refuse a row
with Danish reasons while the rest are reported, the file in the outbox, new versions that say what changed,
the deadline, the command, the monthly job, and the page's need to know."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.conftest import make_citizen, make_staff
from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.citizens.models import Citizen
from tovholder.offers import ffb
from tovholder.offers.models import LegalBasis, Offer
from tovholder.reporting.dst import build as b
from tovholder.reporting.dst import services
from tovholder.reporting.dst.selectors import months
from tovholder.reporting.dst.tasks import monthly_dst_reports_task
from tovholder.reporting.models import DstReport
from tovholder.reporting.models.dst import deadline_of
from tovholder.visitation.models import Case, Decision

MARCH = datetime.date(2026, 3, 1)
D = datetime.date
S = Decision.Status


@pytest.fixture
def outbox(settings, tmp_path):
    settings.TOVHOLDER_DST_FOLDER = str(tmp_path / "dst")
    return tmp_path / "dst" / "ud"


@pytest.fixture
def groups():
    leaves = ffb.leaves("Målgruppe")
    return leaves[0].code, leaves[1].code


@pytest.fixture
def dw(world, sw, groups):
    """A case for Anna, Bo and Casey with a primary target group, and offers under §§ 85, 107, 99."""
    p107 = LegalBasis.objects.create(law="Serviceloven", paragraph="§ 107", title="Midlertidigt botilbud")
    p99 = LegalBasis.objects.create(law="Serviceloven", paragraph="§ 99", title="Støtte- og kontaktperson")
    stay_type = ffb.leaves("Tilbud")[0].code
    world.stay = Offer.objects.create(municipality=world.ballerup, name="Bo- og akutpladser", legal_basis=p107,
                                      format="residential", capacity_kind="places", capacity=Decimal(5),
                                      ffb_offer_type=stay_type)
    world.stay_untyped = Offer.objects.create(municipality=world.ballerup, name="Botilbud uden type",
                                              legal_basis=p107, format="residential", capacity_kind="places",
                                              capacity=Decimal(5))
    world.sks = Offer.objects.create(municipality=world.ballerup, name="SKP § 99", legal_basis=p99,
                                     format="individual", capacity_kind="open")
    world.cases = {}
    for citizen in (world.anna, world.bo, world.casey):
        world.cases[citizen.pk] = Case.objects.create(
            municipality=world.ballerup, citizen=citizen, caseworker=world.caseworker, number=f"S-{citizen.pk}",
            opened_on=D(2025, 6, 1), primary_target_group=groups[0], target_groups=[groups[1]])
    return world


def effort(world, citizen, offer, start, end=None, status=None, case=None, municipality=None):
    status = status or (S.ENDED if end else S.ACTIVE)
    return Decision.objects.create(
        municipality=municipality or world.ballerup, citizen=citizen, offer=offer,
        case=case or world.cases[citizen.pk], status=status, requested_on=start - datetime.timedelta(days=30),
        decided_on=start - datetime.timedelta(days=10), start_on=start,
        activated_on=start if status in (S.ACTIVE, S.ENDED) else None,
        ended_on=end)


def ids(built):
    return sorted(r.effort_id for r in built.records)


# --- which efforts a month holds ----------------------------------------------------------------------

def test_efforts_that_ran_in_the_month_across_its_boundaries(dw, sw):
    before = effort(dw, dw.anna, sw.skp, D(2026, 1, 5))                       # running through March
    started = effort(dw, dw.bo, sw.skp, D(2026, 3, 10))                      # started in March
    ended_mid = effort(dw, dw.casey, sw.komp, D(2025, 11, 1), D(2026, 3, 17))  # ended in March
    last_day = effort(dw, dw.anna, sw.komp, D(2026, 3, 31), D(2026, 5, 2))    # started on the last day
    effort(dw, dw.bo, sw.komp, D(2025, 9, 1), D(2026, 2, 28))                 # ended before March
    effort(dw, dw.casey, sw.skp, D(2026, 4, 1))                               # starts after March
    built = b.build(dw.ballerup, MARCH)
    assert ids(built) == sorted([before.pk, started.pk, ended_mid.pk, last_day.pk])
    assert built.rejected == []
    assert built.counts() == {"85": {"started": 2, "running": 1, "ended": 1, "total": 4}}
    row = {r.effort_id: r for r in built.records}[ended_mid.pk].row()
    assert row == ["151", dw.casey.cpr, str(ended_mid.pk), "85", "", dw.cases[dw.casey.pk].primary_target_group,
                   dw.cases[dw.casey.pk].target_groups[0], "", "K", "2025-10-22", "2025-11-01", "2026-03-17"]


def test_cancelled_and_not_started_grants_are_not_reported(dw, sw):
    effort(dw, dw.anna, sw.skp, D(2026, 3, 3), status=S.CANCELLED)
    effort(dw, dw.bo, sw.skp, D(2026, 3, 3), status=S.GRANTED)
    effort(dw, dw.casey, sw.skp, D(2026, 3, 3), status=S.ORDERED)
    effort(dw, dw.casey, sw.komp, D(2026, 3, 3), status=S.REFUSED)
    assert b.build(dw.ballerup, MARCH).records == []


def test_another_municipality_and_other_paragraphs_are_left_out(dw, sw):
    herlev_case = Case.objects.create(municipality=dw.herlev, citizen=dw.herlev_citizen,
                                      caseworker=dw.herlev_worker, opened_on=D(2025, 1, 1),
                                      primary_target_group=dw.cases[dw.anna.pk].primary_target_group)
    herlev_offer = Offer.objects.create(municipality=dw.herlev, name="Flex", legal_basis=sw.skp.legal_basis,
                                        format="individual", capacity_kind="open")
    effort(dw, dw.herlev_citizen, herlev_offer, D(2026, 3, 1), case=herlev_case, municipality=dw.herlev)
    effort(dw, dw.anna, dw.sks, D(2026, 3, 1))                          # § 99: not in the statistic
    other_law = LegalBasis.objects.create(law="Lov om almene boliger", paragraph="§ 85", title="Andet")
    effort(dw, dw.bo, Offer.objects.create(municipality=dw.ballerup, name="Almen", legal_basis=other_law,
                                           format="individual", capacity_kind="open"), D(2026, 3, 1))
    kept = effort(dw, dw.casey, dw.stay, D(2026, 3, 1))
    built = b.build(dw.ballerup, MARCH)
    assert ids(built) == [kept.pk] and built.rejected == []
    assert b.build(dw.herlev, MARCH).rejected == []
    assert [r.municipality_code for r in b.build(dw.herlev, MARCH).records] == ["163"]


def test_a_shared_offer_run_by_another_municipality_is_reported_as_bought(dw, sw):
    shared = Offer.objects.create(municipality=dw.herlev, name="Fælles bosted", legal_basis=dw.stay.legal_basis,
                                  format="residential", capacity_kind="places", capacity=Decimal(4), shared=True,
                                  ffb_offer_type=dw.stay.ffb_offer_type)
    e = effort(dw, dw.anna, shared, D(2026, 2, 1))
    [record] = b.build(dw.ballerup, MARCH).records
    assert record.effort_id == e.pk and record.provider == "A"


# --- the checks before the file is written ------------------------------------------------------------

def test_invalid_rows_are_refused_with_danish_reasons_and_the_valid_kept(dw, sw):
    good = effort(dw, dw.anna, sw.skp, D(2026, 3, 2))
    duplicate = effort(dw, dw.anna, sw.skp, D(2026, 3, 2))
    untyped = effort(dw, dw.bo, dw.stay_untyped, D(2026, 3, 2))
    case = dw.cases[dw.casey.pk]
    case.primary_target_group = ""
    case.save()
    no_group = effort(dw, dw.casey, sw.skp, D(2026, 3, 2))
    odd = Citizen.objects.create(municipality=dw.ballerup, cpr="3213901234", birth_date=D(1990, 1, 1),
                                 first_name="Ulla", last_name="Ugyldig")  # no 32nd day of a month (an old row)
    dw.cases[odd.pk] = Case.objects.create(municipality=dw.ballerup, citizen=odd, caseworker=dw.caseworker,
                                           opened_on=D(2025, 1, 1),
                                           primary_target_group=dw.cases[dw.anna.pk].primary_target_group)
    invalid_cpr = effort(dw, odd, sw.skp, D(2026, 3, 2))
    young = make_citizen(dw.ballerup, "0101104234", "Ung", "Ungersen")  # born 2010: 16 in 2026
    dw.cases[young.pk] = Case.objects.create(municipality=dw.ballerup, citizen=young, caseworker=dw.caseworker,
                                             opened_on=D(2025, 1, 1),
                                             primary_target_group=dw.cases[dw.anna.pk].primary_target_group)
    minor = effort(dw, young, sw.skp, D(2026, 3, 2))
    built = b.build(dw.ballerup, MARCH)
    assert ids(built) == [good.pk]
    reasons = {r.effort_id: r.reasons for r in built.rejected}
    assert reasons[duplicate.pk] == [f"Dublet: samme borger, paragraf, tilbud og startdato som indsats nr. {good.pk}."]
    assert reasons[untyped.pk] == ["Tilbuddet har ingen FFB-tilbudstype (skal oplyses for ophold efter §§ 107 og "
                                   "108)."]
    assert reasons[no_group.pk] == ["Sagen har ingen primær målgruppe (FFB)."]
    assert reasons[invalid_cpr.pk][0].startswith("CPR-nummeret kan ikke indberettes:")
    assert minor.pk not in reasons  # a child is not in the statistic of adults: left out, not refused


def test_the_checks_one_by_one():
    group = ffb.leaves("Målgruppe")[0].code
    ok = b.Record(effort_id=1, citizen_id=1, municipality_code="151", cpr="0101901234", paragraph="85", services=[],
                  target_group=group, other_groups=[], offer_type="", provider="K", decided_on=D(2026, 2, 1),
                  start=D(2026, 3, 1), end=None)
    assert b.problems(ok, MARCH) == []

    def with_(**changes):
        return b.problems(b.Record(**{**ok.__dict__, **changes}), MARCH)

    assert with_(end=D(2026, 2, 27)) == ["Slutdatoen ligger før startdatoen.", "Indsatsen sluttede før måneden."]
    assert with_(start=None) == ["Indsatsen har ingen startdato."]
    assert with_(paragraph="99") == ["§ 99 indgår ikke i statistikken."]
    assert with_(municipality_code="15") == ["Kommunekoden mangler eller er ikke tre cifre."]
    assert with_(target_group="ikke-en-kode") == ["Sagens primære målgruppe er ikke en FFB-målgruppe."]
    assert with_(services=["x"]) == ["En af indsatsens ydelser er ikke en FFB-ydelse."]
    assert with_(cpr="12345") == ["CPR-nummeret kan ikke indberettes: Et CPR-nummer har 10 cifre (fx 010190-1234)."]


def test_paragraph_codes():
    assert b.paragraph_code("Serviceloven", "§ 82 b") == "82b"
    assert b.paragraph_code("serviceloven", "§85") == "85"
    assert b.paragraph_code("Barnets lov", "§ 85") == ""
    assert b.paragraph_label("82a") == "§ 82 a" and b.paragraph_label("108") == "§ 108"


# --- writing, versions, deadline ----------------------------------------------------------------------

def test_a_report_is_written_to_the_outbox_audited_and_a_change_makes_a_new_version(dw, sw, outbox):
    e1 = effort(dw, dw.anna, sw.skp, D(2026, 2, 1))
    e2 = effort(dw, dw.bo, sw.komp, D(2026, 3, 5))
    first = services.report_month(actor=dw.manager, month=MARCH)
    assert first.status == DstReport.Status.WRITTEN and first.version == 1
    path = outbox / "dst_voksne_151_2026-03_v1.csv"
    content = path.read_text(encoding="utf-8")
    assert content == first.content and content.splitlines()[0] == ";".join(b.HEADER)
    assert hashlib.sha256(content.encode()).hexdigest() == first.checksum
    assert first.record_count == 2 and first.counts["85"]["total"] == 2
    assert AuditEvent.objects.filter(action="dst.report_written", object_id=str(first.pk)).exists()
    assert AccessEvent.objects.filter(actor=dw.manager, what=services.WHAT, citizen=dw.anna).exists()

    again = services.report_month(actor=dw.manager, month=MARCH)
    assert again.status == DstReport.Status.UNCHANGED and again.version is None
    assert not (outbox / "dst_voksne_151_2026-03_v2.csv").exists()

    # a correction: Bo's effort ended mid-month after all, and Anna's was cancelled from the report by a
    # correction of its start; Casey's new effort is added
    Decision.objects.filter(pk=e2.pk).update(status=S.ENDED, ended_on=D(2026, 3, 20))
    Decision.objects.filter(pk=e1.pk).update(activated_on=D(2026, 4, 2))
    e3 = effort(dw, dw.casey, dw.stay, D(2026, 3, 9))
    second = services.report_month(actor=dw.manager, month=MARCH)
    assert second.version == 2 and (outbox / "dst_voksne_151_2026-03_v2.csv").exists()
    assert second.changes == {"since_version": 1, "added": [e3.pk], "removed": [e1.pk],
                              "changed": [{"effort_id": e2.pk, "fields": ["SLUTDATO"]}]}


def test_the_deadline_is_the_14th_of_the_following_month_and_the_page_says_if_it_was_met(dw, sw, outbox,
                                                                                           time_machine):
    assert deadline_of(D(2026, 3, 1)) == D(2026, 4, 14)
    assert deadline_of(D(2026, 12, 1)) == D(2027, 1, 14)
    time_machine.move_to(datetime.datetime(2026, 4, 10, 12, tzinfo=datetime.UTC))
    services.report_month(actor=dw.manager, month=MARCH)
    time_machine.move_to(datetime.datetime(2026, 4, 20, 12, tzinfo=datetime.UTC))
    services.report_month(actor=dw.manager, month=D(2026, 2, 1))
    by_month = {m.month: m for m in months(dw.manager)}
    assert by_month[MARCH].in_time is True
    assert by_month[D(2026, 2, 1)].in_time is False
    assert by_month[D(2026, 1, 1)].in_time is False and by_month[D(2026, 1, 1)].first_delivered is None


def test_a_month_in_the_future_or_too_far_back_is_refused(dw):
    with pytest.raises(Exception, match="fremtiden"):
        services.queue_report(actor=dw.manager, month=D(2099, 1, 1))
    with pytest.raises(Exception, match="år tilbage"):
        services.queue_report(actor=dw.manager, month=D(2000, 1, 1))
    assert not DstReport.objects.exists()


# --- the command and the monthly job ------------------------------------------------------------------

def test_the_command_reports_a_month_and_names_refused_rows(dw, sw, outbox, capsys):
    effort(dw, dw.anna, sw.skp, D(2026, 3, 2))
    bad = effort(dw, dw.bo, dw.stay_untyped, D(2026, 3, 2))
    call_command("report_dst", "--month", "2026-03", "--user", "manager")
    out = capsys.readouterr().out
    assert "Ballerup Kommune, 2026-03: Dannet og lagt i udbakken (version 1" in out
    assert "Indberettede indsatser: 1; afviste: 1" in out
    assert f"Afvist indsats nr. {bad.pk}: Tilbuddet har ingen FFB-tilbudstype" in out
    assert (outbox / "dst_voksne_151_2026-03_v1.csv").exists()
    # without --user: in the name of the one who reported last
    call_command("report_dst", "--month", "2026-03")
    assert "Uændret" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["--month", "2026-13"], "Skriv måneden"),
    (["--month", "marts"], "Skriv måneden"),
    (["--user", "own"], "har ikke en rolle"),
    (["--user", "nobody"], "Ingen aktiv bruger"),
    ([], "Ingen at indberette for"),
])
def test_the_command_refuses_bad_input(dw, outbox, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report_dst", *args)
    assert not DstReport.objects.exists()


def test_the_monthly_job_reports_last_month_for_each_municipality_with_a_reporter(dw, sw, outbox):
    effort(dw, dw.anna, sw.skp, D(2026, 1, 2))
    services.report_month(actor=dw.manager, month=D(2026, 2, 1))
    result = monthly_dst_reports_task.call("2026-03")
    assert result == {"151 2026-03": "written", "163": "ingen ansvarlig"}
    assert DstReport.objects.get(month=MARCH, status="written").created_by == dw.manager


# --- the page -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("who, status", [("manager", 200), ("admin", 200), ("own_worker", 403),
                                         ("caseworker", 403), ("herlev_worker", 403)])
def test_the_page_is_for_those_who_report(client, dw, outbox, who, status):
    client.force_login(getattr(dw, who))
    assert client.get(reverse("dst_index")).status_code == status
    assert client.post(reverse("dst_create"), {"month": "2026-03"}).status_code == (302 if status == 200 else 403)


def test_the_page_queues_a_report_and_shows_it_with_refused_rows(client, dw, sw, outbox):
    effort(dw, dw.anna, sw.skp, D(2026, 3, 2))
    bad = effort(dw, dw.bo, dw.stay_untyped, D(2026, 3, 2))
    client.force_login(dw.manager)
    response = client.post(reverse("dst_create"), {"month": "2026-03"}, follow=True)
    report = DstReport.objects.get()
    assert response.redirect_chain[-1][0] == reverse("dst_report", args=[report.pk])
    page = response.content.decode()
    assert "Dannet og lagt i udbakken" in page and "Tilbuddet har ingen FFB-tilbudstype" in page
    assert "Bo Hansen" in page  # the manager knows Bo (a team under the manager)
    assert AuditEvent.objects.filter(action="dst.report_queued").count() == 1
    index = client.get(reverse("dst_index")).content.decode()
    assert "Marts 2026" in index and "§ 85: 1" in index
    download = client.get(reverse("dst_download", args=[report.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="dst_voksne_151_2026-03_v1.csv"'
    assert download.content.decode() == report.content
    assert AuditEvent.objects.filter(action="dst.report_downloaded").count() == 1
    assert str(bad.pk) in page


def test_a_refused_row_names_the_citizen_only_to_who_knows_them(client, dw, sw, outbox):
    effort(dw, dw.casey, dw.stay_untyped, D(2026, 3, 2))
    report = services.report_month(actor=dw.manager, month=MARCH)
    client.force_login(dw.admin)  # reports, but knows no citizens
    page = client.get(reverse("dst_report", args=[report.pk])).content.decode()
    assert "Casey" not in page and "Borger uden for dit arbejdsområde" in page


def test_another_municipality_never_sees_the_report(client, dw, sw, outbox):
    report = services.report_month(actor=dw.manager, month=MARCH)
    herlev_leader = make_staff("hleder", dw.herlev, dw.herlev_citizen.involvements.get().unit, "Leder", "Leder")
    client.force_login(herlev_leader)
    assert client.get(reverse("dst_report", args=[report.pk])).status_code == 404
    assert client.get(reverse("dst_download", args=[report.pk])).status_code == 404
    assert reverse("dst_report", args=[report.pk]) not in client.get(reverse("dst_index")).content.decode()


@pytest.mark.parametrize("month", ["", "2026-13", "'; drop table x; --", "2099-01", "1999-01", "2026-03\x00",
                                   "9" * 500])
def test_hostile_months_are_refused_with_a_message_and_nothing_written(client, dw, month):
    client.force_login(dw.manager)
    response = client.post(reverse("dst_create"), {"month": month}, follow=True)
    assert response.status_code == 200
    assert not DstReport.objects.exists()
    assert "alert-error" in response.content.decode()


def test_a_report_queued_twice_is_refused_while_the_first_waits(dw):
    services.queue_report(actor=dw.manager, month=MARCH, enqueue=False)
    with pytest.raises(Exception, match="allerede i kø"):
        services.queue_report(actor=dw.manager, month=MARCH, enqueue=False)


def test_a_deleted_citizen_leaves_the_kept_files(dw, sw, outbox):
    from tovholder.retention.registry import run_before_erase

    anna = effort(dw, dw.anna, sw.skp, D(2026, 3, 2))
    bo = effort(dw, dw.bo, sw.skp, D(2026, 3, 2))
    refused = effort(dw, dw.anna, dw.stay_untyped, D(2026, 3, 2))
    report = services.report_month(actor=dw.manager, month=MARCH)
    run_before_erase({Decision: {anna.pk, refused.pk}})
    report.refresh_from_db()
    assert dw.anna.cpr not in report.content and dw.bo.cpr in report.content
    assert list(b.parse(report.content)) == [str(bo.pk)]
    assert report.rejected == [] and report.citizen_ids == [dw.bo.pk]
