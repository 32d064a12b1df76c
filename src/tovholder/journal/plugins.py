"""What journal plugs in: the latest notes on the citizen overview, and the notes still to write on the
start page."""

from tovholder.citizens.overview import section
from tovholder.layout.panels import panel

from .selectors import latest_notes, notes_to_write


@section(key="notater", title="Seneste journalnotater", template="journal/section_notes.html", order=40)
def notes_section(user, citizen) -> dict:
    return {"notes": latest_notes(citizen)}


@panel(key="notater", title="Notater du mangler at skrive", template="journal/panel_notes_to_write.html", order=20,
       perm="support.provide_support")
def notes_to_write_panel(request) -> dict:
    rows = notes_to_write(request.user)
    return {"rows": rows, "shown": [p.citizen for p in rows]}
