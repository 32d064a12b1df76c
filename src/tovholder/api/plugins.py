"""What the API plugs in: the administrator's menu entry for API clients."""

from tovholder.layout import menu

from .services import MANAGE

menu.add(label="API-klienter", url_name="api_clients", order=95, perms=(MANAGE,),
         current=("api_clients", "api_client_create", "api_client"))
