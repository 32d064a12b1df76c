from django import forms
from django.core.exceptions import ValidationError

from tovholder.layout.forms import DATE, Day

from .models import GoalEntry
from .services import (
    ALERT_DAYS,
    MAX_CONTACTS,
    MAX_HELP,
    MAX_MESSAGE,
    MAX_NAME,
    MAX_NOTE,
    MAX_SECTION,
    MAX_SUBJECT,
    MAX_TEXT,
)


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


def _scale(low: str, high: str) -> list[tuple[int, str]]:
    return [(n, f"{n} – {low}" if n == 1 else f"{n} – {high}" if n == 10 else str(n)) for n in range(1, 11)]


class CheckInForm(forms.Form):
    """Mood and sleep as radio buttons (a fieldset with a legend each); the service checks the scale again."""

    mood = forms.TypedChoiceField(label="Hvordan har du det i dag?", coerce=int, widget=forms.RadioSelect,
                                  choices=_scale("meget dårligt", "rigtig godt"),
                                  error_messages={"required": "Vælg hvordan du har det, fra 1 til 10.",
                                                  "invalid_choice": "Vælg hvordan du har det, fra 1 til 10."})
    sleep = forms.TypedChoiceField(label="Hvordan har du sovet?", coerce=int, widget=forms.RadioSelect,
                                   choices=_scale("meget dårligt", "rigtig godt"),
                                   error_messages={"required": "Vælg hvordan du har sovet, fra 1 til 10.",
                                                   "invalid_choice": "Vælg hvordan du har sovet, fra 1 til 10."})
    note = forms.CharField(label="Vil du skrive lidt om det? (kan udelades)", required=False, max_length=MAX_NOTE,
                           widget=forms.Textarea(attrs={"rows": 2}), help_text="Højst 500 tegn.",
                           error_messages={"max_length": "Noten må højst være 500 tegn."})
    day = Day(label="Dag", required=False, help_text="I dag, eller en af de seneste 7 dage, hvis du har glemt det.",
              error_messages={"invalid": "Skriv en gyldig dato."})


class CheckInAlertForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Sig til min tovholder, hvis jeg ikke har tjekket ind i …", coerce=int, empty_value=0,
        widget=forms.RadioSelect, required=False, initial=0,
        choices=[(0, "Nej tak, min tovholder skal ikke have besked")] + [(n, f"{n} dage") for n in ALERT_DAYS],
        error_messages={"invalid_choice": "Vælg et af svarene på listen."})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
LINES = "Skriv én ting på hver linje."


class CrisisPlanForm(forms.Form):
    """The crisis plan: one text area a section, one item a line (plain text areas work with every screen
    reader, the keyboard and on a phone without JavaScript), and rows of name and phone for whom to call."""

    warning_signs = forms.CharField(
        label="Mine advarselstegn", required=False, max_length=MAX_SECTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Hvad mærker du, eller hvad ser andre, når det begynder at gå dårligt? {LINES}")
    my_actions = forms.CharField(
        label="Det gør jeg selv", required=False, max_length=MAX_SECTION, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Hvad hjælper dig, når du mærker advarselstegnene? {LINES}")
    others_actions = forms.CharField(
        label="Det kan andre gøre for mig", required=False, max_length=MAX_SECTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Hvad vil du gerne have, at dine nærmeste eller personalet gør – og hvad skal de lade være med? "
                  f"{LINES}")
    written_with = forms.CharField(
        label="Skrevet sammen med (valgfrit)", required=False, max_length=MAX_NAME,
        help_text="Hvis du har skrevet planen sammen med nogen, fx din tovholder, kan du skrive deres fornavn her.")
    based_on = forms.CharField(widget=forms.HiddenInput, required=False, max_length=30)  # the version edited

    def __init__(self, *args, rows: int = 3, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:  # as many rows as were sent (within the limit)
            sent = [int(k.split("_")[1]) for k in self.data if k.startswith(("navn_", "telefon_"))
                    and k.split("_")[1].isdigit()]
            rows = max([rows, *sent])
        self.rows = min(max(rows, 1), MAX_CONTACTS)
        for i in range(1, self.rows + 1):
            self.fields[f"navn_{i}"] = forms.CharField(label=f"Navn, person {i}", required=False,
                                                       max_length=MAX_NAME)
            self.fields[f"telefon_{i}"] = forms.CharField(label=f"Telefon, person {i}", required=False,
                                                          max_length=22, widget=forms.TextInput(attrs={"type": "tel"}))

    def contact_rows(self):
        return [(i, self[f"navn_{i}"], self[f"telefon_{i}"]) for i in range(1, self.rows + 1)]

    def contacts(self) -> list[tuple[str, str]]:
        d = self.cleaned_data
        return [(d.get(f"navn_{i}") or "", d.get(f"telefon_{i}") or "") for i in range(1, self.rows + 1)]


def crisis_plan_initial(plan) -> dict:
    """The form filled with the current version (the citizen edits it into the next one)."""
    if plan is None:
        return {"based_on": 0}
    initial = {"warning_signs": plan.warning_signs, "my_actions": plan.my_actions,
               "others_actions": plan.others_actions, "written_with": plan.written_with, "based_on": plan.number}
    for i, c in enumerate(plan.contacts[:MAX_CONTACTS], start=1):
        initial[f"navn_{i}"], initial[f"telefon_{i}"] = c.get("name", ""), c.get("phone", "")
    return initial
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
