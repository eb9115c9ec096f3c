from django.urls import path

from formasi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("sandi/selesai/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
