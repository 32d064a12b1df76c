"""What todo plugs in: the start page's panel of the user's open tasks, and the menu entry."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tovholder.layout import menu
from tovholder.layout.panels import panel

from .selectors import panel_tasks

menu.add(label="Opgaver", url_name="task_list", order=15, current=("task_list", "task_create", "task_reassign"))

# Roles whose start page always shows the panel (also when empty); for others it shows when there are tasks,
# so a role without a start page (archive, administration) still lands on its first menu entry.
CASE_WORK = ("support.provide_support", "visitation.handle_cases", "visitation.answer_orders")


@panel(key="opgaver", title="Mine opgaver", template="todo/panel.html", order=17)
def my_tasks(request) -> dict | None:
    try:
        rows, more = panel_tasks(request.user)
    except PermissionDenied:  # a user of no kind (not staff) has no task list
        return None
    if not rows and not any(request.user.has_perm(p) for p in CASE_WORK):
        return None
    return {"rows": rows, "more": more, "today": timezone.localdate(), "here": request.get_full_path(),
            "shown": [r.citizen for r in rows if r.citizen is not None]}
