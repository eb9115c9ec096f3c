"""docs/proposals.md shows the workflow table of the code: both halves (Indonesian, English)
carry the table rendered here from ``TRANSITIONS``, so the doc cannot go stale."""

from __future__ import annotations

from pathlib import Path

from formasi.domain.proposal_workflow import TRANSITIONS, State

DOC = Path(__file__).resolve().parents[2] / "docs" / "proposals.md"


def rendered_table() -> str:
    lines = [
        "| step | on | from | to | who | check |",
        "|---|---|---|---|---|---|",
    ]
    for step, t in TRANSITIONS.items():
        sources = ", ".join(f"`{s}`" for s in State if s in t.sources)
        actors = ", ".join(f"`{a}`" for a in sorted(t.actors))
        on = "part" if t.on_part else "proposal"
        check = "—" if t.check == "none" else f"`{t.check}`"
        lines.append(f"| `{step}` | {on} | {sources} | `{t.target}` | {actors} | {check} |")
    return "\n".join(lines)


def test_both_halves_show_the_table_of_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = rendered_table()
    assert text.count(table) == 2, "paste this table in both halves of docs/proposals.md:\n" + table
