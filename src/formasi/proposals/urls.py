from django.urls import path

from formasi.proposals import (
    document_views,
    national,
    national_runs,
    notification_views,
    trace_views,
    views,
)

app_name = "proposals"
urlpatterns = [
    # The yearly usul kebutuhan (issue 18).
    path("", views.proposal_list, name="list"),
    path("buat/", views.proposal_draft, name="draft"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/langkah/<str:step>/", views.proposal_step, name="step"),
    path("<int:pk>/bagian/<int:part_pk>/<str:step>/", views.part_step, name="part_step"),
    path("<int:pk>/butir/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/komentar/", views.comment_add, name="comment"),
    path("<int:pk>/riwayat/", views.proposal_history, name="history"),
    path("<int:pk>/banding/", views.proposal_compare, name="compare"),
    # Notifications of the proposals reaching the user's desk (issue 18, part 9).
    path("notifikasi/", notification_views.notification_list, name="notifications"),
]
# The national view (issue 18 part 8).
urlpatterns += [
    path("nasional/", national.national, name="national"),
    path("nasional/ekspor.<str:fmt>", national.national_export, name="national_export"),
    # computed per agency in the background (issue 21)
    path("nasional/per-instansi/", national_runs.national_start, name="national_start"),
    path("nasional/proses/<int:pk>/", national_runs.national_progress, name="national_progress"),
    path("<int:pk>/semua/", views.settle_all, name="settle_all"),
]
# Trace of an item (issue 18 part 2).
urlpatterns += [
    path("<int:pk>/butir/<int:item_pk>/jejak/", trace_views.item_trace, name="item_trace"),
]
# Documents (issue 18 part 5): made in the background, then downloaded.
urlpatterns += [
    path("<int:pk>/dokumen/<str:kind>/", document_views.document, name="document"),
    path("<int:pk>/dokumen/<str:kind>/buat/", document_views.document_start, name="document_start"),
    path(
        "<int:pk>/dokumen/pekerjaan/<int:document_pk>/",
        document_views.document_job,
        name="document_job",
    ),
    path(
        "<int:pk>/dokumen/pekerjaan/<int:document_pk>/unduh/",
        document_views.document_file,
        name="document_file",
    ),
]
