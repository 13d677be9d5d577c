"""Search, sort and pagination for list pages, driven by declared fields so no raw input reaches the ORM."""
from django.db.models import Q


class SearchSortMixin:
    """For ListView: `?q=` searches `search_fields`; `?sort=` picks a key of `sort_fields` ("-" reverses)."""

    search_fields: list = []
    sort_fields: dict = {}
    default_sort = ""
    paginate_by = 20

    def get_search_query(self):
        return self.request.GET.get("q", "").strip()[:100]

    def get_sort_key(self):
        key = self.request.GET.get("sort", self.default_sort)
        return key if key.lstrip("-") in self.sort_fields else self.default_sort

    def filter_and_sort(self, queryset):
        query = self.get_search_query()
        if query:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            queryset = queryset.filter(condition)
        key = self.get_sort_key()
        if key:
            field = self.sort_fields[key.lstrip("-")]
            queryset = queryset.order_by(f"-{field}" if key.startswith("-") else field, "pk")
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(search_query=self.get_search_query(), sort_key=self.get_sort_key(),
                       query_string=params.urlencode())
        return context
