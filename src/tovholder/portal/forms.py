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


class GrantForm(forms.Form):
    """Give a relative access to chosen parts of Min Tovholder (the parts are those registered in `portal.shares`;
    the view sets the citizen's relatives as the choices of `relative`)."""

    # the id is checked by the service: another citizen's relative is 404, as an id in a URL
    relative = forms.CharField(label="Hvem skal have adgang?", widget=forms.Select, max_length=20,
                               error_messages={"required": "Vælg hvem der skal have adgang.",
                                               "max_length": "Vælg en af dine pårørende på listen."})
    parts = forms.MultipleChoiceField(label="Hvad må den pårørende se?", widget=forms.CheckboxSelectMultiple,
                                      error_messages={"invalid_choice": "Vælg blandt de dele, der står på listen.",
                                                      "required": "Vælg mindst én af de dele, du vil dele."},
                                      help_text="Din journal deles aldrig.")
    cpr = forms.CharField(label="Den pårørendes CPR-nummer", max_length=20,
                          help_text="Så den pårørende kan logge ind med sit MitID. Vi gemmer ikke nummeret, kun en "
                                    "kode, der passer til det.",
                          error_messages={"required": "Skriv den pårørendes CPR-nummer.",
                                          "max_length": "Et CPR-nummer har 10 cifre (fx 010190-1234)."})

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = [(s.key, s.label) for s in parts]
        self.fields["cpr"].widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})
