from django.urls import path

from formasi.equity import views

app_name = "equity"
urlpatterns = [
    path("", views.index, name="index"),
    path("ekspor/<str:table>.<str:fmt>", views.export, name="export"),
]
