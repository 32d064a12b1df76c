"""Every chart kind of `tovholder.layout.charts`, drawn from data the apps read from the database: its
size (a real viewBox, labels inside it), its data points (one `.mark` each), its accessible name and
summary, and the table of its numbers; then the pages that show them."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.urls import reverse

from tovholder.forecast import results
from tovholder.forecast import services as forecast_services
from tovholder.layout import charts
from tovholder.outcomes import selectors as outcome_selectors
from tovholder.outcomes import services as outcome_services
from tovholder.outcomes.models import Score
from tovholder.plans.models import Goal, Plan
from tovholder.support import selectors as support_selectors
from tovholder.support import services as support_services
from tovholder.support.views import _chart as hours_chart
from tovholder.support.views import _intensity_chart
from tovholder.visitation import selectors as visitation_selectors
from tovholder.visitation.views import _fill_chart

from ..conftest import make_citizen
from ..outcomes.conftest import measure, versions  # noqa: F401 - a fixture
from ..support.conftest import days, start, sw  # noqa: F401 - a fixture
from ..visitation.conftest import offers  # noqa: F401 - a fixture

SVG = "{http://www.w3.org/2000/svg}"
DEVELOP = "d41c8072-52f8-42b5-9375-ddbea454d27f"  # FFB goal type: Udvikle funktionsevne


def drawn(chart: charts.Chart) -> ET.Element:
    """The SVG parsed, checked for what every chart must have: a real size, a name and a summary, its
    marks counted, and every label inside the viewBox (by the module's generous width estimate)."""
    root = ET.fromstring(str(chart.svg))
    x, y, w, h = (float(v) for v in root.get("viewBox").split())
    assert (w, h) == (chart.width, chart.height) and w >= 250 and h >= 60, root.get("viewBox")
    # it shrinks to the page through its class (the Content-Security-Policy allows no style attributes)
    assert float(root.get("width")) == w and "chart-svg" in root.get("class") and root.get("style") is None
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title.get("id") == root.get("aria-labelledby") and title.text == chart.title
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == root.get("aria-describedby") and len(desc.text) > 10
    assert len([e for e in root.iter() if e.get("class") == "mark"]) == chart.marks
    for text in root.iter(f"{SVG}text"):
        size = float(text.get("font-size"))
        for span in text.iter(f"{SVG}tspan"):
            width = charts._width(span.text, size)
            left = float(span.get("x")) - {"start": 0, "middle": width / 2, "end": width}[text.get("text-anchor")]
            assert x <= left and left + width <= x + w, (span.text, left, width, root.get("viewBox"))
        assert y <= float(text.get("y")) - size and float(text.get("y")) <= y + h
    assert chart.table.rows and len(chart.table.headers) == 1 + len(chart.table.rows[0][1])
    return root


def marks(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter() if e.get("class") == "mark"]


def labels(root: ET.Element) -> str:
    return " ".join(span.text for span in root.iter(f"{SVG}tspan"))


# --- the kinds, from real data --------------------------------------------------------------------

def test_ffb_radar_has_size_points_and_labels_that_fit(world, versions):  # noqa: F811
    ffb = versions["ffb-funktionsevne"]
    areas = ffb.spec.areas[:8]
    measure(world, ffb, day=datetime.date(2025, 1, 10), answers={a.key: 3 for a in areas})
    measure(world, ffb, day=datetime.date(2025, 6, 10), answers={a.key: i % 5 for i, a in enumerate(areas)})
    history = next(h for h in outcome_selectors.citizen_outcomes(world.own_worker, world.anna.pk).histories
                   if h.instrument.key == "ffb-funktionsevne")
    chart = history.radar
    root = drawn(chart)
    assert chart.width > 400 and chart.height > 300  # not 1 px wide
    assert len(marks(root)) == 16 == chart.marks  # eight areas, two measurements
    assert len(root.findall(f"{SVG}polygon[@stroke-dasharray]")) == 1  # the earlier one, dashed
    text = labels(root)
    assert "Indgå i samspil og" in text and "fritidsaktiviteter" in text  # long names wrap, whole
    assert all(len(s.text) <= 22 for t in root.iter(f"{SVG}text") if t.get("font-size") == "12"
               for s in t.iter(f"{SVG}tspan") if "måling" not in s.text)
    assert [label for label, _ in chart.table.rows] == [a.label for a in areas]
    assert chart.table.rows[0][1] == [3, 0]
    # the line charts: one per area, a point per measurement
    assert len(history.line_charts) == 8
    for row, line in history.line_charts:
        assert line.title == row.label and drawn(line) is not None and line.marks == 2


def _goal(world, text: str) -> Goal:
    plan = Plan.objects.get_or_create(municipality=world.ballerup, citizen=world.anna,
                                      defaults={"updated_by": world.own_worker})[0]
    return Goal.objects.create(municipality=world.ballerup, plan=plan, citizen=world.anna, text=text,
                               goal_type=DEVELOP, created_on=datetime.date(2025, 1, 10), created_by=world.own_worker)


def test_gas_series_carry_the_goals_text(world, versions):  # noqa: F811
    goals = [_goal(world, text) for text in ("Jeg vil selv betale mine regninger hver måned",
                                             "Lave mad tre gange om ugen", "Gå en tur hver dag")]
    for day, values in ((datetime.date(2025, 2, 1), [-1, 0, -2]), (datetime.date(2025, 5, 1), [1, 2, 0])):
        outcome_services.record_goal_attainment(actor=world.own_worker, citizen=world.anna, measured_on=day,
                                                attainment={g.pk: v for g, v in zip(goals, values, strict=True)})
    Score.objects.filter(goal=goals[2]).update(area_label="")  # as the demo wrote them: the goal, no text
    history = outcome_selectors.citizen_outcomes(world.own_worker, world.anna.pk).histories[0]
    assert history.instrument.key == "maalopfyldelse"
    root = drawn(history.radar)
    assert history.radar.marks == 6
    assert "goal-" not in str(history.radar.svg) and "Gå en tur hver dag" in labels(root)
    assert "Jeg vil selv betale mine regninger hver måned" in history.radar.summary
    assert [label for label, _ in history.radar.table.rows] == [g.text for g in goals]
    assert [line.title for _, line in history.line_charts] == [g.text for g in goals]
    assert [row.label for row in history.rows] == [g.text for g in goals]


def test_manager_figures_have_bars_of_first_and_latest_means(world, versions):  # noqa: F811
    compass = versions["recovery-kompas"]
    for i in range(6):
        citizen = make_citizen(world.ballerup, f"{i + 1:02d}0170{1000 + i:04d}", "Borger", f"Nr{i}", unit=world.skp,
                               worker=world.own_worker)
        measure(world, compass, citizen, day=datetime.date(2025, 1, 10), answers={"haab": 2, "bolig": 4})
        measure(world, compass, citizen, day=datetime.date(2025, 6, 10), answers={"haab": 2 + i % 3, "bolig": 5})
    figures = outcome_selectors.outcome_figures(world.manager, instrument_id=compass.instrument_id)
    chart = figures.all_citizens.chart
    root = drawn(chart)
    assert chart.marks == 4 and len(marks(root)) == 4  # two areas, first and latest
    assert [label for label, _ in chart.table.rows] == ["Håb og optimisme", "Bolig"]
    assert chart.table.rows[0][1] == [2, 3] and chart.table.rows[1][1] == [4, 5]
    assert chart.table.headers == ["Område", "Første måling (gns.)", "Seneste måling (gns.)"]
    # the bars are scaled to the instrument's scale (1–10): the latest 'Bolig' (5) is longer than 'Håb' (3)
    first_haab, latest_haab, first_bolig, latest_bolig = (float(m.get("width")) for m in marks(root))
    assert latest_bolig > first_bolig > latest_haab > first_haab > 0
    assert figures.groups[0].chart is not None


def test_waitlist_fill_bars_from_the_capacity_figures(world, offers):  # noqa: F811
    queues = visitation_selectors.waitlists(world.manager)
    chart = _fill_chart(queues)
    root = drawn(chart)
    with_capacity = [q for q in queues if q.capacity.total]
    assert chart.marks == len(with_capacity) == 3  # SKP (hours), the housing and Flex Bostøtte's quota (places)
    assert [label for label, _ in chart.table.rows] == [q.offer.name for q in queues]
    assert "0 af 10 timer pr. uge (0 %)" in labels(root)
    # over capacity: red and said in words
    over = charts.fill_bars(key="f", title="Fyld", items=[charts.Fill("Herlev", 13, 8, "pladser"),
                                                          charts.Fill("Åbent tilbud", 4, None, "pladser")])
    root = drawn(over)
    assert marks(root)[0].get("fill") == charts.WARN and "13 af 8 pladser (162 %) – over kapaciteten" in labels(root)
    assert "ingen fast kapacitet" in labels(root) and over.marks == 1


def test_support_hours_bars_and_intensity_steps(world, sw):  # noqa: F811
    episode = start(world, sw, hours="2")
    support_services.change_intensity(actor=world.own_worker, episode=episode, version=episode.version,
                                      starts_on=days(-14), mode="mixed", hours_per_week=Decimal(3),
                                      reason="Anna vil gerne i gruppeforløb")
    episode.refresh_from_db()
    support_services.pause_episode(actor=world.own_worker, episode=episode, version=episode.version,
                                   starts_on=days(-7), reason="Indlagt på psykiatrisk afdeling")
    view = support_selectors.episode_detail(world.own_worker, world.anna.pk, episode.pk)
    steps = _intensity_chart(view)
    root = drawn(steps)
    assert steps.marks == 3 and [m.get("fill") for m in marks(root)][-1] == charts.PAUSE
    assert [values[1] for _, values in steps.table.rows] == [2, 3, 0]
    report = support_selectors.hours_report(world.manager)
    bars = hours_chart(report.weeks)
    root = drawn(bars)
    assert len(bars.table.rows) == len(report.weeks) >= 4
    assert bars.marks == sum(1 for w in report.weeks for v in (w.granted, w.delivered) if v is not None)


def test_forecast_fans_from_a_run(world):
    scenario = forecast_services.create_scenario(actor=world.manager, name="Lille", shipped="baseline_2016")
    scenario = forecast_services.update_scenario(
        actor=world.manager, scenario=scenario, version=scenario.version, name=scenario.name, description="",
        data={**scenario.data, "horizon_years": 1, "replications": 20})
    run = forecast_services.start_run(actor=world.manager, scenario=scenario, from_database=False)
    fans = results.fans(run.result, "SKP")
    assert [f.key for f in fans] == ["waitlist", "wait", "cost"]
    for fan in fans:
        root = drawn(fan.chart)
        assert fan.chart.width > 500 and fan.chart.marks == len(fan.chart.table.rows)
        if fan.key != "cost":  # twelve months: the two bands as areas (the cost is one year: a bar each)
            assert len(root.findall(f"{SVG}polygon")) >= 2
    assert len(fans[0].chart.table.rows) == 12 and "januar" in fans[0].chart.table.rows[0][0]
    assert root.find(f"{SVG}polyline[@stroke-dasharray]") is not None  # the budget


def test_wrap_keeps_words_and_marks_what_is_left_out():
    assert charts.wrap("Deltage i sociale fællesskaber og fritidsaktiviteter", 22) == [
        "Deltage i sociale", "fællesskaber og", "fritidsaktiviteter"]
    assert charts.wrap("en to tre fire fem seks syv otte ni ti elleve tolv", 8, 2) == ["en to", "tre fir…"]
    assert charts.wrap("Anvende kommunikationsudstyr-og-teknikker", 22, 3) == [
        "Anvende", "kommunikationsudstyr-…"]
    assert charts.number(1234.5) == "1.234,5" and charts.number(2.0, 2) == "2" and charts.number(None) == "–"


# --- the pages that show them ---------------------------------------------------------------------

def _chart_blocks(html: str) -> list[str]:
    """Each chart and what follows it up to the end of its table."""
    return re.findall(r'<figure class="chart chart-[a-z_]+".*?</table>', html, flags=re.S)


def test_citizen_outcome_page_shows_the_radar_with_its_table(client, world, versions):  # noqa: F811
    compass = versions["recovery-kompas"]
    measure(world, compass, day=datetime.date(2025, 1, 10), answers={"haab": 3, "bolig": 6, "oekonomi": 2})
    measure(world, compass, day=datetime.date(2025, 6, 10), answers={"haab": 7, "bolig": 8, "oekonomi": 4})
    client.force_login(world.own_worker)
    html = client.get(reverse("outcomes_citizen", args=[world.anna.pk])).content.decode()
    blocks = _chart_blocks(html)
    assert len(blocks) == 1 + 3  # the radar and a line chart per area
    radar = blocks[0]
    assert 'data-kind="radar"' in radar and 'role="img"' in radar and "Vis tallene i figuren" in radar
    assert re.search(r'viewBox="-?\d+ -?\d+ (\d{3}) (\d{3})"', radar)
    assert '<th scope="row">Håb og optimisme</th><td class="num">3</td><td class="num">7</td>' in radar


def test_manager_figures_page_shows_a_chart_per_group(client, world, versions):  # noqa: F811
    compass = versions["recovery-kompas"]
    for i in range(5):
        citizen = make_citizen(world.ballerup, f"{i + 1:02d}0170{2000 + i:04d}", "Borger", f"Nr{i}", unit=world.skp,
                               worker=world.own_worker)
        measure(world, compass, citizen, day=datetime.date(2025, 1, 10), answers={"haab": 2})
        measure(world, compass, citizen, day=datetime.date(2025, 6, 10), answers={"haab": 4})
    client.force_login(world.manager)
    html = client.get(reverse("outcome_figures"), {"instrument": compass.instrument_id,
                                                   "group_by": "unit"}).content.decode()
    blocks = _chart_blocks(html)
    assert len(blocks) == 2  # SKP-teamet and everyone
    assert all('data-kind="bars"' in b and 'class="mark"' in b for b in blocks)
    assert '<th scope="row">Håb og optimisme</th><td class="num">2</td><td class="num">4</td>' in blocks[0]


def test_waitlist_page_shows_fill_bars_with_their_table(client, world, offers):  # noqa: F811
    client.force_login(world.manager)
    html = client.get(reverse("waitlists")).content.decode()
    [block] = _chart_blocks(html)
    assert 'data-kind="fill_bars"' in block and block.count('class="mark"') == 3
    assert '<th scope="row">SKP</th><td class="num">0</td><td class="num">10</td><td class="num">0</td>' in block
