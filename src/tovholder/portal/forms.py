from django import forms
from django.core.exceptions import ValidationError

from tovholder.layout.forms import DATE, Day

from .models import GoalEntry
from .services import MAX_HELP, MAX_MESSAGE, MAX_SUBJECT, MAX_TEXT


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


class HelpForm(forms.Form):
    text = forms.CharField(label="Hvad vil du gerne have hjælp til?", max_length=MAX_HELP,
                           widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="Skriv med dine egne ord, fx hvad der er svært lige nu. Højst 4.000 tegn.")


class MessageForm(forms.Form):
    subject = forms.CharField(label="Emne", max_length=MAX_SUBJECT, help_text="Et par ord om, hvad det drejer sig om.")
    text = forms.CharField(label="Din besked", max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="Højst 4.000 tegn.")


class ReplyForm(forms.Form):
    text = forms.CharField(label="Skriv igen", max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="Højst 4.000 tegn.")


class AnswerForm(forms.Form):
    text = forms.CharField(label="Dit svar til borgeren", max_length=MAX_MESSAGE,
                           widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="Borgeren ser dit svar med dit fornavn. Højst 4.000 tegn.")
