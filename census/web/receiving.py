"""Receiving an uploaded file from a request: the size limit first, then the bytes to the store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest

from census.web import blobstore
from census.web.models import StoredFile


@dataclass(frozen=True)
class Received:
    """An upload taken in: `stored` (None when refused before storing), the name as sent
    (for display only), and `too_big` / `missing` when there was nothing to store."""

    stored: StoredFile | None
    name: str
    too_big: bool = False
    missing: bool = False


def receive(request: HttpRequest, field: str = "file") -> Received:
    """Take the upload of `field`: refused unread when over the limit, else kept in the store."""
    if blobstore.too_big(request.META.get("CONTENT_LENGTH")):
        # Touch the form only after the limit said no to the file: the handler skips its bytes.
        request.FILES  # noqa: B018 - parses the small fields, stops at the file
        return Received(None, "", too_big=True)
    upload = request.FILES.get(field)
    if getattr(request, "upload_too_big", False):
        return Received(None, upload.name if upload is not None else "", too_big=True)
    if upload is None:
        return Received(None, "", missing=True)
    path = getattr(upload, "temporary_file_path", None)
    assert path is not None, "FILE_UPLOAD_HANDLERS keeps uploads in temporary files"
    try:
        stored = blobstore.store(Path(path()))
    finally:
        upload.close()
    return Received(stored, upload.name or "")


def limit_mb() -> str:
    """The upload limit as people read it ('20')."""
    mb = settings.CENSUS_UPLOAD_LIMIT / (1 << 20)
    return f"{mb:.0f}" if mb >= 1 else f"{mb:.2f}"
