from django.contrib import admin

from formasi.core.admin import ScopedHistoryAdmin
from formasi.placement.models import Applicant


@admin.register(Applicant)
class ApplicantAdmin(ScopedHistoryAdmin):
    resource = "placement"
    list_display = ["registration_number", "name", "year", "status", "position", "home_region"]
    list_filter = ["year", "status"]
    search_fields = ["registration_number", "name"]
    list_select_related = ["position", "home_region"]
    raw_id_fields = ["position", "home_region"]
