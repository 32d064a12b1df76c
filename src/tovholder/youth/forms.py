import datetime

from django import forms
from django.utils import timezone

from tovholder.layout.forms import Day, ModelMultipleChoice
from tovholder.offers import ffb
from tovholder.plans.models import GOAL_TYPE_DEVELOP, GOAL_TYPES

from .models import Status
from .programme import EDUCATION_JOB_CONDITIONS


class StaffChoices(ModelMultipleChoice):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Status.choices, widget=forms.RadioSelect)
    since = Day(label="Fra dato")
    note = forms.CharField(label="Bemærkning", max_length=500, required=False,
                           help_text="Fx uddannelsens navn eller arbejdspladsen.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["since"].initial = timezone.localdate()


class MeetingForm(forms.Form):
    held_on = Day(label="Mødet blev holdt den")
    participants = StaffChoices(label="Deltagere fra kommunen", queryset=None, required=False,
                                widget=forms.CheckboxSelectMultiple,
                                help_text="Mindst én sagsbehandler fra Social Vejledning.")
    agreement = forms.CharField(label="Det aftalte", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    jobcenter_contact = forms.ModelChoiceField(
        label="Jobcentrets deltager", queryset=None, required=False,
        help_text="Kun netværkspersoner, som borgeren har givet samtykke til må deltage i møder.")
    jobcenter_part = forms.CharField(label="Jobcentrets del af aftalen", max_length=2000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, staff, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = staff
        self.fields["jobcenter_contact"].queryset = contacts
        self.fields["held_on"].initial = timezone.localdate()


def _conditions():
    return [(code, ffb.display(code)) for code in EDUCATION_JOB_CONDITIONS]


class GoalForm(forms.Form):
    text = forms.CharField(label="Målet med den unges egne ord", max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    condition = forms.ChoiceField(label="Uddannelse eller job (FFB-tilstand)", choices=_conditions)
    goal_type = forms.ChoiceField(label="Måltype (FFB)", choices=lambda: [(c, ffb.display(c)) for c in GOAL_TYPES],
                                  initial=GOAL_TYPE_DEVELOP)
    next_follow_up_on = Day(label="Næste opfølgning", kind="planned")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_follow_up_on"].initial = timezone.localdate() + datetime.timedelta(days=90)


class MoveForm(forms.Form):
    pension_granted_on = Day(label="Førtidspension tilkendt den")
    moved_on = Day(label="Overgår til SKP den")
    reasons = forms.CharField(label="Begrundelse til den unge (står i brevet)", max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moved_on"].initial = timezone.localdate()
