"""What offers plugs in: the catalogue in the menu."""

from tovholder.layout import menu

menu.add(label="Tilbud", url_name="catalogue", order=20, perms=("accounts.view_offer_catalogue",))
