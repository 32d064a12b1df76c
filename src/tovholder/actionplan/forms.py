from django import forms
from django.utils import timezone

from tovholder.layout.forms import Day

from . import indicators
from .models import Direction, Status


class EffortForm(forms.Form):
    title = forms.CharField(label="Indsats", max_length=200)
    description = forms.CharField(label="Beskrivelse", max_length=4000, required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    owner_unit = forms.TypedChoiceField(label="Ansvarlig enhed", coerce=int)
    owner = forms.TypedChoiceField(label="Ansvarlig medarbejder", coerce=int, required=False, empty_value=None,
                                   help_text="Vises ikke for Psykiatrirådet.")
    starts_on = Day(label="Start", kind="planned")
    ends_on = Day(label="Slut", kind="planned", required=False)

    def __init__(self, *args, units=(), owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].choices = [("", "Vælg en enhed")] + [(u.pk, u.name) for u in units]
        self.fields["owner"].choices = [("", "Ingen navngiven")] + [
            (u.pk, u.get_full_name() or u.username) for u in (owners or [])]


class GoalForm(forms.Form):
    text = forms.CharField(label="Mål", max_length=300, help_text="Fx “Ventelisten til SKP er højst 10 borgere”.")
    indicator = forms.ChoiceField(label="Indikator", choices=())
    target = forms.CharField(label="Målværdi", max_length=20, help_text="Et tal, fx 14 eller 27,5.")
    direction = forms.ChoiceField(label="Retning", choices=Direction.choices, widget=forms.RadioSelect,
                                  initial=Direction.AT_LEAST)
    due_on = Day(label="Nås senest", kind="planned", required=False)
    manual_unit = forms.CharField(label="Enhed for en indtastet værdi", max_length=40, required=False,
                                  help_text="Kun ved en indtastet værdi, fx “aftaler” eller “%”.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "Vælg en indikator")] + indicators.choices()


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Status.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="Kommentar", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Psykiatrirådet kan læse kommentaren: skriv ingen personoplysninger.")
    on = Day(label="Dato")
    manual_value = forms.CharField(label="Aktuel værdi", max_length=20, required=False,
                                   help_text="Kun for et mål med en indtastet værdi.")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=10**9)

    def __init__(self, *args, manual: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        if not manual:
            del self.fields["manual_value"]
