"""What conversion plugs in: the menu entry for the import (the role that moves the municipality in)."""

from tovholder.layout import menu

from .services import RUN

menu.add(label="Indlæsning", url_name="conversion", order=96, perms=(RUN,),
         current=("conversion", "conversion_run"))
