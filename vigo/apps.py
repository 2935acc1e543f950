from django.apps import AppConfig


class VigoConfig(AppConfig):
    name = "vigo"
    verbose_name = "VIGO kjerne"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from vigo import signals  # noqa: F401
        from vigo.dashbord import registrer_panel
        from vigo.jobber import innebygde  # noqa: F401  (registers the platform's own job types)
        from vigo.parametere.felles import registrer_felles
        from vigo.parametere.panel import parameterpanel

        registrer_felles()  # the letterhead; the domain apps register theirs in their own ready()
        registrer_panel(parameterpanel)

        post_migrate.connect(_roller, dispatch_uid="vigo_roller")


def _roller(app_config, **kwargs) -> None:
    """Run once per migrate, after the last app, when every app's permissions exist."""
    from django.apps import apps

    from vigo.roller import opprett_roller

    med_modeller = [a for a in apps.get_app_configs() if a.models_module is not None]
    if app_config.label != med_modeller[-1].label:
        return

    opprett_roller()
