from django.urls import path

from formasi.talent import leader_views, meritself_views, selection_views, succession_views, views

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
    # meritself: the merit self-assessment (penilaian mandiri sistem merit)
    path("merit/", meritself_views.merit_list, name="merit_list"),
    path("merit/mulai/", meritself_views.merit_start, name="merit_start"),
    path("merit/<int:pk>/", meritself_views.merit_detail, name="merit_detail"),
    path("merit/<int:pk>/cetak/", meritself_views.merit_print, name="merit_print"),
    path("merit/<int:pk>/segarkan/", meritself_views.merit_refresh, name="merit_refresh"),
    path("merit/<int:pk>/kirim/", meritself_views.merit_submit, name="merit_submit"),
    path(
        "merit/<int:pk>/jawab/<slug:indicator>/", meritself_views.merit_answer, name="merit_answer"
    ),
    path(
        "merit/<int:pk>/bukti/<slug:indicator>/", meritself_views.merit_upload, name="merit_upload"
    ),
    path("merit/bukti/<int:pk>/", meritself_views.merit_evidence, name="merit_evidence"),
    # Succession (issue 19): lists of the posts empty now or by a date, filling from them.
    path("suksesi/", succession_views.index, name="succession"),
    path("suksesi/<int:unit_pk>/<int:position_pk>/", succession_views.post, name="succession_post"),
    path(
        "suksesi/<int:unit_pk>/<int:position_pk>/isi/",
        succession_views.fill,
        name="succession_fill",
    ),
    # Open selection for JPT posts (issue 19, seleksi terbuka)
    path("seleksi/", selection_views.selection_list, name="selection_list"),
    path("seleksi/baru/", selection_views.selection_add, name="selection_add"),
    path("seleksi/<int:pk>/", selection_views.selection_detail, name="selection_detail"),
    path("seleksi/<int:pk>/tutup/", selection_views.selection_close, name="selection_close"),
    path("seleksi/<int:pk>/pansel/", selection_views.member_add, name="member_add"),
    path("seleksi/<int:pk>/peserta/", selection_views.candidate_add, name="candidate_add"),
    path(
        "seleksi/<int:pk>/peserta/<int:candidate>/",
        selection_views.candidate_scores,
        name="candidate_scores",
    ),
    path("seleksi/<int:pk>/kirim/", selection_views.selection_send, name="selection_send"),
    path("seleksi/<int:pk>/keputusan/", selection_views.selection_decide, name="selection_decide"),
    # The leader's page (issue 19)
    path("pimpinan/", leader_views.leader_page, name="leader"),
]
