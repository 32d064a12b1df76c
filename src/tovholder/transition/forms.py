from django import forms

from tovholder.layout.forms import Day
from tovholder.todo.forms import StaffChoice


class OpenForm(forms.Form):
    request = forms.TypedChoiceField(label="Henvendelse fra børne- og familieområdet", required=False, coerce=int,
                                     empty_value=None)
    opened_on = Day(label="Oprettet", required=False, help_text="Tom: i dag.")

    def __init__(self, *args, requests, **kwargs):
        super().__init__(*args, **kwargs)
        from tovholder.layout import formats

        self.fields["request"].choices = [("", "Ingen henvendelse endnu")] + [
            (r.pk, f"Modtaget {formats.day(r.received_on)}: {r.asks_for[:60]}") for r in requests]


class PlanForm(forms.Form):
    meeting_on = Day(label="Overleveringsmøde", kind="planned", required=False)
    meeting_place = forms.CharField(label="Mødested", required=False, max_length=200)
    participants = forms.CharField(label="Deltagere", required=False, max_length=1000,
                                   help_text="Fx den unge, forældre, sagsbehandler fra børneområdet, kontaktperson.",
                                   widget=forms.Textarea(attrs={"rows": 2}))
    continues = forms.CharField(label="Hvad fortsætter fra det 18. år", required=False, max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    adult_coordinator = StaffChoice(label="Tovholder i voksenområdet", queryset=None, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adult_coordinator"].queryset = staff


class HandoverForm(forms.Form):
    held_on = Day(label="Mødet blev holdt")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
