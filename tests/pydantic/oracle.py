"""What FastAPI with Pydantic v2 answers to a POST of a body to the chat completions endpoint.

Reads JSON lines `{"body": "<the body as sent>", "contentType": "..."?}` on stdin and writes one line per body:
`{"status": 200|422|500, "detail": [...]?, "deliberate": ["<id>", ...]}`; `deliberate` names the entries of
deliberate_differences.json that apply to the body (where the gateway answers otherwise on purpose).
With `--generate COUNT --seed SEED` it judges COUNT bodies of body_generator.py instead, each line also
carrying its `body`.

FastAPI's handling around the model, as fastapi/routing.py does it: an empty body is a missing body; a JSON
body (no Content-Type, or application/json or +json) that Python's json cannot read is json_invalid at its
character offset; a JSON null body is missing; otherwise the model validates it and each error's loc gets
the "body" prefix. The answer is written by Starlette's JSONResponse, which refuses NaN and infinity (a 500).
"""

import email.message
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pydantic  # noqa: E402
from pydantic import ValidationError  # noqa: E402

from chat_request_model import CreateChatCompletionRequest  # noqa: E402
import deliberate  # noqa: E402

if not pydantic.VERSION.startswith("2."):
    sys.exit(f"Pydantic v2 is required, found {pydantic.VERSION}")

_NO_JSON = object()


def is_json_content_type(content_type):
    if content_type is None:
        return True
    message = email.message.Message()
    message["content-type"] = content_type
    if message.get_content_maintype() != "application":
        return False
    subtype = message.get_content_subtype()
    return subtype == "json" or subtype.endswith("+json")


def encode_ctx_value(value):
    # FastAPI's jsonable_encoder turns what JSON cannot hold into text; the spec writes a ValueError as its reason.
    if isinstance(value, BaseException):
        return str(value)
    return value


def fastapi_error(error):
    entry = {"type": error["type"], "loc": ["body", *error["loc"]], "msg": error["msg"], "input": error["input"]}
    if "ctx" in error:
        entry["ctx"] = {key: encode_ctx_value(value) for key, value in error["ctx"].items()}
    return entry


def jsonable(value):
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return value


def python313_decode_error(text, error):
    """The spec follows Python 3.13's json, which names a trailing comma where older versions expect a value."""
    if sys.version_info >= (3, 13) or error.pos >= len(text):
        return error.pos, error.msg
    closing = text[error.pos]
    expected = {"]": "Expecting value", "}": "Expecting property name enclosed in double quotes"}.get(closing)
    comma = error.pos - 1
    while comma >= 0 and text[comma] in " \t\n\r":
        comma -= 1
    if expected == error.msg and comma >= 0 and text[comma] == ",":
        return comma, "Illegal trailing comma before end of " + ("array" if closing == "]" else "object")
    return error.pos, error.msg


def judge(body_text, content_type=None):
    body_bytes = body_text.encode("utf-8", errors="surrogatepass")
    if not body_bytes:
        return 422, [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]

    value = _NO_JSON
    if is_json_content_type(content_type):
        try:
            value = json.loads(body_bytes)
        except json.JSONDecodeError as error:
            position, message = python313_decode_error(error.doc if isinstance(error.doc, str) else body_text, error)
            return 422, [{"type": "json_invalid", "loc": ["body", position], "msg": "JSON decode error", "input": {}, "ctx": {"error": message}}]
    else:
        value = body_bytes

    if value is None:
        return 422, [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]

    try:
        # FastAPI validates a body with from_attributes=True, so what is not a dict is model_attributes_type, not model_type.
        CreateChatCompletionRequest.model_validate(value, from_attributes=True)
    except ValidationError as error:
        detail = [jsonable(fastapi_error(item)) for item in error.errors(include_url=False)]
        try:
            # Starlette's JSONResponse.render: no NaN or infinity, and UTF-8 that a lone surrogate cannot be.
            json.dumps(detail, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
        except (ValueError, UnicodeEncodeError):
            return 500, None
        return 422, detail
    return 200, None


def answer(body_text, content_type=None):
    status, detail = judge(body_text, content_type)
    result = {"status": status}
    if detail is not None:
        result["detail"] = detail
    result["deliberate"] = deliberate.applicable(body_text)
    return result


def main(argv):
    out = sys.stdout
    if len(argv) >= 2 and argv[1] == "--generate":
        import body_generator

        count = int(argv[2])
        seed = int(argv[4]) if len(argv) >= 5 and argv[3] == "--seed" else 1
        for body in body_generator.generate(count, seed):
            result = answer(body)
            result["body"] = body
            out.write(json.dumps(result, ensure_ascii=True) + "\n")
        return 0

    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        out.write(json.dumps(answer(request["body"], request.get("contentType")), ensure_ascii=True) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
