"""Which of deliberate_differences.json's entries apply to a body: where the gateway answers otherwise on purpose.

Each detector looks at the body as sent, never at either answer, so that a difference is excused only where
the documented reason is present in the body itself.
"""

import json
import re

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# pydantic-core's str_as_int: optional sign, digits with single underscores between them, optionally ".0...".
_INTEGER_TEXT = re.compile(r"^[+-]?[0-9]+(_[0-9]+)*(\.0*)?$")


class _NonStandardToken(ValueError):
    pass


def _refuse_constant(name):
    raise _NonStandardToken(name)


def applicable(body_text):
    found = []
    try:
        value = json.loads(body_text, parse_constant=_refuse_constant)
    except _NonStandardToken:
        return ["nan-infinity-tokens"]
    except (json.JSONDecodeError, RecursionError):
        return found

    if _has_number_python_writes_otherwise(body_text):
        found.append("number-text")
    if _has_lone_surrogate(value):
        found.append("lone-surrogate")
    if _has_non_finite_number(value):
        found.append("non-finite-number")
    if _has_integer_beyond_int64(value):
        found.append("int64-range")
    if isinstance(value, dict):
        if _has_empty_proto_name(value):
            found.append("name-min-length")
        if _has_malformed_allowed_tool(value):
            found.append("allowed-tools-items")
    return found


def _has_number_python_writes_otherwise(body_text):
    differs = []

    def check_float(text):
        if repr(float(text)) != text:
            differs.append(text)
        return float(text)

    def check_int(text):
        if str(int(text)) != text:
            differs.append(text)
        return int(text)

    json.loads(body_text, parse_float=check_float, parse_int=check_int)
    return bool(differs)


def _has_lone_surrogate(value):
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return any(_has_lone_surrogate(key) or _has_lone_surrogate(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


def _has_non_finite_number(value):
    if isinstance(value, float):
        return value != value or value in (float("inf"), float("-inf"))
    if isinstance(value, dict):
        return any(_has_non_finite_number(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_non_finite_number(item) for item in value)
    return False


def _has_integer_beyond_int64(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not INT64_MIN <= value <= INT64_MAX
    if isinstance(value, str):
        text = value.strip()
        if _INTEGER_TEXT.match(text):
            number = int(text.split(".")[0].replace("_", ""))
            return not INT64_MIN <= number <= INT64_MAX
        return False
    if isinstance(value, dict):
        return any(_has_integer_beyond_int64(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_integer_beyond_int64(item) for item in value)
    return False


def _payload(obj, tag):
    if isinstance(obj, dict) and obj.get("type") == tag and isinstance(obj.get(tag), dict):
        return obj[tag]
    return None


def _has_empty_proto_name(body):
    tools = body.get("tools")
    if isinstance(tools, list):
        for tool in tools:
            custom = _payload(tool, "custom")
            if custom is not None and custom.get("name") == "":
                return True
    choice = body.get("tool_choice")
    for tag in ("function", "custom"):
        named = _payload(choice, tag)
        if named is not None and named.get("name") == "":
            return True
    call = body.get("function_call")
    return isinstance(call, dict) and call.get("name") == ""


def _is_tool_reference(item):
    if not isinstance(item, dict) or item.get("type") not in ("function", "custom"):
        return False
    named = item.get(item["type"])
    return isinstance(named, dict) and isinstance(named.get("name"), str) and named["name"] != ""


def _has_malformed_allowed_tool(body):
    allowed = _payload(body.get("tool_choice"), "allowed_tools")
    if allowed is None:
        return False
    tools = allowed.get("tools")
    return isinstance(tools, list) and not all(_is_tool_reference(item) for item in tools)
