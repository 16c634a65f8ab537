"""FILE and CREDENTIAL: values that point at something (a repository file, a locker attribute)."""

from collections.abc import Mapping
from typing import Any

from mockserver.core.values.codec import Codec, payload
from mockserver.core.values.model import Credential, FileRef, TypedValueError

_CREDENTIAL_KEYS = ("name", "lockerName", "attributeName")


class FileCodec(Codec[FileRef]):
    """`{"type": "FILE", "file": {"type": "FILE", "string": path, "expression": ""}}`, with an
    optional `repository` beside `file` (AA's deploy swagger); plain form: the path."""

    name = "FILE"
    key = "file"
    python_types = (FileRef,)

    def decode(self, value: Mapping[str, Any], where: str) -> FileRef:
        nested = payload(value, self.key, where)
        if not isinstance(nested, dict) or not isinstance(nested.get("string"), str):
            raise TypedValueError(f"{where}.file", 'must be {"type": "FILE", "string": "<path>"}')
        repository = value.get("repository")
        if repository is not None and not isinstance(repository, str):
            raise TypedValueError(f"{where}.repository", "must be a string")
        return FileRef(nested["string"], repository)

    def encode(self, value: FileRef) -> dict[str, Any]:
        wire: dict[str, Any] = {
            "type": self.name,
            "file": {"type": self.name, "string": value.path, "expression": ""},
        }
        if value.repository is not None:
            wire["repository"] = value.repository
        return wire

    def parse_plain(self, raw: object, where: str) -> FileRef:
        if isinstance(raw, str):
            return FileRef(raw)
        raise TypedValueError(where, "expected a FILE path string")

    def empty(self) -> FileRef:
        return FileRef("")

    def plain_from_template(self, text: str, where: str) -> object:
        return text.strip()


class CredentialCodec(Codec[Credential]):
    """`{"type": "CREDENTIAL", "credential": {name, lockerName, attributeName}}`; plain form: the
    inner mapping. Only the reference travels, never a secret."""

    name = "CREDENTIAL"
    key = "credential"
    python_types = (Credential,)

    def decode(self, value: Mapping[str, Any], where: str) -> Credential:
        return self._reference(payload(value, self.key, where), f"{where}.credential")

    def encode(self, value: Credential) -> dict[str, Any]:
        reference = {
            "name": value.name,
            "lockerName": value.locker_name,
            "attributeName": value.attribute_name,
        }
        return {"type": self.name, "credential": reference}

    def parse_plain(self, raw: object, where: str) -> Credential:
        if not isinstance(raw, dict):
            raise TypedValueError(where, "expected a CREDENTIAL {name, lockerName, attributeName}")
        return self._reference(raw, where)

    def empty(self) -> Credential:
        return Credential("", "", "")

    @staticmethod
    def _reference(raw: object, where: str) -> Credential:
        if not isinstance(raw, dict) or not all(
            isinstance(raw.get(k), str) for k in _CREDENTIAL_KEYS
        ):
            raise TypedValueError(where, "needs string name, lockerName, attributeName")
        return Credential(raw["name"], raw["lockerName"], raw["attributeName"])
