"""The committee report from the committee world (conftest): each section against the apps that own the
numbers, nothing personal in it, small groups suppressed, the period checked, the draft's texts saved with
optimistic concurrency and hostile input refused, the PDF made from the draft."""

import datetime
import io
import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tovholder.audit.models import AccessEvent, AuditEvent
from tovholder.budget import selectors as budget
from tovholder.committee import sections, services
from tovholder.committee.events import Event
from tovholder.committee.models import Report
from tovholder.committee.selectors import quarters

from .conftest import Y


def _report(world, cw) -> Report:
    report = services.start_report(actor=world.manager, date_from=cw.date_from, date_to=cw.date_to)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    return report


def test_a_report_for_a_quarter_is_made_with_progress_and_audited(world, cw):
    report = _report(world, cw)
    assert report.title == f"Socialpsykiatrien, 3. kvartal {Y}"
    assert (report.steps_done, report.steps_total) == (len(sections.STEPS), len(sections.STEPS))
    assert set(report.sections) == {"economy", "activity", "expensive", "staffing", "actionplan"}
    assert AuditEvent.objects.filter(action=Event.COMMITTEE_REPORT_STARTED, object_id=str(report.pk)).exists()
    assert "tager orienteringen" in report.recommendation and "3. kvartal" not in report.recommendation
    assert "1. juli 2025" in report.recommendation


def test_the_economy_table_is_the_budget_pages_table(world, cw, bw, client):
    report = _report(world, cw)
    table = report.sections["economy"]["table"]
    data = budget.follow_up(world.manager, Y)
    assert len(table["rows"]) == len(data.lines)
    by_account = {row[0].split(" ")[0]: row for row in table["rows"]}
    line = next(x for x in data.lines if x.function == bw.f85)
    row = by_account[line.function.account]
    assert row[1:] == [sections.kr(v) for v in (line.original, line.supplement_total, line.corrected, line.actual,
                                                 line.committed, line.expected, line.deviation)]
    assert row[1] == "300.000" and row[4] == "360.000"  # nine booked months of 40.000
    # the same figures the budget page shows (its kr filter, the same rounding)
    client.force_login(world.manager)
    page = client.get(reverse("budget_followup") + f"?aar={Y}").content.decode()
    for cell in row[1:]:
        assert f">{cell}<" in page or f">{cell}<br>" in page
    assert table["foot"][0] == "I alt" and table["foot"][3] == sections.kr(data.totals["corrected"])
    assert ["5.38.38.005", "Flere borgere i SKP end budgetteret."] in report.sections["economy"]["explanations"]
    assert "Flere borgere i SKP" in report.economy_note
    # 5.38.38.005 is forecast over budget: an option for it, named by its function
    assert line.deviation < 0 and "5.38.38.005" in report.options and "merforbrug" in report.options


def test_activity_from_the_snapshots_with_a_group_of_three_suppressed(world, cw):
    report = _report(world, cw)
    act = report.sections["activity"]
    rows = {row[0]: row for row in act["figures"]["rows"]}
    assert rows["Henvendelser (tilgang)"][1] == "14"
    assert rows["Afsluttede forløb (afgang)"][1] == "9"
    assert rows["På venteliste (ved periodens slutning)"][1] == "8"
    assert rows["Andel afgjort inden fristen"][1] == "90 %"
    reasons = {row[0]: row[1] for row in act["reasons"]["rows"]}
    assert reasons == {"Borgerens eget ønske": "under 5", "Målene er nået": "6"}
    # three citizens in 2025 under § 85 (Anna, Bo, Casey's place), two under § 107 (Anna, Bo's place)
    recipients = {row[0]: row[1] for row in act["recipients"]["rows"]}
    assert recipients == {"§ 107": "under 5", "§ 85": "under 5"}
    assert act["recipients"]["foot"][1] == "under 5"
    assert all(row[2] == "–" for row in act["recipients"]["rows"])  # full-year persons of a small group hidden


def test_nothing_personal_in_the_report(world, cw):
    report = _report(world, cw)
    text = json.dumps(report.sections, ensure_ascii=False) + report.summary + report.options + report.economy_note
    for citizen in (world.anna, world.bo, world.casey):
        for word in (citizen.first_name, citizen.last_name, citizen.cpr, citizen.cpr[:6]):
            assert not re.search(rf"\b{re.escape(word)}\b", text), word
    cases = report.sections["expensive"]["table"]["rows"]
    # Bo: the purchased place (912.500) and SKP until 10 February (8.785,71), under two paragraphs
    assert cases == [["Sag 1", "§ 107, § 85", "Ja", "921.286"]]
    # the expensive cases were read without names: no list of citizens logged
    assert not AccessEvent.objects.filter(what__icontains="dyreste").exists()


def test_staffing_and_action_plan(world, cw):
    report = _report(world, cw)
    staffing = report.sections["staffing"]["table"]
    assert staffing["rows"][0][:2] == ["SKP-teamet", "3,00"] and staffing["rows"][0][2] == "2,00"
    plan = report.sections["actionplan"]
    assert plan["table"]["rows"] == [["Tidlig indsats: Flere unge i gruppeforløb", "40 unge i gruppeforløb",
                                      "40 unge", "25 unge", "I risiko"]]
    counts = dict(map(tuple, plan["counts"]["rows"]))
    assert counts["I risiko"] == "1" and counts["På rette spor"] == "0"


