from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tovholder.layout.forms import Day
from tovholder.records import int_or_none

from .models import AccountFunction, PriceUnit
from .services import MONTHS

AMOUNT_HELP = "Hele kroner eller med decimalkomma, fx 2.500.000 eller 1234,50."


class SafeChoice(forms.ModelChoiceField):
    """A choice of a record by id that refuses a malformed or out-of-range id as an invalid choice."""

    def to_python(self, value):
        if value not in self.empty_values and int_or_none(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class FunctionChoice(SafeChoice):
    def label_from_instance(self, obj):
        years = f"{obj.first_year}–{obj.last_year or ''}"
        return f"{obj.account} {obj.title} ({years})"


def _year_field(**kwargs):
    return forms.IntegerField(label="År", min_value=2000, max_value=2100, **kwargs)


class _WithFunction(forms.Form):
    def __init__(self, *args, municipality_id: int, year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["function"].queryset = AccountFunction.objects.filter(municipality_id=municipality_id)
        if "year" in self.fields and year:
            self.fields["year"].initial = year


class OriginalForm(_WithFunction):
    function = FunctionChoice(label="Funktion", queryset=AccountFunction.objects.none())
    year = _year_field()
    amount = forms.CharField(label="Oprindeligt budget (kr.)", max_length=30, help_text=AMOUNT_HELP)


class SupplementForm(_WithFunction):
    function = FunctionChoice(label="Funktion", queryset=AccountFunction.objects.none())
    year = _year_field()
    amount = forms.CharField(label="Tillægsbevilling (kr.)", max_length=30,
                             help_text="Negativt ved en besparelse, fx -500.000. " + AMOUNT_HELP)
    decided_on = Day(label="Bevilget den")
    text = forms.CharField(label="Tekst", max_length=500,
                           help_text="Hvad bevillingen er til, fx »Budgetforlig 2017: fire nye SKP-medarbejdere«.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class ActualForm(_WithFunction):
    function = FunctionChoice(label="Funktion", queryset=AccountFunction.objects.none())
    year = _year_field()
    month = forms.TypedChoiceField(label="Måned", coerce=int,
                                   choices=[(i, name.capitalize()) for i, name in enumerate(MONTHS, start=1)])
    amount = forms.CharField(label="Forbrug (kr.)", max_length=30, help_text=AMOUNT_HELP)
    replace = forms.BooleanField(label="Erstat det bogførte beløb, hvis måneden allerede er bogført", required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV-fil fra økonomisystemet",
                           help_text="Semikolon mellem kolonnerne Funktion;År;Måned;Beløb og decimalkomma, fx "
                                     "»5.38.38.005;2026;3;1.234.567,89«.")
    replace = forms.BooleanField(label="Erstat måneder, der allerede er bogført", required=False)


class ExplanationForm(forms.Form):
    text = forms.CharField(label="Forklaring på afvigelsen", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AddFunctionForm(forms.Form):
    code = forms.CharField(label="Funktion", max_length=8, help_text="Fx 5.38.38.")
    grouping = forms.CharField(label="Gruppering", max_length=3, required=False, help_text="Tre cifre, fx 005.")
    title = forms.CharField(label="Betegnelse", max_length=200)
    first_year = forms.IntegerField(label="Gælder fra år", min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label="Gælder til og med år", min_value=2000, max_value=2100, required=False)


class StandardChartForm(forms.Form):
    first_year = forms.IntegerField(label="Gælder fra år", min_value=2000, max_value=2100)


class MappingForm(_WithFunction):
    offer = SafeChoice(label="Tilbud", queryset=None, required=False, empty_label="Købte pladser uden tilbud")
    year = _year_field()
    function = FunctionChoice(label="Konteres på funktion", queryset=AccountFunction.objects.none())

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers


class PriceForm(forms.Form):
    offer = SafeChoice(label="Tilbud", queryset=None)
    valid_from = Day(label="Gælder fra", kind="planned")
    price = forms.CharField(label="Takst (kr.)", max_length=30, help_text=AMOUNT_HELP)
    unit = forms.ChoiceField(label="Takst pr.", choices=PriceUnit.choices)
    note = forms.CharField(label="Bemærkning", max_length=300, required=False)

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
