from voting.api import elections, rounds


def register(router):
    for area in (rounds, elections):
        area.register(router)
