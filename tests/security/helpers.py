"""Signing in through the login page: django-axes needs the request, so `client.login` is refused."""
from django.urls import reverse

PASSWORD = "matkhau-thu-nghiem"  # tests.factories.accounts.UserFactory


def log_in(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def session_key(client):
    return client.cookies["sessionid"].value
