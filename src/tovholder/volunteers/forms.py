from django import forms
from django.utils import timezone

from tovholder.layout.forms import Day

from .models import INTERESTS, SLOTS, Agreement

CHECKS = forms.CheckboxSelectMultiple


class VolunteerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    first_name = forms.CharField(label="Fornavn", max_length=20000)
    last_name = forms.CharField(label="Efternavn", max_length=20000)
    phone = forms.CharField(label="Telefon", max_length=20000, required=False)
    email = forms.CharField(label="E-mail", max_length=20000, required=False)
    interests = forms.MultipleChoiceField(label="Interesser", choices=INTERESTS, widget=CHECKS)
    availability = forms.MultipleChoiceField(label="Kan (ugedage og tid på dagen)", choices=SLOTS, widget=CHECKS)
    certificate_seen_on = Day(label="Børne-/straffeattest set den", required=False)
    certificate_renew_by = Day(label="Attesten skal fornyes senest", required=False)
    consents_to_contact = forms.BooleanField(label="Den frivillige har givet samtykke til at blive kontaktet",
                                             required=False)
    max_agreements = forms.IntegerField(label="Højst antal borgere ad gangen", initial=1, min_value=1,
                                        max_value=5)
    active = forms.BooleanField(label="Aktiv", required=False, initial=True)
    note = forms.CharField(label="Bemærkning", max_length=20000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class WishForm(forms.Form):
    wish = forms.CharField(label="Borgerens ønske med egne ord", max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Fx: ”Jeg vil gerne i svømmehallen, men tør ikke alene.”")
    interests = forms.MultipleChoiceField(label="Hvad vil borgeren gerne have selskab til", choices=INTERESTS,
                                          widget=CHECKS)
    availability = forms.MultipleChoiceField(label="Hvornår kan borgeren", choices=SLOTS, widget=CHECKS)
    contact_arrangement = forms.CharField(
        label="Kontaktaftale (den frivillige ser den)", max_length=20000,
        help_text="Hvordan den frivillige tager kontakt, fx: ”Ring til mobilen dagen før, efter kl. 10.”")
    meeting_place = forms.CharField(label="Mødested (den frivillige ser det)", max_length=20000,
                                    help_text="Fx: ”Foran Ballerup Station”. Ikke borgerens adresse, medmindre "
                                              "borgeren ønsker det.")
    consent = forms.BooleanField(
        label="Borgeren giver samtykke til, at frivilligkoordinatoren ser ønsket, og at en frivillig får "
              "fornavn, kontaktaftale og mødested", required=False)
    consent_given_on = Day(label="Samtykket er givet den")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_given_on"].initial = timezone.localdate()


class AgreementForm(forms.Form):
    volunteer = forms.IntegerField(label="Frivillig", widget=forms.HiddenInput)
    starts_on = Day(label="Aftalen starter", kind="planned")
    ends_on = Day(label="Aftalen slutter", kind="planned")
    offer = forms.IntegerField(required=False, widget=forms.HiddenInput)


class OutingForm(forms.Form):
    day = Day(label="Dato")
    minutes = forms.IntegerField(label="Varighed i minutter", min_value=1, max_value=720)
    what = forms.CharField(label="Hvad lavede I", max_length=20000, required=False)
    place = forms.CharField(label="Hvor", max_length=20000, required=False)


class EndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    ended_on = Day(label="Aftalen sluttede den")
    reason = forms.ChoiceField(label="Årsag", choices=[("", "Vælg årsag"), *Agreement.EndReason.choices])
    note = forms.CharField(label="Bemærkning", max_length=20000, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Årsag til at ønsket trækkes tilbage", max_length=20000)
