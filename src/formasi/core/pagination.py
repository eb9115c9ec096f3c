"""A paginator whose total is cached on the data versions of the agencies in scope: counting a
million rows once per change instead of once per page view."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

from formasi.core.cache import cached


class CachedCountPaginator(Paginator):
    def __init__(
        self, object_list: QuerySet[Any], per_page: int, *, agency_ids: Iterable[int]
    ) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.agency_ids = list(agency_ids)

    @cached_property
    def count(self) -> int:
        sql, params = self.queryset.order_by().query.sql_with_params()
        return cached(
            ("count", self.queryset.db, sql, repr(params)),
            self.agency_ids,
            lambda: self.queryset.count(),
        )
