"""What accounts plugs in: the organisation in the menu, and the users and roles on the start page."""

from tovholder.layout import menu
from tovholder.layout.panels import panel

from .selectors import users_and_roles

menu.add(label="Organisation", url_name="organisation", order=30, perms=("accounts.view_organisation",),
         current=("organisation", "users"))


@panel(key="brugere", title="Brugere og roller", template="accounts/panel_users.html", order=85,
       perm="accounts.view_organisation")
def users_panel(request) -> dict:
    counts, rows, _ = users_and_roles(request.user)
    return {"counts": counts, "total": len(rows), "shown": []}
