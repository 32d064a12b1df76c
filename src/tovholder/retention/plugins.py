"""What retention plugs in: its menu entry."""

from tovholder.layout import menu

menu.add(label="Sletning", url_name="retention", order=90,
         perms=("retention.approve_deletion", "retention.place_legal_hold"),
         current=("retention", "retention-proposal", "retention-record"))
