from django.urls import path

from formasi.planning import national, pdf_views, views

app_name = "planning"
urlpatterns = [
    # The five-year needs plan (issue 5). The peta jabatan and ABK pages under the same
    # prefix are in formasi.workload.urls.
    path("rencana/", views.plan, name="plan"),
    path("rencana/baru/", views.scenario_create, name="scenario_create"),
    path("rencana/banding/", views.compare, name="compare"),
    path("rencana/banding/banding.<str:fmt>", views.compare_export, name="compare_export"),
    path("rencana/<int:pk>/dasar/", views.scenario_baseline, name="scenario_baseline"),
    path("rencana/<int:pk>/rencana.xlsx", views.export_xlsx, name="plan_xlsx"),
    # The PDF is made in the background (pdf_views).
    path("rencana/<int:pk>/rencana.pdf", pdf_views.plan_pdf, name="plan_pdf"),
    path("rencana/<int:pk>/pdf/", pdf_views.plan_pdf_start, name="plan_pdf_start"),
    path("rencana/<int:pk>/pdf/<int:document_pk>/", pdf_views.plan_pdf_job, name="plan_pdf_job"),
    path(
        "rencana/<int:pk>/pdf/<int:document_pk>/rencana.pdf",
        pdf_views.plan_pdf_file,
        name="plan_pdf_file",
    ),
    path("rencana/penanda-tangan/", pdf_views.signatory, name="signatory"),
    path("lowongan/", views.vacancies, name="vacancies"),
    # The national summary computed per agency in the background (issue 21).
    path("rencana/nasional/", national.national, name="national"),
    path("rencana/nasional/hitung/<slug:kind>/", national.national_start, name="national_start"),
    path("rencana/nasional/proses/<int:pk>/", national.national_progress, name="national_progress"),
]
