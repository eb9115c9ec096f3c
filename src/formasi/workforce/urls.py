from django.urls import path

from formasi.workforce import views

app_name = "workforce"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cari/", views.search, name="search"),
    path("pegawai/", views.employee_list, name="employee_list"),
    path("pegawai/tambah/", views.employee_add, name="employee_add"),
    path("pegawai/ekspor.csv", views.employee_export, name="employee_export"),
    path("pegawai/<int:pk>/", views.employee_detail, name="employee_detail"),
    path("pegawai/<int:pk>/ubah/", views.employee_edit, name="employee_edit"),
]
