from django.urls import path

from blocs.views import bloc_years, organisation

app_name = "blocs"
urlpatterns = [
    path("provinces/", organisation.ProvinceListView.as_view(), name="province_list"),
    path("provinces/<int:pk>/", organisation.ProvinceDetailView.as_view(), name="province_detail"),
    path("provinces/<int:pk>/blocs/add/", organisation.BlocCreateView.as_view(), name="bloc_create"),
    path("provinces/<int:pk>/departments/add/", organisation.DepartmentCreateView.as_view(),
         name="department_create"),
    path("blocs/<int:pk>/", organisation.BlocDetailView.as_view(), name="bloc_detail"),
    path("blocs/<int:pk>/years/add/", organisation.BlocYearCreateView.as_view(), name="bloc_year_create"),
    path("bloc-years/<int:pk>/", bloc_years.BlocYearDetailView.as_view(), name="bloc_year_detail"),
    path("bloc-years/<int:pk>/leadership/", bloc_years.LeadershipView.as_view(), name="bloc_year_leadership"),
    path("bloc-years/<int:pk>/phase/", bloc_years.PhaseView.as_view(), name="bloc_year_phase"),
    path("bloc-years/<int:pk>/members/add/", bloc_years.AddMemberView.as_view(), name="member_add"),
    path("memberships/<int:pk>/remove/", bloc_years.RemoveMemberView.as_view(), name="member_remove"),
    path("bloc-years/<int:pk>/conferences/add/", bloc_years.ConferenceAddView.as_view(), name="conference_add"),
    path("conferences/<int:pk>/edit/", bloc_years.ConferenceEditView.as_view(), name="conference_edit"),
    path("conferences/<int:pk>/delete/", bloc_years.ConferenceDeleteView.as_view(), name="conference_delete"),
    path("departments/", organisation.DepartmentListView.as_view(), name="department_list"),
    path("departments/<int:pk>/", organisation.DepartmentDetailView.as_view(), name="department_detail"),
    path("departments/<int:pk>/edit/", organisation.DepartmentEditView.as_view(), name="department_edit"),
]
