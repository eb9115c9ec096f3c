"""The public survey of a service unit (issue 20): no login, mobile-first, in Indonesian.

GET shows the nine questions of PermenPAN-RB 14/2017 with a fresh signed token; POST stores the
response through ``services.submit_response`` or answers why it was refused (400 for a form a
person did not fill or a stale one, 429 over a rate limit). A replayed form is thanked, not
stored again. Nothing personal is asked; the address only counts towards the hour's limit.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from formasi.domain.survey import UNSUR
from formasi.feedback import guard, services, text
from formasi.feedback.forms import SurveyForm
from formasi.feedback.guard import HONEYPOT, Refusal, Refused
from formasi.organization.models import OrgUnit

_STATUS = {Refusal.ADDRESS_LIMIT: 429, Refusal.UNIT_LIMIT: 429, Refusal.DUPLICATE: 200}


def _unit(pk: int) -> OrgUnit:
    unit = services.public_units().select_related("agency").filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def _questions(form: SurveyForm) -> list[dict[str, object]]:
    rows = []
    for code in UNSUR:
        question, answers = text.QUESTIONS[code]
        name = code.lower()
        chosen = str(form[name].value() or "")
        rows.append(
            {
                "code": code,
                "name": name,
                "question": question,
                "answers": [(str(i + 1), label) for i, label in enumerate(answers)],
                "chosen": chosen,
            }
        )
    return rows


def _page(request: HttpRequest, unit: OrgUnit, form: SurveyForm, **extra: object) -> HttpResponse:
    context = {"unit": unit, "form": form, "questions": _questions(form), "honeypot": HONEYPOT}
    context.update(extra)
    return render(request, "feedback/public_form.html", context, status=extra.get("status", 200))  # type: ignore[arg-type]


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = _unit(unit_pk)
    if request.method == "GET":
        form = SurveyForm(initial={"token": guard.issue_token(unit.pk)})
        return _page(request, unit, form)
    form = SurveyForm(request.POST)
    if not form.is_valid():
        return _again(request, unit, status=400)
    data = form.cleaned_data
    try:
        services.submit_response(
            unit=unit,
            scores=form.scores(),
            profile=services.Profile(
                age=data["age"],
                sex=data["sex"],
                education=data["education"],
                occupation=data["occupation"],
                service=data["service"],
            ),
            text=data["text"],
            token=data["token"],
            honeypot=data[HONEYPOT],
            address=str(request.META.get("REMOTE_ADDR", "")),
        )
    except Refused as refused:
        if refused.code == Refusal.DUPLICATE:
            return render(request, "feedback/public_thanks.html", {"unit": unit, "again": True})
        status = _STATUS.get(refused.code, 400)
        return _again(request, unit, refusal=text.REFUSALS[refused.code], status=status)
    except ValidationError as error:
        return _again(request, unit, refusal=" ".join(error.messages), status=400)
    return render(request, "feedback/public_thanks.html", {"unit": unit, "again": False})


def _again(request: HttpRequest, unit: OrgUnit, **extra: object) -> HttpResponse:
    """The form again with what was entered, a fresh token and why it was not stored."""
    data = request.POST.copy()
    data["token"] = guard.issue_token(unit.pk)
    form = SurveyForm(data)
    form.is_valid()
    return _page(request, unit, form, **extra)
