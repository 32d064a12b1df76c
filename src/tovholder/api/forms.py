from django import forms

from tovholder.accounts.models import Unit
from tovholder.accounts.roles import ROLES
from tovholder.layout.forms import ModelMultipleChoice

from .models import Scope

CHECKS = forms.CheckboxSelectMultiple


class ClientForm(forms.Form):
    name = forms.CharField(label="Navn", max_length=20000, help_text="Fx ”Jobcentrets system”.")
    role = forms.ChoiceField(label="Rolle", choices=[(r, r) for r in ROLES],
                             help_text="Klienten må det samme som en medarbejder med rollen.")
    whole_municipality = forms.BooleanField(label="Klienten må se alle kommunens borgere", required=False)
    units = ModelMultipleChoice(label="Eller kun borgere, som disse enheder følger",
                                           queryset=Unit.objects.none(), widget=CHECKS, required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(municipality=municipality).order_by("name")  # type: ignore[attr-defined]


class TokenForm(forms.Form):
    scopes = forms.MultipleChoiceField(label="Rettigheder", choices=Scope.choices, widget=CHECKS,
                                       initial=[Scope.READ])
    days = forms.IntegerField(label="Gælder i antal dage", min_value=1, max_value=366, initial=90)
