"""A paginator whose total is cached on the data versions of the agencies in scope: counting a
million rows once per change instead of once per page view."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

from formasi.core.cache import cached


class CachedCountPaginator(Paginator):
    def __init__(self, object_list: Any, per_page: int, *, agency_ids: Iterable[int]) -> None:
        super().__init__(object_list, per_page)
        self.agency_ids = list(agency_ids)

    @cached_property
    def count(self) -> int:
        sql, params = self.object_list.order_by().query.sql_with_params()
        return cached(
            ("count", self.object_list.db, sql, repr(params)),
            self.agency_ids,
            lambda: self.object_list.count(),
        )
