import datetime

from hypothesis import given
from hypothesis import strategies as st

from tovholder.offers.models import Offer
from tovholder.visitation.deadlines import add_working_days, deadline_for, is_working_day


def test_section_99_two_working_days_across_easter():
    # Wednesday 1 April 2026; Maundy Thursday, Good Friday, the weekend and Easter Monday do not count
    assert add_working_days(datetime.date(2026, 4, 1), 2) == datetime.date(2026, 4, 8)


def test_two_working_days_across_christmas():
    # Wednesday 23 December 2026: the 24th counts (no public holiday), the 25th–27th do not
    assert add_working_days(datetime.date(2026, 12, 23), 2) == datetime.date(2026, 12, 28)


def test_store_bededag_is_no_longer_a_holiday():
    assert is_working_day(datetime.date(2026, 5, 1))  # abolished from 2024


def test_calendar_day_deadlines():
    offer = Offer(deadline_days=56, deadline_working_days=False)
    assert deadline_for(offer, datetime.date(2026, 11, 23)) == datetime.date(2027, 1, 18)
    assert deadline_for(Offer(deadline_days=None), datetime.date(2026, 11, 23)) is None


@given(st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2030, 12, 31)),
       st.integers(min_value=1, max_value=80))
def test_working_day_deadline_properties(start, days):
    end = add_working_days(start, days)
    assert end > start
    assert is_working_day(end)
    counted = sum(is_working_day(start + datetime.timedelta(days=i)) for i in range(1, (end - start).days + 1))
    assert counted == days
    # never more than a week of calendar days per working day plus holidays slack
    assert (end - start).days <= days * 7 // 5 + 10
