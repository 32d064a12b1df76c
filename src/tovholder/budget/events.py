"""The audit event codes of the budget follow-up (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    BUDGET_FUNCTION_ADDED = "budget.function_added"
    BUDGET_MAPPING_SET = "budget.mapping_set"
    BUDGET_PRICE_SET = "budget.price_set"
    BUDGET_ORIGINAL_SET = "budget.original_set"
    BUDGET_SUPPLEMENT_ADDED = "budget.supplement_added"
    BUDGET_ACTUAL_RECORDED = "budget.actual_recorded"
    BUDGET_ACTUALS_IMPORTED = "budget.actuals_imported"
    BUDGET_EXPLANATION_SET = "budget.explanation_set"
