from django import forms

from tovholder.layout.forms import Day

from .models import MAX_TEXT
from .selectors import quarters


class PeriodForm(forms.Form):
    """A finished quarter, or a period of one's own (both days given, which then win over the quarter)."""

    quarter = forms.ChoiceField(label="Kvartal", required=False)
    date_from = Day(label="Eller en periode: første dag", required=False)
    date_to = Day(label="Sidste dag", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.quarters = {key: (first, last) for key, _label, first, last in quarters()}
        self.fields["quarter"].choices = [("", "Vælg et kvartal")] + [(k, label) for k, label, _f, _l in quarters()]

    def clean(self):
        data = super().clean()
        d0, d1, q = data.get("date_from"), data.get("date_to"), data.get("quarter")
        if self.errors:
            return data
        if d0 or d1:
            if not (d0 and d1):
                self.add_error("date_to" if d0 else "date_from", "Skriv både en første og en sidste dag.")
            elif d1 < d0:
                self.add_error("date_to", "Den sidste dag skal ligge efter den første.")
        elif q:
            data["date_from"], data["date_to"] = self.quarters[q]
        else:
            self.add_error("quarter", "Vælg et kvartal, eller skriv en periode.")
        return data


class DraftForm(forms.Form):
    recommendation = forms.CharField(label="Indstilling", required=False,
                                     widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT}))
    summary = forms.CharField(label="Resumé", required=False,
                              widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_TEXT}))
    economy_note = forms.CharField(label="Økonomiske bemærkninger (forklaringer på afvigelserne)", required=False,
                                   widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_TEXT}))
    options = forms.CharField(label="Handlemuligheder", required=False,
                              widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_TEXT}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
