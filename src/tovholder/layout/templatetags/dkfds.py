"""Form fields drawn with Det Fælles Designsystem's classes (used by templates/layout/field.html)."""

from django import forms, template

register = template.Library()

CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def dkfds_kind(field) -> str:
    """How the field is laid out: 'checkbox' (one box), 'choices' (a list of radios/boxes in a fieldset),
    or 'input'."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, CHOICE_LISTS):
        return "choices"
    return "input"


@register.filter
def dkfds_widget(field):
    """The field's widget with DKFDS's class added (form-input, form-select, form-checkbox)."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-checkbox"
    elif isinstance(widget, CHOICE_LISTS):
        return field.as_widget()
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-input"
    existing = widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def first_input_id(field) -> str:
    """Where a link in the error summary leads: the field's input (the first option of a list)."""
    widget = field.field.widget
    if isinstance(widget, CHOICE_LISTS):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id
