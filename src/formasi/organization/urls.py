from django.urls import path

from formasi.organization import views

app_name = "organization"
urlpatterns = [
    path("unit/", views.unit_list, name="unit_list"),
    path("unit/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("jabatan/", views.position_list, name="position_list"),
]
