"""What accounts plugs in: the organisation in the menu."""

from tovholder.layout import menu

menu.add(label="Organisation", url_name="organisation", order=30, perms=("accounts.view_organisation",))
