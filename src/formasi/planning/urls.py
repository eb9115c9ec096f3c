from django.urls import path

from formasi.planning import plan_views, views

app_name = "planning"
urlpatterns = [
    path("peta-jabatan/", views.peta, name="peta"),
    path("wilayah/", views.areas, name="areas"),
    path("pengaturan/", views.settings_page, name="settings"),
    path("peta-jabatan/<int:pk>/", views.peta_opd, name="peta_opd"),
    path("abk/<int:unit_pk>/<int:position_pk>/", views.abk, name="abk"),
    path("abk/<int:unit_pk>/<int:position_pk>/pratinjau/", views.abk_preview, name="abk_preview"),
    path("abk/<int:unit_pk>/<int:position_pk>/abk.xlsx", views.abk_workbook, name="abk_workbook"),
    path("abk/<int:unit_pk>/<int:position_pk>/unggah/", views.abk_upload, name="abk_upload"),
    path("abk/<int:unit_pk>/abk.xlsx", views.abk_unit_workbook, name="abk_unit_workbook"),
    # The five-year needs plan (issue 5).
    path("rencana/", plan_views.plan, name="plan"),
    path("rencana/baru/", plan_views.scenario_create, name="scenario_create"),
    path("rencana/banding/", plan_views.compare, name="compare"),
    path("rencana/<int:pk>/dasar/", plan_views.scenario_baseline, name="scenario_baseline"),
    path("rencana/<int:pk>/rencana.xlsx", plan_views.export_xlsx, name="plan_xlsx"),
    path("rencana/<int:pk>/rencana.pdf", plan_views.export_pdf, name="plan_pdf"),
    path("lowongan/", plan_views.vacancies, name="vacancies"),
]
