"""The words of the survey: the nine unsur and the questionnaire of PermenPAN-RB 14/2017
(msgid English, msgstr the regulation's Indonesian wording), grades and refusal reasons."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from formasi.feedback.guard import Refusal

#: unsur -> its name in the regulation
UNSUR_NAMES: dict[str, Promise] = {
    "U1": _("Requirements"),
    "U2": _("Systems, mechanisms and procedures"),
    "U3": _("Completion time"),
    "U4": _("Cost/tariff"),
    "U5": _("Products and specification of the service"),
    "U6": _("Competence of the staff"),
    "U7": _("Behaviour of the staff"),
    "U8": _("Facilities and infrastructure"),
    "U9": _("Handling of complaints, suggestions and input"),
}

#: unsur -> (the question, the answers scored 1, 2, 3 and 4), as the questionnaire words them
QUESTIONS: dict[str, tuple[Promise, tuple[Promise, Promise, Promise, Promise]]] = {
    "U1": (
        _("How do you find the fit between the service requirements and the kind of service?"),
        (_("Not fitting"), _("Less fitting"), _("Fitting"), _("Very fitting")),
    ),
    "U2": (
        _("How do you find the ease of the service procedure at this unit?"),
        (_("Not easy"), _("Less easy"), _("Easy"), _("Very easy")),
    ),
    "U3": (
        _("How do you find the speed of the time taken to give the service?"),
        (_("Not fast"), _("Less fast"), _("Fast"), _("Very fast")),
    ),
    "U4": (
        _("How do you find the fairness of the cost/tariff of the service?"),
        (_("Very expensive"), _("Fairly expensive"), _("Cheap"), _("Free of charge")),
    ),
    "U5": (
        _(
            "How do you find the fit between the service product listed in the service standard "
            "and what was delivered?"
        ),
        (_("Not fitting"), _("Less fitting"), _("Fitting"), _("Very fitting")),
    ),
    "U6": (
        _("How do you find the competence/ability of the staff in giving the service?"),
        (_("Not competent"), _("Less competent"), _("Competent"), _("Very competent")),
    ),
    "U7": (
        _("How do you find the behaviour of the staff in the service: courtesy and friendliness?"),
        (
            _("Not courteous and friendly"),
            _("Less courteous and friendly"),
            _("Courteous and friendly"),
            _("Very courteous and friendly"),
        ),
    ),
    "U8": (
        _("How do you find the quality of the facilities and infrastructure?"),
        (_("Poor"), _("Fair"), _("Good"), _("Very good")),
    ),
    "U9": (
        _("How do you find the handling of complaints from service users?"),
        (
            _("There is none"),
            _("It exists but does not work"),
            _("It works but not fully"),
            _("Well managed"),
        ),
    ),
}

#: grade -> kinerja unit pelayanan
GRADE_NAMES: dict[str, Promise] = {
    "A": _("Very good"),
    "B": _("Good"),
    "C": _("Less good"),
    "D": _("Not good"),
}

REFUSALS: dict[Refusal, Promise] = {
    Refusal.HONEYPOT: _("The form was filled in by a program, not a person; it was not stored."),
    Refusal.TOKEN: _("This form is not valid for this unit. Open the survey page again."),
    Refusal.EXPIRED: _("This form was opened too long ago. Open the survey page again."),
    Refusal.TOO_FAST: _(
        "The form was sent too quickly after it was opened. Read the questions, then send it again."
    ),
    Refusal.ADDRESS_LIMIT: _(
        "Too many answers came from your network this hour. Please try again later."
    ),
    Refusal.UNIT_LIMIT: _("This unit has received too many answers this hour. Try again later."),
    Refusal.DUPLICATE: _("This answer was already received; it is stored once."),
}
