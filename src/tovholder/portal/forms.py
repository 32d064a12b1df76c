from django import forms
from django.core.exceptions import ValidationError

from tovholder.layout.forms import DATE, Day

from .models import GoalEntry
from .services import MAX_TEXT


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
