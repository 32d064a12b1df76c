from django import forms
from django.core.exceptions import ValidationError

from tovholder.layout.forms import DATE, Day

from .models import GoalEntry
from .services import ALERT_DAYS, MAX_NOTE, MAX_TEXT


class GoalEntryForm(forms.Form):
    kind = forms.ChoiceField(label="Hvad vil du skrive?", choices=GoalEntry.Kind.choices, widget=forms.RadioSelect,
                             initial=GoalEntry.Kind.COMMENT)
    text = forms.CharField(label="Din tekst", max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Skriv med dine egne ord. Højst 2.000 tegn.")


class PeriodForm(forms.Form):
    fra = Day(label="Fra dato", required=False, widget=DATE)
    til = Day(label="Til dato", required=False, widget=DATE)
    egne = forms.BooleanField(label="Vis også mine egne opslag i Min Tovholder", required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("fra"), data.get("til")
        if start and end and start > end:
            raise ValidationError({"til": "Til-datoen skal være samme dag som fra-datoen eller senere."})
        return data


def _scale(low: str, high: str) -> list[tuple[int, str]]:
    return [(n, f"{n} – {low}" if n == 1 else f"{n} – {high}" if n == 10 else str(n)) for n in range(1, 11)]


class CheckInForm(forms.Form):
    """Mood and sleep as radio buttons (a fieldset with a legend each); the service checks the scale again."""

    mood = forms.TypedChoiceField(label="Hvordan har du det i dag?", coerce=int, widget=forms.RadioSelect,
                                  choices=_scale("meget dårligt", "rigtig godt"),
                                  error_messages={"required": "Vælg hvordan du har det, fra 1 til 10.",
                                                  "invalid_choice": "Vælg hvordan du har det, fra 1 til 10."})
    sleep = forms.TypedChoiceField(label="Hvordan har du sovet?", coerce=int, widget=forms.RadioSelect,
                                   choices=_scale("meget dårligt", "rigtig godt"),
                                   error_messages={"required": "Vælg hvordan du har sovet, fra 1 til 10.",
                                                   "invalid_choice": "Vælg hvordan du har sovet, fra 1 til 10."})
    note = forms.CharField(label="Vil du skrive lidt om det? (kan udelades)", required=False, max_length=MAX_NOTE,
                           widget=forms.Textarea(attrs={"rows": 2}), help_text="Højst 500 tegn.",
                           error_messages={"max_length": "Noten må højst være 500 tegn."})
    day = Day(label="Dag", required=False, help_text="I dag, eller en af de seneste 7 dage, hvis du har glemt det.",
              error_messages={"invalid": "Skriv en gyldig dato."})


class CheckInAlertForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Sig til min tovholder, hvis jeg ikke har tjekket ind i …", coerce=int, empty_value=0,
        widget=forms.RadioSelect, required=False, initial=0,
        choices=[(0, "Nej tak, min tovholder skal ikke have besked")] + [(n, f"{n} dage") for n in ALERT_DAYS],
        error_messages={"invalid_choice": "Vælg et af svarene på listen."})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
