from django.urls import path

from formasi.training import views

app_name = "training"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("rencana.xlsx", views.plan_export, name="plan_export"),
    path("rencana/buat/", views.plan_generate, name="plan_generate"),
    path("kesenjangan/", views.gaps, name="gaps"),
    path("jam-pelajaran/", views.hours, name="hours"),
    path("standar/", views.standards, name="standards"),
    path("pegawai/<int:pk>/", views.employee, name="employee"),
    path("pegawai/<int:pk>/kompetensi/", views.competency_save, name="competency_save"),
    path("pegawai/<int:pk>/jp/", views.development_save, name="development_save"),
]
