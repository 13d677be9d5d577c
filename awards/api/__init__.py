from awards.api import nominations, rules_quotas


def register(router):
    for area in (rules_quotas, nominations):
        area.register(router)
