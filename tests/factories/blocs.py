import factory

from blocs.enums import ConferenceKind, Phase
from blocs.models import Bloc, BlocYear, Conference, Department, Membership, Province


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province

    name = factory.Sequence(lambda n: f"Tỉnh Thử {n}")
    code = factory.Sequence(lambda n: f"tinh-thu-{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Khối thi đua số {n}")


class BlocYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlocYear

    bloc = factory.SubFactory(BlocFactory)
    year = 2026
    phase = Phase.SETUP


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    bloc_year = factory.SubFactory(BlocYearFactory)
    department = factory.SubFactory(DepartmentFactory, province=factory.SelfAttribute("..bloc_year.bloc.province"))
    year = factory.SelfAttribute("bloc_year.year")
    name_at_time = factory.SelfAttribute("department.name")


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    bloc_year = factory.SubFactory(BlocYearFactory)
    kind = ConferenceKind.YEAR_END
    place = "Hội trường"
