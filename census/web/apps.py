"""The portal as a Django application (label `portal`)."""

from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalConfig(AppConfig):
    """Registers the portal's models, admin and signal handlers (the audit log)."""

    name = "census.web"
    label = "portal"
    verbose_name = "Portal sensus"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from census.web import audit

        audit.connect_signals()


class PortalAdmin(AdminConfig):
    """Django's admin with the portal's site (census.web.admin_site)."""

    default_site = "census.web.admin_site.PortalAdminSite"
