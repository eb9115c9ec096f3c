from django.urls import path

from formasi.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:pk>/", views.unit, name="unit"),
    path("unit/<int:pk>/laporan/", views.report, name="report"),
    path("unit/<int:pk>/laporan.pdf", views.report_pdf, name="report_pdf"),
    path("unit/<int:pk>/poster/", views.poster, name="poster"),
    path("pengaduan/<int:pk>/", views.answer, name="answer"),
]
