from django import forms


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Begrundelse", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Skriv begrundelsen.",
                                             "max_length": "Begrundelsen må højst være 500 tegn."})


class ApproveForm(forms.Form):
    confirm = forms.BooleanField(
        label="Jeg har kontrolleret, at kommunen ikke længere må opbevare oplysningerne, og at de skal slettes",
        error_messages={"required": "Sæt flueben for at bekræfte sletningen."})


class HoldForm(forms.Form):
    cpr = forms.CharField(label="Borgerens CPR-nummer", max_length=11,
                          error_messages={"required": "Skriv borgerens CPR-nummer."})
    reason = ReasonForm.base_fields["reason"]


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label="Slags oplysninger", error_messages={"required": "Vælg en slags oplysninger.",
                                                                        "invalid_choice": "Vælg en slags fra listen."})
    years = forms.IntegerField(label="År efter afslutning", min_value=1, max_value=100,
                               error_messages={"required": "Skriv antal år.", "invalid": "Skriv et helt antal år.",
                                               "min_value": "Skriv mindst 1 år.", "max_value": "Skriv højst 100 år."})
    basis = forms.CharField(label="Grundlag (fx lov eller journalplan)", max_length=300, required=False,
                            error_messages={"max_length": "Grundlaget må højst være 300 tegn."})
