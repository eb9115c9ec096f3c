from django.urls import path

from formasi.planning import views

app_name = "planning"
urlpatterns = [
    # The five-year needs plan (issue 5). The peta jabatan and ABK pages under the same
    # prefix are in formasi.workload.urls.
    path("rencana/", views.plan, name="plan"),
    path("rencana/baru/", views.scenario_create, name="scenario_create"),
    path("rencana/banding/", views.compare, name="compare"),
    path("rencana/banding/banding.<str:fmt>", views.compare_export, name="compare_export"),
    path("rencana/<int:pk>/dasar/", views.scenario_baseline, name="scenario_baseline"),
    path("rencana/<int:pk>/rencana.xlsx", views.export_xlsx, name="plan_xlsx"),
    path("rencana/<int:pk>/rencana.pdf", views.export_pdf, name="plan_pdf"),
    path("lowongan/", views.vacancies, name="vacancies"),
]
