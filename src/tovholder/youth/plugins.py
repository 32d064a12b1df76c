"""What Ungeindsats plugs in: the menu, the plan's requirement of an education/job goal and the citizen
overview's section."""

from tovholder.citizens.overview import section
from tovholder.layout import menu
from tovholder.plans.requirements import requirement

from .models import Status
from .programme import is_education_goal, mentor_effort, programme_of
from .selectors import effort_and_status

menu.add(label="Ungeindsats", url_name="youth_list", order=57,
         perms=("support.provide_support", "visitation.handle_cases", "outcomes.view_outcome_figures"),
         current=("youth_list", "youth_citizen", "youth_figures"))


@requirement
def education_goal(citizen, active_goals) -> str | None:
    """Every Ungeindsats plan keeps an education/job goal while the mentor effort is in force."""
    if any(is_education_goal(g) for g in active_goals):
        return None
    if mentor_effort(citizen, programme_of(citizen.municipality_id)) is None:
        return None
    return ("En plan i Ballerup Ungeindsats skal altid have et mål om uddannelse eller job. Sæt et nyt "
            "uddannelses- eller jobmål, før dette afsluttes eller ændres.")


@section(key="ungeindsats", title="Ungeindsats", template="youth/overview_section.html", order=65)
def youth_section(user, citizen) -> dict:
    """The citizen's mentor effort and status now, with the link to the Ungeindsats page (one read)."""
    row = effort_and_status(citizen)
    return {"row": row, "status": dict(Status.choices).get(row["youth_status"], "") if row else ""}
