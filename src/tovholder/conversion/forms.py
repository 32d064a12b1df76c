from django import forms

from .reader import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Fil fra det tidligere system",
        help_text=f"JSON efter formatbeskrivelsen, eller CSV med borgere eller pårørende. Højst "
                  f"{MAX_BYTES // (1024 * 1024)} MB.")
    mode = forms.ChoiceField(
        label="Hvad skal der ske", widget=forms.RadioSelect, initial="dry",
        choices=[("dry", "Prøvekørsel: vis hvad der ville blive oprettet og afvist, uden at gemme noget"),
                 ("import", "Indlæs: opret borgere, sager og planer")])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"Filen er for stor: højst {MAX_BYTES // (1024 * 1024)} MB pr. fil.")
        return upload
