"""The journal's part of the citizen overview (registered from JournalConfig.ready)."""

from tovholder.citizens.overview import section

from .selectors import latest_notes


@section(key="notater", title="Seneste journalnotater", template="journal/section_notes.html", order=40)
def notes_section(user, citizen) -> dict:
    return {"notes": latest_notes(citizen)}
