"""Two view shapes every screen uses: a scoped object page, and a form that calls a domain function."""
from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin
from rules.contrib.views import PermissionRequiredMixin


class ScopedObjectMixin(PermissionRequiredMixin):
    """The object comes from `scope(user)` (absent → 404); then `permission_required` is checked (→ 403)."""

    scope = None
    raise_exception = True

    def get_queryset(self):
        return type(self).scope(self.request.user)

    def get_permission_object(self):
        if not hasattr(self, "object"):
            self.object = self.get_object()
        return self.object

    def get_object(self, queryset=None):
        # The permission check fetches the object before DetailView.get and the form views fetch it again:
        # one query is enough, the request's own changes go through the domain and redirect.
        if queryset is not None:
            return super().get_object(queryset)
        if getattr(self, "_scoped_object", None) is None:
            self._scoped_object = super().get_object()
        return self._scoped_object


class DomainFormView(ScopedObjectMixin, SingleObjectMixin, FormView):
    success_message = ""
    template_name = "form_page.html"
    page_title = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs.update(self.get_form_object_kwargs())
        return kwargs

    def get_form_object_kwargs(self):
        return {}

    def form_valid(self, form):
        result = form.save()
        if form.errors:
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url(result))

    def get_success_url(self, result=None):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault("page_title", self.page_title)
        kwargs.setdefault("cancel_url", self.get_cancel_url())
        return super().get_context_data(**kwargs)

    def get_cancel_url(self):
        return self.get_success_url()
