"""The execution engine: checks inputs, applies faults and rules, produces typed outputs."""

import hashlib
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from random import Random
from typing import TYPE_CHECKING, Any

from mockserver.core import templates, values
from mockserver.core.clock import Clock
from mockserver.core.errors import ApiError, bad_request
from mockserver.core.limits import MAX_RENDERED_CHARS
from mockserver.core.scenarios.model import (
    ApiTask,
    Condition,
    ErrorSpec,
    FakeValue,
    Outcome,
    OutputVariable,
    Producer,
    Rule,
    StaticValue,
    TemplateValue,
)
from mockserver.core.values import PyValue, TypedValueError, format_number

if TYPE_CHECKING:
    from faker import Faker

RETRY_AFTER_SECONDS = "1"


def error_from_spec(spec: ErrorSpec) -> ApiError:
    return ApiError(spec.status, spec.code, spec.message, spec.details)


class ConcurrencyGate:
    """Counts executions in flight per allocation; never queues, as real-time API Tasks do not."""

    def __init__(self) -> None:
        self._in_flight: dict[int, int] = {}
        self._peak: dict[int, int] = {}
        self._rejected: dict[int, int] = {}
        self._lock = threading.Lock()

    def try_enter(self, file_id: int, limit: int) -> bool:
        with self._lock:
            current = self._in_flight.get(file_id, 0)
            if current >= limit:
                self._rejected[file_id] = self._rejected.get(file_id, 0) + 1
                return False
            self._in_flight[file_id] = current + 1
            self._peak[file_id] = max(self._peak.get(file_id, 0), current + 1)
            return True

    def leave(self, file_id: int) -> None:
        with self._lock:
            self._in_flight[file_id] -= 1

    def in_flight(self, file_id: int) -> int:
        with self._lock:
            return self._in_flight.get(file_id, 0)

    def rejected(self, file_id: int) -> int:
        """Executions refused (429) at this API Task's limit since the last reset."""
        with self._lock:
            return self._rejected.get(file_id, 0)

    def reset_counts(self) -> None:
        """Forget peaks and refusals; executions still in flight keep their slots."""
        with self._lock:
            self._peak.clear()
            self._rejected.clear()

    def peak(self, file_id: int) -> int:
        """The most executions ever in flight at once for this API Task."""
        with self._lock:
            return self._peak.get(file_id, 0)


@dataclass
class EngineContext:
    """What an execution needs from the mock's state, passed in so the engine stays testable."""

    seed: int
    random: Random
    faker: Callable[[], "Faker"]  # built on first use: importing Faker costs ~0.1 s
    faker_lock: threading.Lock
    call_counts: dict[int, int]
    counts_lock: threading.Lock
    gate: ConcurrencyGate
    timeout_seconds: float
    clock: Clock  # whose sleep() waits latency out (simulated in unit tests)


def execute(
    task: ApiTask, concurrency_limit: int, bot_input: Mapping[str, Any], ctx: EngineContext
) -> dict[str, PyValue]:
    """Run `task` for one request and return its outputs (the `botOutput` typed values)."""
    inputs = parse_inputs(task, bot_input)
    if not ctx.gate.try_enter(task.file_id, concurrency_limit):
        raise ApiError(
            429,
            "hotbot.concurrency.limit.exceeded",
            f"API Task '{task.name}' already runs {concurrency_limit} execution(s), "
            f"its concurrencyLimit; real-time executions are not queued",
            # Not documented by AA (nor is 429); one second tells a client when to try again.
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )
    try:
        outputs = evaluate(task, inputs, ctx)
        _wait_latency(task, ctx)
        return outputs
    finally:
        ctx.gate.leave(task.file_id)


def evaluate(
    task: ApiTask, inputs: Mapping[str, PyValue | None], ctx: EngineContext
) -> dict[str, PyValue]:
    """One call of `task` on parsed inputs: count it, apply the scenario's faults, let the
    sequence or rules decide, produce the outputs. Both ways to run a task (real time and on
    demand) go through here; an error outcome raises its ApiError."""
    with ctx.counts_lock:
        ctx.call_counts[task.file_id] = call = ctx.call_counts.get(task.file_id, 0) + 1
    _apply_faults(task, call, ctx)
    outcome = decide(task, inputs, call)
    if outcome.error is not None:
        raise error_from_spec(outcome.error)
    return produce_outputs(task, outcome, inputs, ctx)


