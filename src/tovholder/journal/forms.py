import datetime

from django import forms
from django.utils import timezone

from tovholder.activities.models import Occasion, Participation
from tovholder.layout import formats
from tovholder.layout.forms import DATE, TIME, Day, ModelMultipleChoice

from .models import MAX_TEXT


class GoalsField(ModelMultipleChoice):
    def label_from_instance(self, obj):
        return str(obj)


OUTCOMES = [(Participation.Status.ATTENDED, "Ja, kontakten blev til noget"),
            (Participation.Status.NO_SHOW, "Nej, borgeren udeblev"),
            (Participation.Status.CANCELLED, "Nej, borgeren meldte afbud")]


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label="Kontaktform", choices=Occasion.Kind.choices)
    status = forms.ChoiceField(label="Blev kontakten til noget?", choices=OUTCOMES, widget=forms.RadioSelect,
                               initial=Participation.Status.ATTENDED)
    day = Day(label="Dato for kontakten", widget=DATE)
    time = forms.TimeField(label="Klokken", widget=TIME)
    minutes = forms.IntegerField(label="Varighed i minutter", min_value=0, max_value=24 * 60 - 1,
                                 help_text="Borgerens tid i kontakten. 0 ved udeblivelse eller afbud.")
    goals = GoalsField(label="Mål kontakten arbejdede med", queryset=None, required=False,
                       widget=forms.CheckboxSelectMultiple)
    text = forms.CharField(label="Notat", widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=f"Højst {formats.number(MAX_TEXT)} tegn.")

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = goals
        if not self.is_bound:
            now = timezone.localtime()
            self.fields["day"].initial = self.initial.get("day", now.date())
            self.fields["time"].initial = self.initial.get("time", now.time().replace(second=0, microsecond=0))

    def occurred_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))


class CorrectionForm(NoteForm):
    reason = forms.CharField(label="Hvorfor rettes notatet", max_length=500,
                             help_text="Den gamle version bevares og kan ses af alle med adgang.")


class NoteSearchForm(forms.Form):
    q = forms.CharField(label="Søg i journalnotater", max_length=200, required=False)
