"""What budget plugs in: the main menu's entry for the managers who follow the budget."""

from tovholder.layout import menu

menu.add(label="Økonomi", url_name="budget_followup", order=92, perms=("budget.follow_budget",),
         current=("budget_followup", "budget_offers", "budget_appropriations", "budget_actuals",
                  "budget_explanation", "budget_setup"))
