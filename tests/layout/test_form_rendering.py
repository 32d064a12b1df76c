"""Forms render in Det Fælles Designsystem: the error summary lists every error and links to its
field, the field is marked, and the inputs carry DKFDS's classes."""

import re

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse


def test_error_summary_lists_and_links_each_error(client, world):
    client.force_login(world.caseworker)
    response = client.post(reverse("citizen_create"), {"cpr": "321390-1234", "first_name": "", "last_name": ""})
    assert response.status_code == 200
    html = response.content.decode()
    summary = re.search(r'<div class="alert alert-error error-summary".*?</ul>', html, re.S).group(0)
    assert 'role="alert"' in summary and 'data-module="error-summary"' in summary
    links = dict(re.findall(r'<a class="function-link" href="#([^"]+)">([^<]+)</a>', summary))
    assert set(links) == {"id_cpr", "id_first_name", "id_last_name"}
    assert "gyldig fødselsdato" in links["id_cpr"] and links["id_first_name"].startswith("Fornavn")
    for field_id in links:  # each link leads to an input on the page, marked as in error
        assert re.search(rf'<input[^>]*id="{field_id}"[^>]*aria-invalid="true"', html) or \
            re.search(rf'<input[^>]*aria-invalid="true"[^>]*id="{field_id}"', html)
    assert html.count('class="form-group form-error"') == 3
    assert 'class="form-error-message" id="id_cpr_errors"' in html


class _Kinds(forms.Form):
    name = forms.CharField(label="Navn", help_text="Som i folkeregistret.")
    kind = forms.ChoiceField(label="Slags", choices=[("a", "A"), ("b", "B")])
    how = forms.ChoiceField(label="Hvordan", choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect)
    agree = forms.BooleanField(label="Enig", required=False)


def test_each_kind_of_field_gets_its_dkfds_markup():
    form = _Kinds(data={"name": "", "kind": "a"})
    assert not form.is_valid()
    html = "".join(render_to_string("layout/field.html", {"field": f}) for f in form)
    assert re.search(r'<input[^>]*class="form-input"[^>]*id="id_name"', html)
    assert 'class="form-hint" id="id_name_helptext"' in html
    assert re.search(r'<select[^>]*class="form-select"', html)
    assert '<legend class="form-label">Hvordan' in html  # a list of radios is a fieldset with a legend
    assert re.search(r'<input[^>]*class="form-checkbox"[^>]*id="id_agree"', html)
    summary = render_to_string("layout/form_errors.html", {"form": form})
    assert 'href="#id_how_0"' in summary  # a radio list's error leads to its first option
    assert 'href="#id_name"' in summary


def test_messages_are_dkfds_alerts_of_their_kind():
    class Message:
        def __init__(self, tags, text):
            self.tags, self.text = tags, text

        def __str__(self):
            return self.text

    messages = [Message("success", "Notatet er gemt."), Message("error", "Aftalen er ikke flyttet.")]
    html = render_to_string("base.html", {"page_municipality": None, "messages": messages})
    assert re.search(r'class="alert alert-success messages-alert">.*#success".*Notatet er gemt\.', html)
    assert re.search(r'class="alert alert-error messages-alert">.*#error".*Aftalen er ikke flyttet\.', html)
