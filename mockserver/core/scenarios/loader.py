"""Loads scenario files: YAML safe_load -> JSON Schema -> semantic checks -> immutable objects."""

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from mockserver.core import templates
from mockserver.core.errors import did_you_mean, field_path, quoted
from mockserver.core.scenarios.model import (
    Allocation,
    ApiTask,
    Condition,
    ErrorRateFault,
    ErrorSpec,
    FailFirstFault,
    FakeValue,
    InputVariable,
    Latency,
    Licence,
    OnDemandBehaviour,
    Outcome,
    OutputVariable,
    Permission,
    Producer,
    Role,
    Rule,
    Scenario,
    StaticValue,
    TemplateValue,
    User,
)
from mockserver.core.scenarios.tenant_loader import build_tenant
from mockserver.core.schema_alternatives import meant_alternative, unknown_keys, wrong_type
from mockserver.core.values import TypedValueError, from_plain, parse_number
from mockserver.core.yamlsafe import SafeLoader, load_yaml

SCHEMA_PATH = Path(__file__).with_name("scenario.schema.json")
DEFAULT_TENANT_UUID = "0a665343-88e9-17be-8189-936dad5d0144"
_PRODUCER_KEYS = {"value", "template", "fake", "args"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file, with where it is."""

    file: str
    line: int | None
    location: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        at = f" at {self.location}" if self.location else ""
        return f"{where}:{at} {self.message}"


class ScenarioError(ValueError):
    """A scenario file is invalid; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ScenarioNotFound(ScenarioError):
    """No scenario file at the path, or no scenario by the name: nothing was loaded."""


@cache
def _schema_validator() -> Draft202012Validator:
    # The schema itself is checked against its meta-schema by the tests, not at every start-up.
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


@cache
def _fake_providers() -> frozenset[str]:
    from faker import Faker  # only scenarios with fake outputs pay for importing it

    fake = Faker()
    return frozenset(
        name
        for provider in fake.get_providers()
        for name in dir(provider)
        if not name.startswith("_") and callable(getattr(provider, name))
    )


def load_scenario(path: Path) -> Scenario:
    """Load and check a scenario file; raises ScenarioError naming the file and each location."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ScenarioError([Problem(str(path), None, "", f"cannot read file: {reason}")]) from None
    return load_scenario_text(text, str(path), source=path)


def load_scenario_text(
    text: str, filename: str = "<scenario>", *, source: Path | None = None
) -> Scenario:
    """Load a scenario from YAML or JSON text."""
    document = _parse(text, filename)
    lines = _LineFinder(text)
    problems = [
        Problem(filename, lines.line_of(path), field_path(path), message)
        for error in sorted(
            _schema_validator().iter_errors(document),
            key=lambda e: [str(p) for p in e.absolute_path],
        )
        for path, message in _explain(error)
    ]
    # The meaning is checked even when the shape is not, so one run reports every problem;
    # parts too malformed to read are left to the schema's report.
    builder = _Builder(filename, lines, tolerant=bool(problems))
    scenario = builder.build(document, source)
    for problem in builder.problems:
        if problem not in problems:
            problems.append(problem)
    if problems:
        raise ScenarioError(sorted(problems, key=lambda p: (p.line or 0, p.location)))
    assert scenario is not None
    return scenario


def _parse(text: str, filename: str) -> Any:
    try:
        document = load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = f"{exc.context + ': ' if exc.context else ''}{exc.problem}"
        if isinstance(exc, yaml.constructor.ConstructorError):
            message = f"YAML tag not allowed (only plain data is loaded): {exc.problem}"
        raise ScenarioError([Problem(filename, line, "", message)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(filename, None, "", f"invalid YAML: {exc}")]) from None
    if not isinstance(document, dict):
        raise ScenarioError([Problem(filename, 1, "", "a scenario must be a mapping at the top")])
    return document


def _explain(error: Any) -> list[tuple[list[Any], str]]:
    """Each schema problem at the path of the key it is about, in words a person can act on."""
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        return [
            ([*path, key], f"unknown key {key!r}{did_you_mean(key, known)}")
            for key in error.instance
            if key not in known
        ]
    if error.validator in ("oneOf", "anyOf") and error.context:
        # "not valid under any of the given schemas": the deepest reason names the key, else
        # the alternative the author meant does, else the keys no alternative knows.
        deepest = max(error.context, key=lambda e: len(e.absolute_path))
        if len(deepest.absolute_path) > len(path):
            return _explain(deepest)
        meant = meant_alternative(error)
        if meant:
            return [explained for sub in meant for explained in _explain(sub)]
        unknown = unknown_keys(error)
        if unknown:
            return [([*path, key], message) for key, message in unknown]
        return [(path, wrong_type(error) or _schema_message(error))]
    return [(path, _schema_message(error))]


def _schema_message(error: Any) -> str:
    if error.validator == "type" and "string" in _as_list(error.validator_value):
        # YAML reads `id: 1` as a number and `off` as false; the scenario wants the text.
        if isinstance(error.instance, bool):
            return f"{error.message}: YAML reads yes, no, on and off as booleans; quote the text"
        if isinstance(error.instance, int | float):
            return f'{error.message}: write it in quotes, "{error.instance}"'
    if error.validator in ("oneOf", "not") and isinstance(error.instance, dict):
        return (
            f"conflicting or missing keys {sorted(error.instance)}: see the scenario "
            "reference for the keys that go together"
        )
    return str(error.message)


class _LineFinder:
    """Maps a path inside the document to the 1-based line where it is written. The node tree
    (with line marks) is only built when there is a problem to report."""

    def __init__(self, text: str):
        self._text = text
        self._root: yaml.Node | None = None

    def line_of(self, path: list[Any]) -> int | None:
        if self._root is None:
            self._root = yaml.compose(self._text, Loader=SafeLoader)
        node = self._root
        if node is None:
            return None
        for part in path:
            child = self._child(node, part)
            if child is None:
                break
            node = child
        return int(node.start_mark.line) + 1

    @staticmethod
    def _child(node: yaml.Node, part: Any) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    return value  # type: ignore[no-any-return]
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            return node.value[part]  # type: ignore[no-any-return]
        return None


class _Builder:
    """Turns a schema-valid document into a Scenario, collecting every semantic problem."""

    def __init__(self, filename: str, lines: _LineFinder, *, tolerant: bool = False):
        self.filename = filename
        self.lines = lines
        self.problems: list[Problem] = []
        # With schema problems, parts may be malformed: what cannot be read is skipped.
        self.tolerant = tolerant
        self._inputs_in_scope: set[str] | None = None

    def problem(self, path: list[Any], message: str) -> None:
        self.problems.append(
            Problem(self.filename, self.lines.line_of(path), field_path(path), message)
        )

    def _tolerantly(self, build: Any, *args: Any) -> Any:
        try:
            return build(*args)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            if not self.tolerant:
                raise
            return None

    def _each(self, build: Any, items: Any) -> tuple[Any, ...]:
        """`build(item)` for each item, leaving out (when tolerant) the ones it cannot read."""
        built = (self._tolerantly(build, *item) for item in items)
        return tuple(b for b in built if b is not None)

    def build(self, doc: Mapping[str, Any], source: Path | None) -> Scenario | None:
        raw_roles = _listed(doc.get("roles", []))
        roles = self._tolerantly(self._roles, raw_roles) or {}
        defined = {r.get("name") for r in raw_roles if isinstance(r, dict)}
        users = self._tolerantly(self._users, _listed(doc.get("users", [])), roles, defined) or ()
        raw_tasks = _listed(doc.get("tasks"))
        tasks = self._each(self._task, ((raw, ["tasks", i]) for i, raw in enumerate(raw_tasks)))
        # From the raw tasks, so that a task too malformed to build still counts.
        self._check_unique([_field(t, "fileId") for t in raw_tasks], "tasks", "fileId")
        self._check_unique([_field(t, "path") for t in raw_tasks], "tasks", "path")
        tenant = None
        if len(tasks) == len(raw_tasks):
            # The tenant blocks refer to the tasks: checked once every task could be read.
            tenant = self._tolerantly(
                build_tenant, doc, tasks, [u.username for u in users], self.problem
            )
        if self.tolerant or self.problems or tenant is None:
            return None
        return Scenario(
            name=doc["name"],
            description=doc.get("description", ""),
            tenant_uuid=doc.get("tenantUuid", DEFAULT_TENANT_UUID).lower(),
            roles=tuple(roles.values()),
            users=users,
            tasks=tasks,
            source=source,
            licence=_licence(doc.get("licence")),
            repository=tenant.repository,
            run_as_users=tenant.run_as_users,
            devices=tenant.devices,
            pools=tenant.pools,
        )

    def _check_unique(self, values: list[Any], section: str, key: str) -> None:
        seen: dict[Any, int] = {}
        for i, value in enumerate(values):
            if not isinstance(value, str | int):  # missing or malformed: the schema says so
                continue
            if value in seen:
                self.problem(
                    [section, i, key],
                    f"duplicate {key} {quoted(value)} (also {section}[{seen[value]}])",
                )
            seen.setdefault(value, i)

    def _roles(self, raw_roles: list[Any]) -> dict[str, Role]:
        self._check_unique([_field(r, "name") for r in raw_roles], "roles", "name")
        built = self._each(self._role, ((r,) for r in raw_roles))
        return {role.name: role for role in built}

    @staticmethod
    def _role(raw: dict[str, Any]) -> Role:
        return Role(
            id=raw["id"],
            name=raw["name"],
            grants=frozenset(raw.get("grants", [])),
            permissions=tuple(
                Permission(p["action"], p["resourceType"]) for p in raw.get("permissions", [])
            ),
        )

    def _users(
        self, raw_users: list[Any], roles: dict[str, Role], defined: set[Any]
    ) -> tuple[User, ...]:
        self._check_unique([_field(u, "username") for u in raw_users], "users", "username")
        self._check_unique([_field(u, "id") for u in raw_users], "users", "id")
        return self._each(self._user, ((raw, i, roles, defined) for i, raw in enumerate(raw_users)))

    def _user(self, raw: dict[str, Any], i: int, roles: dict[str, Role], defined: set[Any]) -> User:
        for j, name in enumerate(raw.get("roles", [])):
            if name not in defined:
                self.problem(["users", i, "roles", j], f"role {name!r} is not defined in roles")
        if "password" not in raw and "apiKey" not in raw:
            self.problem(["users", i], "a user needs a password, an apiKey or both")
        return User(
            id=raw["id"],
            username=raw["username"],
            password=raw.get("password"),
            api_key=raw.get("apiKey"),
            first_name=raw.get("firstName", ""),
            last_name=raw.get("lastName", ""),
            email=raw.get("email", ""),
            domain=raw.get("domain"),
            roles=tuple(roles[n] for n in raw.get("roles", []) if n in roles),
            multiple_login_allowed=raw.get("multipleLoginAllowed", False),
            license_features=tuple(raw.get("licenseFeatures", [])),
            disabled=raw.get("disabled", False),
        )

    def _task(self, raw: dict[str, Any], at: list[Any]) -> ApiTask:
        # Each part is read on its own, so a malformed one hides no problem of the others.
        inputs = self._each(
            self._input,
            ((name, spec, [*at, "inputs", name]) for name, spec in _mapped(raw.get("inputs"))),
        )
        self._inputs_in_scope = {i.name for i in inputs}
        outputs = self._each(
            self._output,
            ((name, spec, [*at, "outputs", name]) for name, spec in _mapped(raw.get("outputs"))),
        )
        output_types = {o.name: o.type for o in outputs}
        input_types = {i.name: i.type for i in inputs}
        rules = self._each(
            self._rule,
            (
                (rule, [*at, "rules", i], input_types, output_types)
                for i, rule in enumerate(_listed(raw.get("rules")))
            ),
        )
        default = (
            self._tolerantly(self._outcome, raw["default"], [*at, "default"], output_types)
            if "default" in raw
            else None
        )
        sequence = self._each(
            self._outcome,
            (
                (step, [*at, "sequence", i], output_types)
                for i, step in enumerate(_listed(raw.get("sequence")))
            ),
        )
        latency = self._tolerantly(self._latency, raw.get("latency"), [*at, "latency"])
        faults = raw.get("faults", {})
        allocation = raw.get("allocation")
        return ApiTask(
            file_id=raw["fileId"],
            path=raw["path"],
            name=raw.get("name", raw["path"].replace("/", "\\").rsplit("\\", 1)[-1]),
            description=raw.get("description", ""),
            headers=dict(raw.get("headers", {})),
            allocation=None
            if allocation is None
            else Allocation(
                run_as_user=allocation.get("runAsUserOrNone"),
                concurrency_limit=allocation.get("concurrencyLimit", 1),
            ),
            inputs=inputs,
            outputs=outputs,
            rules=rules,
            default=default,
            latency=latency,
            error_rate=None
            if "errorRate" not in faults
            else ErrorRateFault(
                faults["errorRate"]["rate"], self._error(faults["errorRate"]["error"])
            ),
            sequence=sequence,
            fail_first=None
            if "failFirst" not in faults
            else FailFirstFault(
                faults["failFirst"]["count"], self._error(faults["failFirst"]["error"])
            ),
            on_demand=_on_demand(raw.get("onDemand")),
        )

    def _input(self, name: str, spec: dict[str, Any], at: list[Any]) -> InputVariable:
        default = None
        if "default" in spec:
            default = self._plain(spec["type"], spec["default"], [*at, "default"])
        if spec.get("required", False) and "default" in spec:
            self.problem(at, f"input {name!r} is required, so its default would never be used")
        return InputVariable(
            name, spec["type"], spec.get("required", False), default, spec.get("description", "")
        )

    def _output(self, name: str, spec: dict[str, Any], at: list[Any]) -> OutputVariable:
        producer = self._producer(spec["type"], spec, at) if _PRODUCER_KEYS & set(spec) else None
        return OutputVariable(name, spec["type"], producer, spec.get("description", ""))

    def _plain(self, type_name: str, raw: Any, at: list[Any]) -> Any:
        try:
            return from_plain(type_name, raw, field_path(at))
        except TypedValueError as exc:
            self.problem(at, f"not a valid {type_name} value: {exc.message}")
            return None

    def _producer(self, type_name: str, spec: Mapping[str, Any], at: list[Any]) -> Producer:
        if "template" in spec:
            try:
                compiled = templates.compile_template(spec["template"])
                self._check_template_inputs(spec["template"], [*at, "template"])
                return TemplateValue(spec["template"], compiled)
            except templates.TemplateSyntaxError as exc:
                self.problem(
                    [*at, "template"], f"bad template (template line {exc.lineno}): {exc.message}"
                )
                return StaticValue("")
        if "fake" in spec:
            if spec["fake"] not in _fake_providers():
                self.problem(
                    [*at, "fake"],
                    f"unknown Faker provider {spec['fake']!r} (see https://faker.readthedocs.io/)",
                )
            return FakeValue(spec["fake"], dict(spec.get("args", {})))
        if "args" in spec:
            self.problem([*at, "args"], "'args' only goes with 'fake'")
        return StaticValue(self._plain(type_name, spec["value"], [*at, "value"]))

    def _check_template_inputs(self, source: str, at: list[Any]) -> None:
        """A template naming an input the task does not declare would fail every call."""
        if self._inputs_in_scope is None:
            return
        for name in sorted(templates.referenced_inputs(source) - self._inputs_in_scope):
            declared = ", ".join(sorted(self._inputs_in_scope)) or "none"
            self.problem(
                at,
                f"the template uses inputs.{name}, which is not a declared input"
                f"{did_you_mean(name, self._inputs_in_scope)}; declared: {declared}",
            )

    def _outcome(
        self, raw: Mapping[str, Any], at: list[Any], output_types: Mapping[str, str]
    ) -> Outcome:
        if "error" in raw:
            return Outcome({}, self._error(raw["error"]))
        outputs: dict[str, Producer] = {}
        for name, value in raw.get("outputs", {}).items():
            here = [*at, "outputs", name]
            if name not in output_types:
                self.problem(here, f"output {name!r} is not declared in the task's outputs")
                continue
            is_spec = (
                isinstance(value, dict)
                and set(value) <= _PRODUCER_KEYS
                and bool({"value", "template", "fake"} & set(value))
            )
            spec = value if is_spec else {"value": value}
            outputs[name] = self._producer(output_types[name], spec, here)
        return Outcome(outputs, None)

    def _rule(
        self,
        raw: Mapping[str, Any],
        at: list[Any],
        input_types: Mapping[str, str],
        output_types: Mapping[str, str],
    ) -> Rule:
        conditions = []
        for variable, test in raw["when"].items():
            here = [*at, "when", variable]
            if variable not in input_types:
                self.problem(here, f"condition on {variable!r}, which is not a declared input")
                continue
            conditions.append(self._condition(variable, input_types[variable], test, here))
        name = raw.get("name", f"rule {at[-1] + 1}")
        call = raw.get("call")
        calls = None if call is None else frozenset(call if isinstance(call, list) else [call])
        return Rule(name, tuple(conditions), self._outcome(raw, at, output_types), calls)

    def _condition(
        self, variable: str, type_name: str, test: Mapping[str, Any], at: list[Any]
    ) -> Condition:
        pattern = None
        if "regex" in test:
            try:
                pattern = re.compile(test["regex"])
            except re.error as exc:
                self.problem(
                    [*at, "regex"], f"bad regular expression {quoted(test['regex'])}: {exc}"
                )
        bounds = {}
        for key in ("min", "max", "gt", "lt"):
            if key in test:
                if type_name != "NUMBER":
                    self.problem(
                        [*at, key], f"'{key}' needs a NUMBER input, {variable} is {type_name}"
                    )
                bounds[key] = float(parse_number(test[key], key))
        return Condition(
            variable=variable,
            equals=self._plain(type_name, test["equals"], [*at, "equals"])
            if "equals" in test
            else None,
            one_of=tuple(
                self._plain(type_name, v, [*at, "oneOf", i]) for i, v in enumerate(test["oneOf"])
            )
            if "oneOf" in test
            else None,
            regex=pattern,
            minimum=bounds.get("min"),
            maximum=bounds.get("max"),
            greater=bounds.get("gt"),
            less=bounds.get("lt"),
            present=test.get("present"),
        )

    @staticmethod
    def _error(raw: Mapping[str, Any]) -> ErrorSpec:
        return ErrorSpec(
            raw["status"],
            raw.get("code", f"mock.error.{raw['status']}"),
            raw["message"],
            raw.get("details"),
        )

    def _latency(self, raw: Mapping[str, Any] | None, at: list[Any]) -> Latency | None:
        if raw is None:
            return None
        if "fixedMs" in raw:
            return Latency(raw["fixedMs"], raw["fixedMs"])
        if raw["minMs"] > raw["maxMs"]:
            self.problem([*at, "minMs"], f"minMs {raw['minMs']} is above maxMs {raw['maxMs']}")
        return Latency(min(raw["minMs"], raw["maxMs"]), max(raw["minMs"], raw["maxMs"]))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _listed(value: Any) -> list[Any]:
    """A list the schema expects, or nothing when it holds something else."""
    return value if isinstance(value, list) else []


def _mapped(value: Any) -> list[tuple[Any, Any]]:
    """A mapping's items, or nothing when it is not one."""
    return list(value.items()) if isinstance(value, dict) else []


def _field(raw: Any, key: str) -> Any:
    return raw.get(key) if isinstance(raw, dict) else None


def _licence(raw: Mapping[str, Any] | None) -> Licence:
    raw = raw or {}
    return Licence(
        concurrent_on_demand=raw.get("concurrentOnDemand"),
        execution_quota=raw.get("executionQuota"),
        runtime_threshold_seconds=raw.get("runtimeThresholdSeconds"),
    )


def _on_demand(raw: Mapping[str, Any] | None) -> OnDemandBehaviour:
    default = OnDemandBehaviour()
    raw = raw or {}
    return OnDemandBehaviour(
        queue_seconds=float(raw.get("queueSeconds", default.queue_seconds)),
        run_seconds=float(raw.get("runSeconds", default.run_seconds)),
        outcome=raw.get("outcome", default.outcome),
        message=raw.get("message"),
    )


def iter_scenario_files(folder: Path) -> Iterator[Path]:
    for pattern in ("*.yaml", "*.yml", "*.json"):
        yield from sorted(folder.glob(pattern))
