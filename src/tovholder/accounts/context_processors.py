from .models import StaffProfile


def staff(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        profile = user.staff
    except StaffProfile.DoesNotExist:
        return {}
    return {
        "staff_profile": profile,
        "current_municipality": profile.municipality,
        "role_names": sorted(user.groups.values_list("name", flat=True)),
    }
