from django.contrib import admin
from django.urls import include, path

from formasi.api import api
from formasi.feedback import public as survey_public

urlpatterns = [
    path("", include("formasi.workforce.urls")),
    path("akun/", include("formasi.accounts.urls")),
    path("organisasi/", include("formasi.organization.urls")),
    path("impor/", include("formasi.transfer.urls")),
    path("perencanaan/", include("formasi.workload.urls")),
    path("perencanaan/", include("formasi.planning.urls")),
    path("usulan/", include("formasi.proposals.urls")),
    path("pemerataan/", include("formasi.equity.urls")),
    path("penempatan/", include("formasi.placement.urls")),
    path("talenta/", include("formasi.talent.urls")),
    path("pelatihan/", include("formasi.training.urls")),
    path("survei-kepuasan/", include("formasi.feedback.urls")),
    # The public survey of a service unit: no login (issue 20).
    path("survei/<int:unit_pk>/", survey_public.survey, name="survey_public"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
