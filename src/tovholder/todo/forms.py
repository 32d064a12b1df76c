from django import forms
from django.core.exceptions import ValidationError

from tovholder.layout.forms import Day, UserChoiceField
from tovholder.records import int_or_none


class _ById:
    """A choice by id that refuses a malformed or out-of-range id as an invalid choice (never a server error
    on 'abc' or a 10 000-digit number)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if int_or_none(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class StaffChoice(_ById, UserChoiceField):
    default_error_messages = {"invalid_choice": "Medarbejderen findes ikke i kommunen. Vælg en på listen."}


class TeamChoice(_ById, forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": "Teamet findes ikke i kommunen. Vælg et på listen."}


class TaskForm(forms.Form):
    title = forms.CharField(label="Opgave", max_length=200)
    detail = forms.CharField(label="Beskrivelse", required=False, max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}))
    due = Day(label="Frist", kind="planned")
    assignee = StaffChoice(label="Medarbejder", queryset=None, required=False,
                           help_text="Tom: opgaven går til teamet, eller til dig, hvis du ikke vælger et team.")
    team = TeamChoice(label="Team", queryset=None, required=False)

    def __init__(self, *args, staff, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff
        self.fields["team"].queryset = teams


class ReassignForm(forms.Form):
    assignee = StaffChoice(label="Giv opgaven til", queryset=None, required=False)
    team = TeamChoice(label="eller til teamet", queryset=None, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, staff, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff
        self.fields["team"].queryset = teams
