"""How every API list is paged (settings ``DEFAULT_PAGINATION_CLASS``).

Page numbers (``?page=2&page_size=100``) with a bounded page size: a response
holds at most ``max_page_size`` items whatever the document's size, and a page
costs the same number of queries as any other (a count, the page, its rows).
"""

from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
