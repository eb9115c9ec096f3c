"""The people every permission test talks about (healthchecks' Alice, Bob and Charlie).

World: agency A (Kota Palangka Raya) with Dinas Kesehatan (and a puskesmas under it) and Dinas
Pendidikan (and a school under it); agency B (Kota Banjarbaru) with one OPD.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tests import builders as build


@dataclass
class World:
    agency_a: object
    agency_b: object
    dinkes: object
    puskesmas: object
    disdik: object
    school: object
    opd_b: object
    district_a: object
    district_a2: object
    nurse: object
    teacher: object
    teacher_position: object
    nurse_position: object
    employee_dinkes: object
    employee_puskesmas: object
    employee_disdik: object
    employee_b: object
    users: dict


PERSONAS = [
    "admin_a",
    "operator_dinkes_a",
    "operator_other_opd_a",
    "evaluator_a",
    "leader_a",
    "admin_b",
    "anonymous",
]


def build_world() -> World:
    prov = build.region("62", "Kalimantan Tengah")
    city = build.region("62.71", "Kota Palangka Raya", parent=prov)
    pahandut = build.region("62.71.01", "Pahandut", parent=city)
    rakumpit = build.region("62.71.05", "Rakumpit", parent=city)
    kel = build.region("62.71.05.1001", "Petuk Bukit", parent=rakumpit)
    prov_b = build.region("63", "Kalimantan Selatan")
    city_b = build.region("63.72", "Kota Banjarbaru", parent=prov_b)
    district_b = build.region("63.72.02", "Landasan Ulin", parent=city_b)

    a = build.agency("62.71", "Pemerintah Kota Palangka Raya", city)
    b = build.agency("63.72", "Pemerintah Kota Banjarbaru", city_b)
    dinkes = build.unit(a, "Dinas Kesehatan", region_obj=pahandut, code="DINKES")
    puskesmas = build.unit(
        a, "Puskesmas Rakumpit", kind="puskesmas", parent=dinkes, region_obj=kel, code="PKM-RKP"
    )
    disdik = build.unit(a, "Dinas Pendidikan", region_obj=pahandut, code="DISDIK")
    school = build.unit(
        a, "SDN 1 Rakumpit", kind="sekolah", parent=disdik, region_obj=rakumpit, code="SDN1RKP"
    )
    opd_b = build.unit(b, "Dinas Kesehatan Banjarbaru", region_obj=district_b, code="DINKES")

    nurse = build.position(a, "Perawat Ahli Pertama")
    teacher = build.position(a, "Guru Kelas Ahli Pertama", family="guru")
    nurse_b = build.position(b, "Perawat Ahli Pertama")

    e_dinkes = build.employee(dinkes, nurse, "Siti Rahmawati", sex="F", birth=date(1985, 3, 2))
    e_pkm = build.employee(puskesmas, nurse, "Yohanes Ahang", birth=date(1990, 7, 9))
    e_disdik = build.employee(school, teacher, "Dewi Lestari", sex="F", birth=date(1968, 11, 30))
    e_b = build.employee(opd_b, nurse_b, "Ahmad Fauzi", birth=date(1975, 1, 15))

    users = {
        "admin_a": build.user("admin_a", "admin", agency_obj=a),
        "operator_dinkes_a": build.user(
            "operator_dinkes_a", "opd_operator", agency_obj=a, unit_obj=dinkes
        ),
        "operator_other_opd_a": build.user(
            "operator_other_opd_a", "opd_operator", agency_obj=a, unit_obj=disdik
        ),
        "evaluator_a": build.user("evaluator_a", "evaluator", assigned=[a]),
        "leader_a": build.user("leader_a", "leader", agency_obj=a),
        "admin_b": build.user("admin_b", "admin", agency_obj=b),
        "anonymous": None,
    }
    return World(
        a,
        b,
        dinkes,
        puskesmas,
        disdik,
        school,
        opd_b,
        pahandut,
        rakumpit,
        nurse,
        teacher,
        teacher,
        nurse,
        e_dinkes,
        e_pkm,
        e_disdik,
        e_b,
        users,
    )
