"""The portal as a Django application (label `portal`)."""

from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Registers the portal's models, admin and signal handlers (the audit log)."""

    name = "census.web"
    label = "portal"
    verbose_name = "Portal sensus"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from census.web import audit

        audit.connect_signals()
