import datetime

from django import forms

from tovholder.layout.forms import Day

MAX_PERIOD_DAYS = 3 * 366


class PeriodForm(forms.Form):
    """The dashboard's period (compared with the same period last year) and unit. A GET form: bad input
    shows a message and the default period."""

    fra = Day(label="Fra og med")
    til = Day(label="Til og med")
    enhed = forms.TypedChoiceField(label="Enhed", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhed"].choices = [("", "Hele kommunen")] + [(u.pk, u.name) for u in units]

    def clean(self):
        data = super().clean()
        d0, d1 = data.get("fra"), data.get("til")
        if d0 and d1:
            if d1 < d0:
                self.add_error("til", "Til-datoen skal ligge efter fra-datoen.")
            elif (d1 - d0).days + 1 > MAX_PERIOD_DAYS:
                self.add_error("fra", "Vælg en periode på højst tre år.")
            elif d1 > datetime.date.today() + datetime.timedelta(days=1):
                self.add_error("til", "Perioden kan ikke slutte i fremtiden.")
        return data


class FillForm(forms.Form):
    date_from = Day(label="Første dag")
    date_to = Day(label="Sidste dag")
    recompute = forms.BooleanField(label="Beregn også dage, der allerede er udfyldt", required=False)
