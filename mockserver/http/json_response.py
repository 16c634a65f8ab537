"""Flask's JSON provider with orjson on the response path: a list of 100 allocations is
serialised in a tenth of the time; anything orjson cannot write goes through Flask's rules."""

from typing import Any

import orjson
from flask import Response
from flask.json.provider import DefaultJSONProvider

# Dates, dataclasses and subclasses of str/int/dict/list take Flask's path, so responses keep
# Flask's forms (an HTTP date, asdict); keys stay in insertion order, as sort_keys=False did.
_OPTIONS = (
    orjson.OPT_NON_STR_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


class FastJSONProvider(DefaultJSONProvider):
    sort_keys = False  # accessDetails and errors keep the request's order of repository paths

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs:  # a caller asked for stdlib options (indent, separators ...)
            return super().dumps(obj, **kwargs)
        return self._encode(obj).decode()

    def response(self, *args: Any, **kwargs: Any) -> Response:
        obj = self._prepare_response_obj(args, kwargs)
        body = self._encode(obj, orjson.OPT_APPEND_NEWLINE)
        response_class: Any = self._app.response_class  # typed as sansio's, built as Flask's
        return response_class(body, mimetype=self.mimetype)  # type: ignore[no-any-return]

    def _encode(self, obj: Any, extra: int = 0) -> bytes:
        try:
            return orjson.dumps(obj, default=self.default, option=_OPTIONS | extra)
        except orjson.JSONEncodeError:
            # An integer beyond 64 bits or a lone surrogate (from a \ud800 escape in a request):
            # the stdlib writes both, the surrogate as an ASCII escape.
            text = super().dumps(obj, separators=(",", ":"))
            return (text + "\n" if extra else text).encode()
