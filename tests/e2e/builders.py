"""Helpers for the browser tests: run the queued tasks, wait for the charts to be drawn."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker

CHARTS_DRAWN = """() => {
  const nodes = [...document.querySelectorAll('.chart')];
  return nodes.length === 4 && typeof echarts !== 'undefined' && nodes.every((node) => {
    const chart = echarts.getInstanceByDom(node);
    return chart && node.querySelector('canvas') && chart.getZr().animation.isFinished();
  });
}"""


def run_worker() -> None:
    """Run every queued task, then return (the db_worker command in batch mode)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="e2e",
        excluded_queue_names=[],
    ).run()
