from django.urls import path

from formasi.planning import plan_views

app_name = "planning"
urlpatterns = [
    # The five-year needs plan (issue 5). The peta jabatan and ABK pages under the same
    # prefix are in formasi.workload.urls.
    path("rencana/", plan_views.plan, name="plan"),
    path("rencana/baru/", plan_views.scenario_create, name="scenario_create"),
    path("rencana/banding/", plan_views.compare, name="compare"),
    path("rencana/<int:pk>/dasar/", plan_views.scenario_baseline, name="scenario_baseline"),
    path("rencana/<int:pk>/rencana.xlsx", plan_views.export_xlsx, name="plan_xlsx"),
    path("rencana/<int:pk>/rencana.pdf", plan_views.export_pdf, name="plan_pdf"),
    path("lowongan/", plan_views.vacancies, name="vacancies"),
]
