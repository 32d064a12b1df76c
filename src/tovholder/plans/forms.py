import datetime

from django import forms
from django.utils import timezone

from tovholder.accounts.selectors import colleagues
from tovholder.layout.forms import DATE, Day, UserChoiceField
from tovholder.offers import ffb

from .models import GOAL_TYPES, GoalFollowUp

LEVELS = [("", "Ikke valgt"), ("0", "0 – Ingen nedsat funktionsevne"), ("1", "1 – Let nedsat"),
          ("2", "2 – Moderat nedsat"), ("3", "3 – Svært nedsat"), ("4", "4 – Fuldstændig nedsat")]


def goal_type_choices():
    return [("", "Vælg måltype")] + [(code, ffb.display(code)) for code in GOAL_TYPES]


def condition_choices():
    """FFB's conditions (tilstande), grouped under their areas."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for concept in ffb.under("FFB tilstande"):
        if len(concept.path) >= 3:  # a condition, under category > area > sub-area
            groups.setdefault(concept.path[-1], []).append((concept.code, concept.display))
    return [("", "Ingen tilstand valgt")] + [(area, sorted(items, key=lambda i: i[1]))
                                             for area, items in sorted(groups.items())]


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    aim = forms.CharField(label="Borgerens overordnede ønske – med egne ord", max_length=4000, required=False,
                          widget=forms.Textarea(attrs={"rows": 4}))
    review_on = Day(label="Planen evalueres", kind="planned", required=False, widget=DATE)


class GoalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label="Målet med borgerens egne ord", max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    goal_type = forms.ChoiceField(label="Måltype (FFB)")
    condition = forms.ChoiceField(label="Primær tilstand (FFB)", required=False)
    secondary_conditions = forms.MultipleChoiceField(
        label="Sekundære tilstande (FFB)", required=False, widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Andre tilstande, målet også arbejder med.")
    start_level = forms.TypedChoiceField(label="Funktionsevneniveau nu", choices=LEVELS, coerce=int,
                                         empty_value=None, required=False)
    target_level = forms.TypedChoiceField(label="Mål for funktionsevneniveau", choices=LEVELS, coerce=int,
                                          empty_value=None, required=False)
    next_follow_up_on = Day(label="Næste opfølgning", kind="planned", widget=DATE)
    responsible = UserChoiceField(label="Ansvarlig medarbejder", queryset=None, required=False)
    created_on = Day(label="Målet blev sat den", widget=DATE, required=False,
                                 help_text="I dag, medmindre målet blev sat tidligere og skrives ind nu.")

    def __init__(self, *args, user, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            self.fields["created_on"].initial = timezone.localdate()
        else:
            del self.fields["created_on"]
        self.fields["goal_type"].choices = goal_type_choices()
        self.fields["condition"].choices = condition_choices()
        self.fields["secondary_conditions"].choices = condition_choices()[1:]
        self.fields["responsible"].queryset = colleagues(user)
        if not self.is_bound and not self.initial.get("next_follow_up_on"):
            self.fields["next_follow_up_on"].initial = timezone.localdate() + datetime.timedelta(days=91)


class FollowUpForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    held_on = Day(label="Opfølgningen blev holdt", widget=DATE)
    result = forms.ChoiceField(label="Resultat", choices=[("", "Vælg resultat")] + list(GoalFollowUp.Result.choices))
    learned = forms.CharField(label="Hvad har vi lært", max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    level_reached = forms.TypedChoiceField(label="Funktionsevneniveau nu (på målets tilstand)", choices=LEVELS,
                                           coerce=int, empty_value=None, required=False)
    next_on = Day(label="Næste opfølgning", kind="planned", required=False, widget=DATE,
                              help_text="Tom, når målet afsluttes.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["held_on"].initial = today
        self.fields["next_on"].initial = today + datetime.timedelta(days=91)
