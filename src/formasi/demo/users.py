"""Demo logins: one user per role plus a superuser, all with the password ``formasi-demo``.

The password is public (it is printed on the console and in the docs), so these accounts are
for a local demo only. One hash is computed and shared by all demo users: hashing is
deliberately slow, and identical passwords gain nothing from separate salts.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from formasi.core.permissions import Role
from formasi.demo.organisation import DemoOrganisation

DEMO_PASSWORD = "formasi-demo"  # noqa: S105 - a published demo password, by design

# (username, role, first name, last name, OPD code for operators, is_staff, is_superuser)
DEMO_USERS = [
    ("superadmin", "", "Super", "Admin", None, True, True),
    ("admin", Role.ADMIN, "Admin", "BKPSDM", None, True, False),
    ("operator.dinkes", Role.OPD_OPERATOR, "Operator", "Dinas Kesehatan", "DINKES", True, False),
    ("operator.disdik", Role.OPD_OPERATOR, "Operator", "Dinas Pendidikan", "DISDIK", True, False),
    ("evaluator", Role.EVALUATOR, "Evaluator", "BKN Kanreg VIII", None, False, False),
    ("evaluator.bkn", Role.EVALUATOR, "Analis", "BKN Kanreg VIII", None, False, False),
    ("evaluator.kemenpanrb", Role.EVALUATOR, "Analis", "KemenPAN-RB", None, False, False),
    ("pimpinan", Role.LEADER, "Pimpinan", "Kota Palangka Raya", None, False, False),
]
#: The evaluating body of the evaluators who act on proposals (PP 11/2017 Pasal 8–12).
EVALUATOR_BODIES = {"evaluator.bkn": "bkn", "evaluator.kemenpanrb": "kemenpanrb"}
DEMO_USERNAMES = tuple(row[0] for row in DEMO_USERS)


def existing_demo_usernames() -> list[str]:
    users = get_user_model().objects.filter(username__in=DEMO_USERNAMES)
    return list(users.values_list("username", flat=True))


def existing_demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, password) of the demo users that exist, in the usual order."""
    existing = set(existing_demo_usernames())
    return [
        (row[0], row[1] or "superuser", DEMO_PASSWORD) for row in DEMO_USERS if row[0] in existing
    ]


def build_users(organisation: DemoOrganisation) -> list[tuple[str, str, str]]:
    """Create the demo users; return (username, role, password) for the caller to print."""
    user_model = get_user_model()
    agency = organisation.agency
    password = make_password(DEMO_PASSWORD)
    logins = []
    for username, role, first, last, opd, is_staff, is_superuser in DEMO_USERS:
        user = user_model(
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            password=password,
            is_staff=is_staff,
            is_superuser=is_superuser,
            agency=agency if role in (Role.ADMIN, Role.OPD_OPERATOR, Role.LEADER) else None,
            org_unit=organisation.opd(opd) if opd else None,
            evaluator_body=EVALUATOR_BODIES.get(username, ""),
        )
        user.full_clean(exclude=["password"])
        user.save()
        if role == Role.EVALUATOR:
            user.assigned_agencies.set([agency])
        logins.append((username, role or "superuser", DEMO_PASSWORD))
    return logins
