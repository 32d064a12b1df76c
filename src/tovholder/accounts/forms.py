import re

from django import forms

CODE = re.compile(r"^[a-z0-9]{6,16}$")


class CodeForm(forms.Form):
    """A code from the authenticator app (six digits) or a recovery code (eight letters and digits)."""

    code = forms.CharField(label="Kode", max_length=40, error_messages={"required": "Skriv koden."},
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                                         "spellcheck": "false", "autocapitalize": "off"}))

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()
        if not CODE.match(code):
            raise forms.ValidationError("Koden skal være de seks cifre fra appen eller en gendannelseskode.")
        return code
