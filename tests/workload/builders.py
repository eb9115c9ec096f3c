"""Builders for the workload tests: the tasks of the Puskesmas nurse need."""

from __future__ import annotations

TASKS = [
    {
        "description": "Asuhan keperawatan",
        "output_unit": "pasien",
        "volume": 1200,
        "norm_minutes": 30,
    },
    {"description": "Penyuluhan", "output_unit": "kegiatan", "volume": 600, "norm_minutes": 45},
    {"description": "Pelaporan", "output_unit": "laporan", "volume": 300, "norm_minutes": 60},
]
