"""What forecast plugs in: the forecasts in the menu."""

from tovholder.layout import menu

menu.add(label="Prognose", url_name="forecast", order=90, perms=("forecast.run_forecast",))