def parse_inputs(task: ApiTask, bot_input: Mapping[str, Any]) -> dict[str, PyValue | None]:
    parsed: dict[str, PyValue | None] = {}
    for variable in task.inputs:
        where = f"botInput.{variable.name}"
        if variable.name not in bot_input:
            if variable.required:
                raise bad_request(
                    f"Missing required input '{variable.name}' (type {variable.type})",
                    code="hotbot.input.missing",
                )
            parsed[variable.name] = variable.default
            continue
        try:
            type_name, value = values.from_wire(bot_input[variable.name], where)
        except TypedValueError as exc:
            raise bad_request(
                f"Input '{variable.name}' is not a valid typed value: {exc}",
                code="hotbot.input.invalid",
            ) from None
        if type_name != variable.type:
            raise bad_request(
                f"Input '{variable.name}' expects type {variable.type}, got {type_name}",
                code="hotbot.input.type.mismatch",
            )
        parsed[variable.name] = value
    return parsed


def _apply_faults(task: ApiTask, call: int, ctx: EngineContext) -> None:
    if task.fail_first is not None and call <= task.fail_first.count:
        raise error_from_spec(task.fail_first.error)
    if task.error_rate is not None and ctx.random.random() < task.error_rate.rate:
        raise error_from_spec(task.error_rate.error)


def check_condition(condition: Condition, value: PyValue | None) -> tuple[bool, str]:
    """Return (holds, why not) for one condition on one input value."""
    name = condition.variable
    if condition.present is not None and (value is not None) != condition.present:
        return False, f"{name} is {'absent' if value is None else 'present'}"
    if value is None:
        tested = any(
            t is not None
            for t in (
                condition.equals,
                condition.one_of,
                condition.regex,
                condition.minimum,
                condition.maximum,
                condition.greater,
                condition.less,
            )
        )
        return (False, f"{name} is absent") if tested else (True, "")
    shown = _show(value)
    if condition.equals is not None and value != condition.equals:
        return False, f"{name} is {shown}, not equal to {_show(condition.equals)}"
    if condition.one_of is not None and value not in condition.one_of:
        return False, f"{name} is {shown}, not one of [{', '.join(map(_show, condition.one_of))}]"
    if condition.regex is not None and not condition.regex.search(_text(value)):
        return False, f"{name} is {shown}, which does not match /{condition.regex.pattern}/"
    if condition.minimum is not None and float(value) < condition.minimum:  # type: ignore[arg-type]
        return False, f"{name} is {shown}, below the minimum {condition.minimum:g}"
    if condition.maximum is not None and float(value) > condition.maximum:  # type: ignore[arg-type]
        return False, f"{name} is {shown}, above the maximum {condition.maximum:g}"
    if condition.greater is not None and not float(value) > condition.greater:  # type: ignore[arg-type]
        return False, f"{name} is {shown}, not greater than {condition.greater:g}"
    if condition.less is not None and not float(value) < condition.less:  # type: ignore[arg-type]
        return False, f"{name} is {shown}, not less than {condition.less:g}"
    return True, ""


def _text(value: PyValue) -> str:
    if isinstance(value, Decimal):
        return format_number(value)
    seen = values.to_template(value)
    return seen if isinstance(seen, str) else str(value)


def _show(value: PyValue) -> str:
    return repr(_text(value)) if isinstance(value, str) else _text(value)


def match_rule(rule: Rule, inputs: Mapping[str, PyValue | None], call: int = 1) -> tuple[bool, str]:
    if rule.calls is not None and call not in rule.calls:
        return False, f"this is call {call}, not {' or '.join(map(str, sorted(rule.calls)))}"
    for condition in rule.conditions:
        holds, why = check_condition(condition, inputs.get(condition.variable))
        if not holds:
            return False, why
    return True, ""


def decide(task: ApiTask, inputs: Mapping[str, PyValue | None], call: int = 1) -> Outcome:
    """The sequence's step for this call, else the first rule that holds, else the default."""
    if call <= len(task.sequence):
        return task.sequence[call - 1]
    if not task.rules:
        return task.default or Outcome({}, None)
    reasons = []
    for rule in task.rules:
        matched, why = match_rule(rule, inputs, call)
        if matched:
            return rule.outcome
        reasons.append(f"rule '{rule.name}': {why}")
    if task.default is not None:
        return task.default
    raise ApiError(
        400,
        "mock.no.matching.rule",
        f"No rule of API Task '{task.name}' matched the inputs and it has no default: "
        + "; ".join(reasons),
        details="\n".join(reasons),
    )