@pytest.mark.parametrize("d0, d1, message", [
    (datetime.date(Y, 9, 30), datetime.date(Y, 7, 1), "efter den første"),
    (datetime.date(1, 1, 1), datetime.date(Y, 7, 1), "tidligst"),
    (datetime.date(Y, 7, 1), datetime.date(9999, 12, 31), "fremtiden"),
    (datetime.date(Y - 2, 1, 1), datetime.date(Y, 1, 1), "højst et år"),
    (None, datetime.date(Y, 1, 1), "Vælg et kvartal"),
])
def test_the_period_is_checked(world, cw, d0, d1, message):
    with pytest.raises(ValidationError) as exc:
        services.start_report(actor=world.manager, date_from=d0, date_to=d1)
    assert message in " ".join(exc.value.messages)
    assert not Report.objects.exists()


def test_a_caseworker_and_a_worker_may_not(world, cw):
    for user in (world.caseworker, world.own_worker, world.admin):
        with pytest.raises(PermissionDenied):
            services.start_report(actor=user, date_from=cw.date_from, date_to=cw.date_to)


def test_the_draft_is_saved_with_its_version_and_hostile_text_is_kept_as_text(world, cw):
    report = _report(world, cw)
    hostile = "<script>alert(1)</script> Udvalget <b>godkender</b> tillægsbevillingen."
    saved = services.save_draft(actor=world.manager, report=report, version=report.version, recommendation=hostile,
                                summary=report.summary, economy_note="", options=report.options)
    assert saved.version == report.version + 1 and saved.recommendation == hostile
    event = AuditEvent.objects.get(action=Event.COMMITTEE_DRAFT_SAVED)
    assert event.detail["rettet"] == ["economy_note", "recommendation"]
    stale = Report.objects.get(pk=report.pk)
    stale.version = report.version  # a second window still holding the old version
    with pytest.raises(ValidationError):
        services.save_draft(actor=world.manager, report=stale, version=report.version, recommendation="Andet",
                            summary="x", economy_note="", options="")
    with pytest.raises(ValidationError) as exc:
        services.save_draft(actor=world.manager, report=saved, version=saved.version, recommendation="x" * 10_000,
                            summary="x", economy_note="", options="")
    assert "tegn" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        services.save_draft(actor=world.manager, report=saved, version=saved.version, recommendation="  ",
                            summary="x", economy_note="", options="")
    assert Report.objects.get(pk=report.pk).recommendation == hostile


