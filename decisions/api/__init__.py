from decisions.api import disclosures, history, records, statistics


def register(router):
    for area in (disclosures, records, history, statistics):
        area.register(router)