def produce_outputs(
    task: ApiTask, outcome: Outcome, inputs: Mapping[str, PyValue | None], ctx: EngineContext
) -> dict[str, PyValue]:
    # An optional input the call left out, with no default, is its type's empty value.
    template_inputs = {}
    for declared in task.inputs:
        given = inputs.get(declared.name)
        template_inputs[declared.name] = values.to_template(
            given if given is not None else values.empty(declared.type)
        )
    outputs: dict[str, PyValue] = {}
    for variable in task.outputs:
        producer = outcome.outputs.get(variable.name, variable.producer)
        value = (
            _produce(variable, producer, template_inputs, inputs, task, ctx)
            if producer is not None
            else values.empty(variable.type)
        )
        if value is not None:
            outputs[variable.name] = value
    return outputs


def _produce(
    variable: OutputVariable,
    producer: Producer,
    template_inputs: dict[str, Any],
    inputs: Mapping[str, PyValue | None],
    task: ApiTask,
    ctx: EngineContext,
) -> PyValue:
    if isinstance(producer, StaticValue):
        return producer.value
    if isinstance(producer, TemplateValue):
        return _render(variable, producer, template_inputs, task, ctx)
    return _fake(variable, producer, inputs, task, ctx)


def _scenario_error(variable: OutputVariable, task: ApiTask, problem: str) -> ApiError:
    return ApiError(
        500,
        "mock.scenario.error",
        f"The scenario cannot produce output '{variable.name}' of API Task "
        f"'{task.name}': {problem}",
    )


def _render(
    variable: OutputVariable,
    producer: TemplateValue,
    template_inputs: dict[str, Any],
    task: ApiTask,
    ctx: EngineContext,
) -> PyValue:
    context = {
        "inputs": template_inputs,
        "now": datetime.fromtimestamp(ctx.clock.now(), UTC),
        "task": {"fileId": task.file_id, "name": task.name, "path": task.path},
    }
    try:
        rendered = templates.render(producer.template, context)
    except templates.TemplateError as exc:
        raise _scenario_error(variable, task, f"template failed: {exc}") from None
    except (ArithmeticError, TypeError, ValueError) as exc:
        raise _scenario_error(variable, task, f"template failed: {exc!r}") from None
    text = rendered.text
    if rendered.cut and variable.type != "STRING":
        # A cut STRING is still a string; cut JSON is not a value. The inputs made it too large.
        raise bad_request(
            f"Output '{variable.name}' of API Task '{task.name}' would be over "
            f"{MAX_RENDERED_CHARS} characters (the mock's limit for a templated output): "
            "send smaller inputs",
            code="mock.output.too.large",
        )
    try:
        return values.from_template(variable.type, text, variable.name)
    except TypedValueError as exc:
        raise _scenario_error(variable, task, str(exc)) from None


def fake_seed(seed: int, file_id: int, output: str, inputs: Mapping[str, PyValue | None]) -> int:
    """Same seed, task, output and inputs -> same number, whatever the order of calls."""
    canonical = json.dumps(
        {k: values.to_wire(v) for k, v in sorted(inputs.items()) if v is not None}, sort_keys=True
    )
    digest = hashlib.sha256(f"{seed}|{file_id}|{output}|{canonical}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _fake(
    variable: OutputVariable,
    producer: FakeValue,
    inputs: Mapping[str, PyValue | None],
    task: ApiTask,
    ctx: EngineContext,
) -> PyValue:
    with ctx.faker_lock:
        faker = ctx.faker()
        faker.seed_instance(fake_seed(ctx.seed, task.file_id, variable.name, inputs))
        try:
            result = getattr(faker, producer.provider)(**producer.args)
        except (TypeError, ValueError, AttributeError) as exc:
            raise _scenario_error(
                variable, task, f"Faker {producer.provider} failed: {exc}"
            ) from None
    return _coerce_fake(variable, result, task)


def _coerce_fake(variable: OutputVariable, result: Any, task: ApiTask) -> PyValue:
    try:
        return values.from_fake(variable.type, result, variable.name)
    except TypedValueError as exc:
        raise _scenario_error(variable, task, f"Faker result does not fit: {exc}") from None


def _wait_latency(task: ApiTask, ctx: EngineContext) -> None:
    if task.latency is None:
        return
    low, high = task.latency.min_ms, task.latency.max_ms
    delay = (low if low == high else ctx.random.uniform(low, high)) / 1000
    if delay > ctx.timeout_seconds:
        ctx.clock.sleep(ctx.timeout_seconds)
        raise ApiError(
            504,
            "hotbot.execution.timeout",
            f"API Task '{task.name}' did not finish within the real-time limit of "
            f"{ctx.timeout_seconds:g} s",
        )
    ctx.clock.sleep(delay)
