from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tandem.people"
    label = "people"
    verbose_name = "People directory"

    def ready(self) -> None:
        from tandem.core.audit import AUDIT_TARGETS, AuditTarget

        from .audit_names import describe_people

        AUDIT_TARGETS["people.Person"] = AuditTarget(describe_people)
        from django.db.models import CharField
        from django.db.models.functions import Lower

        # ``user_name__lower=…`` compares LOWER(column), which the Lower() unique index serves
        CharField.register_lookup(Lower)
        from tandem.accounts import privacy

        from . import privacy as people_privacy

        privacy.export_sections["profile"] = privacy.ExportSection.same_for_admin(
            people_privacy.export_profile
        )
        privacy.export_sections["demographics"] = people_privacy.export_demographics
        privacy.erasers.append(people_privacy.erase_profile)
