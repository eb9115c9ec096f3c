from django.urls import path

from formasi.talent import succession_views, views

app_name = "talent"
urlpatterns = [
    path("", views.skp, name="skp"),
    path("skp/<int:unit_pk>/", views.skp_unit, name="skp_unit"),
    path("pegawai/<int:pk>/<int:year>/", views.employee, name="employee"),
    path("pegawai/<int:pk>/<int:year>/skp/", views.skp_save, name="skp_save"),
    path("pegawai/<int:pk>/<int:year>/asesmen/", views.assessment_save, name="assessment_save"),
    path("9-box/", views.ninebox, name="ninebox"),
    path("kelompok-suksesi/", views.pool, name="pool"),
    path("disiplin/", views.discipline_list, name="discipline_list"),
    path("disiplin/baru/", views.discipline_add, name="discipline_add"),
    path("disiplin/<int:pk>/", views.discipline_edit, name="discipline_edit"),
    # Succession (issue 19): lists of the posts empty now or by a date, filling from them.
    path("suksesi/", succession_views.index, name="succession"),
    path("suksesi/<int:unit_pk>/<int:position_pk>/", succession_views.post, name="succession_post"),
    path(
        "suksesi/<int:unit_pk>/<int:position_pk>/isi/",
        succession_views.fill,
        name="succession_fill",
    ),
]
