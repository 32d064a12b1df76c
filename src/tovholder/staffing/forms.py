from django import forms

from tovholder.layout.forms import Day


class PlanForm(forms.Form):
    unit = forms.TypedChoiceField(label="Enhed", coerce=int)
    year = forms.IntegerField(label="År", min_value=1900, max_value=9999)
    fte = forms.CharField(label="Planlagte årsværk", max_length=12, help_text="Fx 8 eller 2,5.")
    note = forms.CharField(label="Begrundelse", max_length=300, required=False,
                           help_text="Fx “Budgetforlig 2016: fire nye støtte-kontaktpersoner”.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=10**9)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Vælg en enhed")] + [(u.pk, u.name) for u in units]


class EmploymentForm(forms.Form):
    staff = forms.TypedChoiceField(label="Medarbejder", coerce=int)
    unit = forms.TypedChoiceField(label="Enhed", coerce=int)
    starts_on = Day(label="Ansat fra")
    ends_on = Day(label="Ansat til og med", required=False, help_text="Tom: indtil videre.")
    fte = forms.CharField(label="Årsværk", max_length=12, initial="1",
                          help_text="1 er fuld tid; 0,8 er 30 timer om ugen.")
    note = forms.CharField(label="Bemærkning", max_length=300, required=False)

    def __init__(self, *args, staff=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = [("", "Vælg en medarbejder")] + [(s.pk, str(s)) for s in staff]
        self.fields["unit"].choices = [("", "Vælg en enhed")] + [(u.pk, u.name) for u in units]


class EndForm(forms.Form):
    period = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=10**9)
    ends_on = Day(label="Sidste dag i ansættelsen")


class YearForm(forms.Form):
    aar = forms.IntegerField(label="År", min_value=2000, max_value=2100, required=False)
