from django.urls import path

from formasi.transfer import views

app_name = "transfer"
urlpatterns = [
    path("", views.index, name="index"),
    path("unggah/", views.upload, name="upload"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/kolom/", views.job_mapping, name="mapping"),
    path("<int:pk>/simpan/", views.job_commit, name="commit"),
    path("<int:pk>/ditolak/", views.job_rejected, name="rejected"),
    path("ekspor/<slug:kind>.<slug:fmt>", views.export, name="export"),
    path("templat/<slug:kind>.<slug:fmt>", views.template, name="template"),
]
