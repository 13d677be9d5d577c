import factory

from accounts.enums import Role
from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Người dùng"
    password = factory.PostGenerationMethodCall("set_password", "matkhau-thu-nghiem")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def board_user(province, **kw):
    return UserFactory(role=Role.BOARD, province=province, **kw)


def secretariat_user(bloc, department, **kw):
    return UserFactory(role=Role.SECRETARIAT, bloc=bloc, department=department, **kw)


def officer_user(department, **kw):
    return UserFactory(role=Role.OFFICER, department=department, **kw)


def leader_user(department, **kw):
    return UserFactory(role=Role.LEADER, department=department, **kw)
