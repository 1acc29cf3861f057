"""The portal's addresses. Every view checks role and unit itself (census.web.access)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from census.web import (
    views_account,
    views_compare,
    views_head,
    views_retention,
    views_round,
    views_run,
    views_tagana,
    views_unit,
)

portal = [
    path("", views_account.home_view, name="home"),
    path("login/", views_account.login_view, name="login"),
    path("logout/", views_account.logout_view, name="logout"),
    path("password/", views_account.password_view, name="password"),
    path("language/", views_account.language_view, name="language"),
    path("rounds/", views_round.rounds_view, name="rounds"),
    path("rounds/<int:round_id>/", views_round.tracker_view, name="tracker"),
    path("rounds/<int:round_id>/close/", views_round.round_state_view, {"action": "close"},
         name="round-close"),
    path("rounds/<int:round_id>/reopen/", views_round.round_state_view, {"action": "reopen"},
         name="round-reopen"),
    path("rounds/<int:round_id>/files/", views_round.department_file_upload,
         name="department-upload"),
    path("rounds/<int:round_id>/runs/", views_round.run_start_view, name="run-start"),
    path("rounds/<int:round_id>/units/<slug:code>/", views_unit.unit_view, name="unit"),
    path("rounds/<int:round_id>/units/<slug:code>/pack/", views_head.pack_view, name="pack"),
    path("rounds/<int:round_id>/units/<slug:code>/pack/received/", views_head.receipt_view,
         name="receipt"),
    path("rounds/<int:round_id>/units/<slug:code>/pack/notes/", views_head.note_view_post,
         name="note"),
    path("rounds/<int:round_id>/changes/", views_compare.changes_view, name="changes"),
    path("rounds/<int:round_id>/units/<slug:code>/changes/", views_compare.unit_changes_view,
         name="unit-changes"),
    path("rounds/<int:round_id>/persons/<slug:person_id>/", views_compare.person_view,
         name="person"),
    path("rounds/<int:round_id>/tagana/", views_tagana.tagana_view, name="tagana"),
    path("rounds/<int:round_id>/tagana/attendance/", views_tagana.attendance_view,
         name="attendance"),
    path("rounds/<int:round_id>/tagana/plan/", views_tagana.plan_view, name="plan"),
    path("rounds/<int:round_id>/tagana/update/", views_tagana.update_view, name="tagana-update"),
    path("rounds/<int:round_id>/reminders/", views_retention.reminders_view, name="reminders"),
    path("rounds/<int:round_id>/export/", views_retention.export_view, name="round-export"),
    path("rounds/<int:round_id>/purge/", views_retention.purge_view, name="round-purge"),
    path("submissions/<int:pk>/", views_unit.submission_detail, name="submission"),
    path("submissions/<int:pk>/annotated/", views_unit.annotated_download, name="annotated"),
    path("submissions/<int:pk>/original/", views_unit.original_download, name="original"),
    path("department-files/<int:pk>/", views_round.department_file_download,
         name="department-file"),
    path("runs/<int:pk>/", views_run.run_view, name="run"),
    path("runs/<int:pk>/progress/", views_run.run_progress, name="run-progress"),
    path("runs/<int:pk>/files/<path:name>", views_run.run_file, name="run-file"),
    path("audit/", views_run.audit_view, name="audit"),
]

urlpatterns = [
    path("", include((portal, "portal"))),
    path("admin/", admin.site.urls),
]

handler403 = "census.web.views_account.error_403"
handler404 = "census.web.views_account.error_404"
handler500 = "census.web.views_account.error_500"
