"""What staffing plugs in: the menu entry for managers."""

from tovholder.layout import menu

menu.add(label="Normering", url_name="staffing", order=78, perms=("staffing.view_staffing",),
         current=("staffing", "staffing_plan", "staffing_employment"))