def test_the_pages(client, world, cw):
    client.force_login(world.manager)
    index = reverse("committee_index")
    assert client.get(index).status_code == 200
    q = quarters(timezone.localdate(), 8)[-1][0]
    response = client.post(index, {"quarter": q})
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == reverse("committee_report", args=[report.pk])
    page = client.get(response.url).content.decode()
    for heading in ("Indstilling", "Resumé", "Økonomi", "Aktivitet", "Dyre enkeltsager", "Normering",
                    "Handleplanens status", "Handlemuligheder"):
        assert f">{heading}</h2>" in page
    edit = reverse("committee_edit", args=[report.pk])
    hostile = "<img src=x onerror=alert(1)> Udvalget godkender."
    response = client.post(edit, {"recommendation": hostile, "summary": "Resumé.", "economy_note": "",
                                  "options": "Ingen.", "version": report.version})
    assert response.status_code == 302
    page = client.get(reverse("committee_report", args=[report.pk])).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page
    # a stale version and too long a text: the form again with a Danish message, 400, nothing written
    response = client.post(edit, {"recommendation": "Gammel", "summary": "x", "economy_note": "",
                                  "options": "", "version": report.version})
    assert response.status_code == 400 and "mens du redigerede" in response.content.decode()
    response = client.post(edit, {"recommendation": "x" * 10_000, "summary": "x", "economy_note": "",
                                  "options": "", "version": report.version + 1})
    assert response.status_code == 400
    assert Report.objects.get().recommendation == hostile
    response = client.post(reverse("committee_pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Korrigeret budget" in text and "Forventet regnskab" in text and "Udvalget godkender" in text
    assert AuditEvent.objects.filter(action=Event.COMMITTEE_PDF_MADE).count() == 1


@pytest.mark.parametrize("data, message", [
    ({"quarter": ""}, "Vælg et kvartal"),
    ({"quarter": "1999-1"}, "gyldig valgmulighed"),
    ({"date_from": "2025-09-30", "date_to": "2025-07-01"}, "efter den første"),
    ({"date_from": "0001-01-01", "date_to": "2025-07-01"}, "Tjek årstallet"),
    ({"date_from": "2025-07-01", "date_to": "9999-12-31"}, "Tjek årstallet"),
    ({"date_from": "2025-07-01"}, "både"),
    ({"date_from": "abc", "date_to": "2025-07-01"}, "gyldig dato"),
])
def test_the_period_form_refuses_bad_input(client, world, cw, data, message):
    client.force_login(world.manager)
    response = client.post(reverse("committee_index"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("who", ["caseworker", "own_worker", "admin"])
def test_the_pages_are_for_the_managers(client, world, cw, who):
    report = _report(world, cw)
    client.force_login(getattr(world, who))
    for url in (reverse("committee_index"), reverse("committee_report", args=[report.pk]),
                reverse("committee_edit", args=[report.pk])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("committee_pdf", args=[report.pk])).status_code == 403


def test_another_municipalitys_report_and_odd_ids_are_404(client, world, cw):
    report = _report(world, cw)
    Report.objects.filter(pk=report.pk).update(municipality=world.herlev)
    client.force_login(world.manager)
    for url in (reverse("committee_report", args=[report.pk]), reverse("committee_edit", args=[report.pk])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("committee_pdf", args=[report.pk])).status_code == 404
    assert client.get("/udvalg/99999999999999999999/").status_code == 404
    assert client.get("/udvalg/abc/").status_code == 404
    assert client.get("/udvalg/-1/").status_code == 404


def test_a_report_in_the_making_shows_its_progress_and_a_failure_is_kept(client, world, cw):
    report = Report.objects.create(municipality=world.ballerup, title="Socialpsykiatrien, test", date_from=cw.date_from,
                                   date_to=cw.date_to, requested_by=world.manager, steps_total=5, steps_done=2)
    client.force_login(world.manager)
    page = client.get(reverse("committee_report", args=[report.pk])).content.decode()
    assert "<progress" in page and "2 af 5 afsnit (40 %)" in page and 'hx-trigger="every 3s"' in page
    assert "Dan PDF" not in page
    assert client.get(reverse("committee_edit", args=[report.pk])).status_code == 302  # nothing to edit yet
    response = client.post(reverse("committee_pdf", args=[report.pk]))
    assert response.status_code == 302 and not AuditEvent.objects.filter(action=Event.COMMITTEE_PDF_MADE).exists()
    # asked for by someone who may no longer read the numbers: the task fails and says so, nothing half-made kept
    Report.objects.filter(pk=report.pk).update(requested_by=world.caseworker, steps_done=0)
    services.execute_report(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and "PermissionDenied" in report.error and report.sections == {}
    page = client.get(reverse("committee_report", args=[report.pk])).content.decode()
    assert "Udvalgssagen kunne ikke laves" in page


def test_the_charts_with_their_tables_in_the_draft_and_the_pdf(client, world, cw, bw):
    """The waitlist per offer over the period, the economy per function and the inflow by age: stored as numbers
    with the table the report writes (a group under five "under 5" and not drawn), drawn on the page and in the
    PDF, each followed by its table."""
    from tovholder.figures.models import Snapshot

    Snapshot.objects.create(municipality=world.ballerup, day=datetime.date(Y, 8, 15), figure="waitlist",
                            offer_id=bw.housing.pk, value=3)
    report = _report(world, cw)
    wait = report.sections["activity"]["waitlist_chart"]
    rows = {row[0]: row[1:] for row in wait["table"]["rows"]}
    assert wait["table"]["header"][1:4] == ["Ultimo juli 2025", "Ultimo august 2025", "Ultimo september 2025"]
    assert rows[bw.skp.name][:3] == ["–", "8", "–"] and rows[bw.housing.name][:3] == ["–", "under 5", "–"]
    drawn = {s["name"]: dict(zip(wait["categories"], s["values"], strict=True)) for s in wait["series"]}
    assert drawn["Ultimo august 2025"] == {bw.skp.name: 8.0, bw.housing.name: None}  # three citizens not drawn
    eco = report.sections["economy"]["chart"]
    line = next(x for x in budget.follow_up(world.manager, Y).lines if x.function == bw.f85)
    eco_row = next(r for r in eco["table"]["rows"] if r[0].startswith(line.function.account))
    assert eco_row[1:] == [sections.kr(line.corrected), sections.kr(line.expected), sections.kr(line.deviation)]
    age = report.sections["activity"]["age_chart"]
    assert ["18-29", "14", "–"] in age["table"]["rows"]
    assert age["table"]["rows"][-1][0] == "Andel 18–30 år af dem med kendt alder"

    client.force_login(world.manager)
    page = client.get(reverse("committee_report", args=[report.pk])).content.decode()
    assert page.count('<svg class="chart-svg" data-kind="bars"') == 3
    for key in ("udvalg-economy", "udvalg-waitlist", "udvalg-age"):
        assert f'aria-labelledby="{key}-t"' in page and f'id="{key}-table"' in page
    response = client.post(reverse("committee_pdf", args=[report.pk]))
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    for words in ("Venteliste pr. tilbud i perioden", "Tallene i figuren: på venteliste pr. tilbud",
                  "Ultimo august 2025", "Korrigeret budget og forventet regnskab pr. funktion",
                  "Henvendelser efter alder", "Andel 18–30 år af dem med kendt alder",
                  f"{bw.housing.name} – under 5 –", sections.kr(line.expected)):
        assert words in text, words
