from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/add/", views.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("password/", views.OwnPasswordChangeView.as_view(), name="password_change"),
]
