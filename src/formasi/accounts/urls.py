from django.urls import path

from formasi.accounts import token_views, views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("sandi/selesai/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("sandi/lupa/", views.PasswordResetView.as_view(), name="password_reset"),
    path("sandi/lupa/terkirim/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "sandi/atur/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "sandi/atur/selesai/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("undangan/<str:token>/", views.invitation, name="invitation"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_add, name="user_add"),
    path("pengguna/<int:pk>/", views.user_edit, name="user_edit"),
    path("pengguna/<int:pk>/nonaktifkan/", views.user_deactivate, name="user_deactivate"),
    path("pengguna/<int:pk>/aktifkan/", views.user_reactivate, name="user_reactivate"),
    path("pengguna/<int:pk>/undang/", views.user_invite, name="user_invite"),
    path("penilai/", views.evaluators, name="evaluators"),
    path("profil/", token_views.profile, name="profile"),
    path("profil/token/<int:pk>/cabut/", token_views.token_revoke, name="token_revoke"),
]
