from reports.api import documents, signing


def register(router):
    for area in (documents, signing):
        area.register(router)
