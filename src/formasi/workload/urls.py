"""The peta jabatan, ABK, needs by area and ABK settings pages. They share the
``perencanaan/`` prefix with the five-year plan (``formasi.planning.urls``), so their paths did
not change when workload became its own app."""

from django.urls import path

from formasi.workload import import_views, views

app_name = "workload"
urlpatterns = [
    path("peta-jabatan/", views.peta, name="peta"),
    path("wilayah/", views.areas, name="areas"),
    path("pengaturan/", views.settings_page, name="settings"),
    path("peta-jabatan/<int:pk>/", views.peta_opd, name="peta_opd"),
    path("peta-jabatan/<int:pk>/unit/<int:unit_pk>/", views.peta_unit, name="peta_unit"),
    path("peta-jabatan/<int:pk>/peta-jabatan.xlsx", views.peta_xlsx, name="peta_xlsx"),
    path("abk/<int:unit_pk>/<int:position_pk>/", views.abk, name="abk"),
    path("abk/<int:unit_pk>/<int:position_pk>/pratinjau/", views.abk_preview, name="abk_preview"),
    path("abk/<int:unit_pk>/<int:position_pk>/abk.xlsx", views.abk_workbook, name="abk_workbook"),
    path("abk/<int:unit_pk>/<int:position_pk>/unggah/", views.abk_upload, name="abk_upload"),
    path("abk/<int:unit_pk>/unggah/", import_views.abk_unit_upload, name="abk_unit_upload"),
    path("abk/impor/konfirmasi/", import_views.abk_import_confirm, name="abk_import_confirm"),
    path("abk/<int:unit_pk>/abk.xlsx", views.abk_unit_workbook, name="abk_unit_workbook"),
]
