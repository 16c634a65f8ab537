"""Ids in URLs as the Control Room writes them: ASCII digits, no leading zero, 64 bits at most."""

from typing import Any

from werkzeug.routing import BaseConverter, ValidationError

from mockserver.core.limits import MAX_ID_DIGITS

_INT64_MAX = 2**63 - 1


class ControlRoomId(BaseConverter):
    """Werkzeug's own `int` converter also takes Unicode digits (`14٩`), leading zeros (`0149`)
    and thousands of digits; each would name a task the Control Room never wrote in a URL. Such a
    path matches no route (404)."""

    regex = r"[0-9]+"
    weight = 50  # as werkzeug's number converters: a number wins over a string at one place
    part_isolating = True

    def to_python(self, value: str) -> int:
        if len(value) > MAX_ID_DIGITS or (value.startswith("0") and value != "0"):
            raise ValidationError()
        number = int(value)
        if number > _INT64_MAX:
            raise ValidationError()
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))
