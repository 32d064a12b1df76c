"""What committee plugs in: the main menu's entry for the managers who may make a committee report (all
four of the permissions the report draws on)."""

from tovholder.layout import menu

from .services import PERMS

menu.add(label="Udvalgssager", url_name="committee_index", order=93, perms=PERMS[:1],
         visible=lambda user: all(user.has_perm(p) for p in PERMS),
         current=("committee_index", "committee_report", "committee_edit"))
