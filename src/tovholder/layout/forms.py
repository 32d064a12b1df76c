"""Showing a service's ValidationError on the form that sent the input."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class UserChoiceField(forms.ModelChoiceField):
    """A choice of a person (staff), shown by name."""

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username
