"""Showing a service's ValidationError on the form that sent the input."""

from django import forms
from django.core.exceptions import ValidationError

from .dates import check_date


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Day(forms.DateField):
    """A date field with the house's one date validation (`records.check_date`): not before 1900, not
    far ahead; `kind="planned"` for a planned date (a review, a follow-up, an expected decision)."""

    def __init__(self, *args, kind: str = "any", **kwargs):
        self.kind = kind
        kwargs.setdefault("widget", DATE)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except (OverflowError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        super().validate(value)
        check_date(value, kind=self.kind)


TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ModelMultipleChoice(forms.ModelMultipleChoiceField):
    """A choice of several records by id that refuses a malformed or out-of-range id as an invalid choice
    (Django's own field sends it to the database in an `__in` lookup, and SQLite and PostgreSQL fail on a
    number beyond 64 bits)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and len(text) <= 18):
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": text[:40]})
        return super()._check_values(value)


class UserChoiceField(forms.ModelChoiceField):
    """A choice of a person (staff), shown by name."""

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username
