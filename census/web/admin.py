"""Django's admin (in Indonesian by Django's own catalogue): accounts, units, rounds.

Account changes made here go into the portal's audit log with the administrator's name.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from census.web import audit
from census.web.models import Account, Round, Unit


@admin.register(Account)
class AccountAdmin(UserAdmin):
    """Accounts with their role and unit (an operator needs a unit)."""

    list_display = ("username", "role", "unit", "is_active", "last_login")
    list_filter = ("role", "is_active", "unit")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Portal", {"fields": ("role", "unit")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("username", "role", "unit", "password1", "password2")}),
    )

    def save_model(self, request: HttpRequest, obj: Account, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = "account-changed" if change else "account-created"
        audit.record(request.user if isinstance(request.user, Account) else None, action, obj,
                     f"{obj.username} {obj.role}")

    def delete_model(self, request: HttpRequest, obj: Account) -> None:
        audit.record(request.user if isinstance(request.user, Account) else None,
                     "account-deleted", obj, obj.username)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Account]) -> None:
        for obj in queryset:
            audit.record(request.user if isinstance(request.user, Account) else None,
                         "account-deleted", obj, obj.username)
        super().delete_queryset(request, queryset)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Units come from census.toml at start; more can be added here."""

    list_display = ("code", "name", "head", "head_phone", "active")
    search_fields = ("code", "name")


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("name", "census_date", "is_open")
