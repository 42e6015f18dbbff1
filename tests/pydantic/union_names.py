"""Prints, as one JSON object, the names Pydantic v2 gives the members of the request's unions in a location.

The keys are the gateway's (JsonShapes.AllMemberNames: the proto message a union stands for, and which member);
the names are read off real validation errors of chat_request_model.py, so the gateway's names are Pydantic's own.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pydantic import ValidationError  # noqa: E402

from chat_request_model import CreateChatCompletionRequest  # noqa: E402


def member_names(body, prefix):
    try:
        CreateChatCompletionRequest.model_validate(body, from_attributes=True)
    except ValidationError as error:
        return [e["loc"][len(prefix)] for e in error.errors() if tuple(e["loc"][: len(prefix)]) == prefix]
    raise AssertionError(f"{body} is valid")


def base(**fields):
    return {"model": "m", "messages": [{"role": "user", "content": "hi"}], **fields}


def main():
    names = {}
    for key, role in (("chatgrpc.v1.TextContent", "system"), ("chatgrpc.v1.UserContent", "user"), ("chatgrpc.v1.AssistantContent", "assistant")):
        string, listed = member_names({"model": "m", "messages": [{"role": role, "content": 5}]}, ("messages", 0, role, "content"))
        names[f"{key}.list"] = listed
        assert string == "str", string
    for key, field in (("chatgrpc.v1.ToolChoice", "tool_choice"), ("chatgrpc.v1.FunctionCallChoice", "function_call")):
        literal, obj = member_names(base(**{field: 5}), (field,))
        names[f"{key}.literal"] = literal
        names[f"{key}.object"] = obj
    names["stop.str"], names["stop.list"] = member_names(base(stop=5), ("stop",))
    print(json.dumps(names, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
