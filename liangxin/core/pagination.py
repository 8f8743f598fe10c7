"""Page sizes, one bound for the pages and the API: 50 rows by default, at most 500. A page is
for reading; all rows come from the exports. An unbounded ?per_page=1000000 rendered 10,000
rows (9.7 MB) in 15.7 s."""

import django_tables2 as tables
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import HttpRequest
from rest_framework import pagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def page_size(request: HttpRequest, default: int = DEFAULT_PAGE_SIZE, param: str = "per_page") -> int:
    """The rows per page the request asks for, between 1 and MAX_PAGE_SIZE; `default` when it
    asks nothing readable."""
    try:
        asked = int(request.GET.get(param, default))
    except (TypeError, ValueError):
        asked = default
    return max(1, min(asked, MAX_PAGE_SIZE))


def paginate(request: HttpRequest, table: tables.Table, default: int = DEFAULT_PAGE_SIZE) -> None:
    """Sort and paginate `table` from the request as django-tables2's RequestConfig does, with
    the page size capped (a page past the last shows the last, a bad page number the first)."""
    tables.RequestConfig(request, paginate=False).configure(table)  # sorting only: its pager takes any per_page
    size = page_size(request, default, table.prefixed_per_page_field)
    try:
        table.paginate(page=request.GET.get(table.prefixed_page_field, 1), per_page=size)
    except PageNotAnInteger:
        table.page = table.paginator.page(1)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)


class PageNumberPagination(pagination.PageNumberPagination):
    """The API's pager: ?page_size= up to MAX_PAGE_SIZE (more is served as MAX_PAGE_SIZE)."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
