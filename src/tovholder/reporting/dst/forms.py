from django import forms


class MonthForm(forms.Form):
    month = forms.ChoiceField(label="Måned", help_text="Den måned, der indberettes (som regel den, der lige er gået).")

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = list(choices)
