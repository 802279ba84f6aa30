"""The council's logo on the covers of its governance packs."""

from __future__ import annotations

import base64
from pathlib import Path

from commissioner.errors import ValidationError
from commissioner.models import OrganisationSettings
from commissioner.reports.render import logo_reader
from commissioner.storage import Database

MAX_LOGO_BYTES = 2 * 1024 * 1024
_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def read_logo_file(path: Path) -> bytes:
    """A logo file's bytes once checked to be a PNG or JPEG image of at most 2 MB.

    Raises ValidationError with a message for the user otherwise."""
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise ValidationError({"logo": f"{path.name} is over 2 MB; use a smaller image."})
        data = path.read_bytes()
    except OSError as error:
        raise ValidationError({"logo": f"{path.name} cannot be read: {error.strerror}."}) from None
    if not data.startswith(_SIGNATURES) or logo_reader(base64.b64encode(data).decode()) is None:
        raise ValidationError({"logo": f"{path.name} is not a PNG or JPEG image."})
    return data


def council_logo(db: Database) -> bytes | None:
    with db.session() as session:
        settings = session.get(OrganisationSettings, 1)
        return settings.logo_image if settings else None


def set_council_logo(db: Database, image: bytes | None) -> bytes | None:
    """Replace the logo (None removes it); returns the previous one, for undo."""
    with db.session() as session:
        settings = session.get(OrganisationSettings, 1)
        if settings is None:
            settings = OrganisationSettings(id=1)
            session.add(settings)
        previous = settings.logo_image
        settings.logo_image = image
        return previous
