"""Pagination of API lists: ``?page=&page_size=`` → ``{"items": [...], "count": N}``."""

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class PagePagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description="1-based page number")
        page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        items: list[Any]
        count: int

    items_attribute: str = "items"

    def paginate_queryset(  # type: ignore[override]
        self, queryset: Any, pagination: Input, **params: Any
    ) -> dict[str, Any]:
        offset = (pagination.page - 1) * pagination.page_size
        window = queryset[offset : offset + pagination.page_size]
        count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
        return {"items": list(window), "count": count}
