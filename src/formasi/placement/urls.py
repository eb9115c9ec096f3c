from django.urls import path

from formasi.placement import views

app_name = "placement"
urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("baru/", views.run_create, name="run_create"),
    path("pelamar/", views.applicant_list, name="applicant_list"),
    path("<int:pk>/", views.run_detail, name="run_detail"),
    path("<int:pk>/baris/<int:line_pk>/", views.line_decide, name="line_decide"),
    path("<int:pk>/putuskan/", views.decide_all, name="decide_all"),
    path("<int:pk>/terapkan/", views.run_apply, name="run_apply"),
    path("<int:pk>/draf.xlsx", views.run_xlsx, name="run_xlsx"),
    path("<int:pk>/sk/", views.run_sk, name="run_sk"),
]
