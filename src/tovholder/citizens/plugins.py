"""What citizens plugs in: the citizen list in the menu."""

from tovholder.layout import menu

menu.add(label="Borgere", url_name="citizens", order=10)
