"""The roles as data: each role is a Django group with a set of permissions.

Changing what a role may do is a data change (`tovholder roles` re-applies this table).
"""

ROLES: dict[str, list[str]] = {
    "Medarbejder": [
        "accounts.view_offer_catalogue",
        "visitation.register_requests",
        "visitation.give_direct_help",
        "outcomes.record_measurement",
        "support.provide_support",
        "activities.plan_occasions",
        "volunteers.record_companion_wish",
        "crosssector.exchange_care_messages",
    ],
    "Sagsbehandler": [
        "accounts.view_offer_catalogue",
        "citizens.assign_coordinator",
        "accounts.break_glass",
        "accounts.manage_citizens",
        "visitation.handle_cases",
        "visitation.register_requests",
        "visitation.give_direct_help",
        "visitation.view_waitlist",
        "outcomes.record_measurement",
        "volunteers.record_companion_wish",
        "housing.run_stays",
        "crosssector.exchange_care_messages",
    ],
    "Leder": [
        "accounts.view_offer_catalogue",
        "citizens.assign_coordinator",
        "visitation.answer_orders",
        "visitation.view_waitlist",
        "visitation.edit_routing_rules",
        "accounts.see_subunit_citizens",
        "accounts.break_glass",
        "accounts.view_access_log",
        "accounts.view_organisation",
        "outcomes.view_outcome_figures",
        "support.view_delivered_hours",
        "forecast.run_forecast",
        "figures.view_figures",
        "offers.manage_offers",
        "courses.view_course_figures",
        "crosssector.view_readmissions",
        "crosssector.view_medcom_inbox",
        "reporting.report_ffb",
        "reporting.report_dst",
        "budget.follow_budget",
        "budget.manage_budget",
        "staffing.view_staffing",
        "staffing.manage_staffing",
        "actionplan.view_action_plan",
        "actionplan.manage_action_plan",
    ],
    "Forløbskoordinator": [
        "accounts.view_offer_catalogue",
        "activities.plan_occasions",
        "courses.coordinate_courses",
        "courses.view_course_figures",
    ],
    "Frivilligkoordinator": [
        "accounts.view_offer_catalogue",
        "volunteers.coordinate_volunteers",
    ],
    # A member of the psychiatry council (Psykiatrirådet): reads the action plan and its status, nothing personal.
    "Psykiatriråd": [
        "actionplan.view_action_plan",
    ],
    "Arkivansvarlig": [
        "retention.approve_deletion",
        "retention.place_legal_hold",
    ],
    "Administrator": [
        "accounts.view_offer_catalogue",
        "visitation.edit_routing_rules",
        "accounts.view_access_log",
        "accounts.view_organisation",
        "accounts.manage_citizens",
        "outcomes.manage_instruments",
        "offers.manage_offers",
        "crosssector.manage_partners",
        "crosssector.view_medcom_inbox",
        "api.manage_api_clients",
        "reporting.report_ffb",
        "reporting.report_dst",
    ],
    # Moving in from the incumbent system (conversion): given to the municipality's administrator for the
    # move-in and taken away after. Every row is written through the services in the holder's name, so the
    # role holds what those services ask (registering citizens, cases and decisions, plans and goals).
    "Indlæsningsansvarlig": [
        "conversion.run_import",
        "accounts.manage_citizens",
        "accounts.view_offer_catalogue",
        "visitation.handle_cases",
        # the desk that handle_cases opens links to these; an importer reads what was brought over as a caseworker
        "visitation.register_requests",
        "visitation.give_direct_help",
        "visitation.view_waitlist",
    ],
}


def apply_roles(group_model, permission_model) -> None:
    """Create or update the groups so each has exactly the permissions in ROLES."""
    for role, perms in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(permission_model.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


# Permissions whose holders must log in with a second factor when TOVHOLDER_OTP_REQUIRED is on (the
# roles that break the glass or administer): a stolen password must not open citizens outside one's work.
SECOND_FACTOR_PERMS: tuple[str, ...] = (
    "accounts.break_glass",
    "accounts.view_access_log",
    "accounts.view_organisation",
    "conversion.run_import",
)
