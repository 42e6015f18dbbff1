"""Bodies for the differential test: rich valid requests, and mutations of them.

Deterministic for a seed. Mutations replace values with others of every JSON kind (lax scalars, tags that are
not strings, nulls, wrong shapes), delete keys, swap union members and tags, insert unreadable list items, grow
lists past their limits, corrupt map entries, break the JSON syntax; a body gets one to several of them, at any
depth, so problems meet in one answer.
"""

import copy
import json
import random

MODEL = "chatgrpc-dev"


def text_parts(rng):
    return [{"type": "text", "text": rng.choice(["hi", "there", ""])} for _ in range(rng.randint(1, 2))]


def user_content(rng):
    kind = rng.randrange(3)
    if kind == 0:
        return rng.choice(["Hello!", "What is 2+2?", ""])
    parts = [{"type": "text", "text": "look"}]
    extra = [
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": rng.choice(["auto", "low", "high"])}},
        {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": rng.choice(["wav", "mp3"])}},
        {"type": "file", "file": {"file_data": "JVBERi0=", "filename": "a.pdf"}},
        {"type": "file", "file": {"file_id": "file-1"}},
        {"type": "image_url", "image_url": {"url": "https://example.com/b.png"}},
    ]
    for _ in range(rng.randint(0 if kind == 1 else 1, 3)):
        parts.append(copy.deepcopy(rng.choice(extra)))
    return parts


def assistant_message(rng):
    message = {"role": "assistant"}
    shape = rng.randrange(4)
    if shape == 0:
        message["content"] = "Sure."
    elif shape == 1:
        message["content"] = [{"type": "text", "text": "Sure"}, {"type": "refusal", "refusal": "no"}]
    elif shape == 2:
        message["content"] = None
    if rng.random() < 0.5:
        message["tool_calls"] = [
            {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}},
            {"id": "call_2", "type": "custom", "custom": {"name": "run", "input": "ls"}},
        ][: rng.randint(1, 2)]
    if rng.random() < 0.3:
        message["refusal"] = rng.choice([None, "I can't"])
    if rng.random() < 0.3:
        message["name"] = "bot"
    if rng.random() < 0.2:
        message["audio"] = rng.choice([None, {"id": "audio_1"}])
    if rng.random() < 0.2:
        message["function_call"] = rng.choice([None, {"name": "f", "arguments": "{}"}])
    return message


def message(rng):
    role = rng.choice(["developer", "system", "user", "user", "assistant", "tool", "function"])
    if role in ("developer", "system"):
        result = {"role": role, "content": rng.choice(["Be brief.", text_parts(rng)])}
        if rng.random() < 0.3:
            result["name"] = "ops"
        return result
    if role == "user":
        result = {"role": "user", "content": user_content(rng)}
        if rng.random() < 0.3:
            result["name"] = "alice"
        return result
    if role == "assistant":
        return assistant_message(rng)
    if role == "tool":
        return {"role": "tool", "content": rng.choice(["22C", text_parts(rng)]), "tool_call_id": "call_1"}
    return {"role": "function", "content": rng.choice(["22C", None]), "name": "get_weather"}


def function_tool(rng):
    function = {"name": rng.choice(["get_weather", "f", "run-it_2"])}
    if rng.random() < 0.6:
        function["description"] = "Weather by city"
    if rng.random() < 0.7:
        function["parameters"] = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    if rng.random() < 0.4:
        function["strict"] = rng.choice([True, False, None])
    return {"type": "function", "function": function}


def custom_tool(rng):
    custom = {"name": "run"}
    if rng.random() < 0.5:
        custom["description"] = "Runs a command"
    format_kind = rng.randrange(3)
    if format_kind == 1:
        custom["format"] = {"type": "text"}
    elif format_kind == 2:
        custom["format"] = {"type": "grammar", "grammar": {"definition": "start: WORD", "syntax": rng.choice(["lark", "regex"])}}
    return {"type": "custom", "custom": custom}


def tool_choice(rng):
    return rng.choice(
        [
            "none",
            "auto",
            "required",
            {"type": "function", "function": {"name": "get_weather"}},
            {"type": "custom", "custom": {"name": "run"}},
            {
                "type": "allowed_tools",
                "allowed_tools": {
                    "mode": rng.choice(["auto", "required"]),
                    "tools": [{"type": "function", "function": {"name": "get_weather"}}, {"type": "custom", "custom": {"name": "run"}}],
                },
            },
        ]
    )


def response_format(rng):
    return rng.choice(
        [
            {"type": "text"},
            {"type": "json_object"},
            {"type": "json_schema", "json_schema": {"name": "answer", "description": "An answer", "schema": {"type": "object"}, "strict": True}},
            {"type": "json_schema", "json_schema": {"name": "a-b_1"}},
        ]
    )


OPTIONAL_FIELDS = {
    "audio": lambda rng: {"format": rng.choice(["wav", "aac", "mp3", "flac", "opus", "pcm16"]), "voice": rng.choice(["alloy", "marin"])},
    "frequency_penalty": lambda rng: rng.choice([-2.0, 0, 0.5, 2, "1.5", None]),
    "function_call": lambda rng: rng.choice(["none", "auto", {"name": "get_weather"}]),
    "functions": lambda rng: [function_tool(rng)["function"] for _ in range(rng.randint(1, 3))],
    "logit_bias": lambda rng: rng.choice([{"50256": -100, "1": 5}, {"2": "3", "3": 1.0}, {}]),
    "logprobs": lambda rng: rng.choice([True, False, None, "yes", 1]),
    "max_completion_tokens": lambda rng: rng.choice([16, 100, "32", 5.0, None]),
    "max_tokens": lambda rng: rng.choice([16, 100, None]),
    "metadata": lambda rng: rng.choice([{"tier": "gold", "note": "x" * 512}, {}, {"k" * 64: "v"}]),
    "modalities": lambda rng: rng.choice([["text"], ["text"], None]),
    "n": lambda rng: rng.choice([1, 2, "3", True, 4.0, None]),
    "parallel_tool_calls": lambda rng: rng.choice([True, False, "off", None]),
    "prediction": lambda rng: {"type": "content", "content": rng.choice(["predicted", text_parts(rng)])},
    "presence_penalty": lambda rng: rng.choice([-1, 0.25, "0", None]),
    "reasoning_effort": lambda rng: rng.choice(["none", "minimal", "low", "medium", "high", "xhigh", "max", None]),
    "response_format": response_format,
    "seed": lambda rng: rng.choice([0, 42, -7, 9223372036854775807, "12", None]),
    "service_tier": lambda rng: rng.choice(["auto", "default", "flex", "scale", "priority", "fast", None]),
    "stop": lambda rng: rng.choice(["\n", ["a", "b"], ["a", "b", "c", "d"], None, []]),
    "store": lambda rng: rng.choice([True, False, "t", 0, None]),
    "temperature": lambda rng: rng.choice([0, 0.7, 2, "1", 1.5, None]),
    "tool_choice": tool_choice,
    "tools": lambda rng: [rng.choice([function_tool, custom_tool])(rng) for _ in range(rng.randint(1, 3))],
    "top_p": lambda rng: rng.choice([0, 0.9, 1, "0.5", None]),
    "user": lambda rng: rng.choice(["user-1", ""]),
    "web_search_options": lambda rng: rng.choice(
        [
            {"search_context_size": rng.choice(["low", "medium", "high"])},
            {"user_location": {"type": "approximate", "approximate": {"city": "Paris", "country": "FR", "region": "IDF", "timezone": "Europe/Paris"}}},
            {"user_location": None},
            {},
        ]
    ),
    "verbosity": lambda rng: rng.choice(["low", "medium", "high", None]),
    "prompt_cache_key": lambda rng: rng.choice(["k1", None]),
    "safety_identifier": lambda rng: rng.choice(["s1", None]),
}


def valid_body(rng):
    body = {"model": MODEL, "messages": [message(rng) for _ in range(rng.randint(1, 4))]}
    richness = rng.random()
    for name, make in OPTIONAL_FIELDS.items():
        if rng.random() < richness * 0.6:
            body[name] = make(rng)
    if rng.random() < 0.3:
        body["logprobs"] = True
        body["top_logprobs"] = rng.choice([0, 5, 20, "3"])
    if rng.random() < 0.2:
        body["stream"] = True
        body["stream_options"] = {"include_usage": rng.choice([True, False]), "include_obfuscation": False}
    elif rng.random() < 0.3:
        body["stream"] = rng.choice([False, None])
    if rng.random() < 0.1:
        body["modalities"] = ["text", "audio"]
        body["audio"] = OPTIONAL_FIELDS["audio"](rng)
    if rng.random() < 0.5:
        keys = list(body)
        rng.shuffle(keys)
        body = {key: body[key] for key in keys}
    return body


# Values of every kind, and the lax-mode edge cases of each scalar type.
WEIRD_VALUES = [
    None, True, False, 0, 1, -1, 2, 3, 5, 128, 129, 500, -101, 0.5, 1.0, 2.5, -0.0, 1e300, -1e300, 9.3e18, 2**63, -(2**63) - 1,
    "", "x", "hi", "3", " 4 ", "0.5", "1e3", "1_000", "1__0", "inf", "-inf", "nan", "Infinity", "yes", "no", "on", "off", "t", "F",
    "True", "false", "2.0", "abc", "-", "9" * 25, "01", "+5", [], [5], ["a"], [{}], {}, {"a": 1}, {"type": 5}, "a" * 65, "é€😀",
]

TAG_VALUES = [None, 5, True, False, 1.5, [], ["user"], {}, {"role": "user"}, "", "robot", "USER", "text", "function", "custom", "image_url",
              "refusal", "json_schema", "grammar", "allowed_tools", "approximate", "content", "file", "input_audio", "json_object"]


def paths(value, prefix=()):
    yield prefix, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, prefix + (index,))


def parent_of(body, path):
    node = body
    for step in path[:-1]:
        node = node[step]
    return node


def mutate(rng, body):
    candidates = [path for path, _ in paths(body) if path]
    if not candidates:
        return body
    path = rng.choice(candidates)
    parent = parent_of(body, path)
    key = path[-1]
    kind = rng.random()
    if key in ("role", "type") and kind < 0.5:
        parent[key] = copy.deepcopy(rng.choice(TAG_VALUES))
    elif kind < 0.55:
        if isinstance(parent, dict):
            del parent[key]
        else:
            del parent[key]
    elif kind < 0.65 and isinstance(parent[key], list):
        items = parent[key]
        position = rng.randint(0, len(items))
        items.insert(position, copy.deepcopy(rng.choice([5, None, "x", [], {}, {"role": "user"}, {"type": "text"}])))
    elif kind < 0.7 and isinstance(parent[key], list) and parent[key]:
        items = parent[key]
        grow = rng.choice([1, 3, 5, 130])
        items.extend(copy.deepcopy(items[-1]) for _ in range(grow))
    elif kind < 0.75 and isinstance(parent[key], dict):
        parent[key][rng.choice(["extra", "abc", "12", "k" * 65, "name", "content", "type"])] = copy.deepcopy(rng.choice(WEIRD_VALUES))
    else:
        parent[key] = copy.deepcopy(rng.choice(WEIRD_VALUES))
    return body


def top_level_mutation(rng, body):
    choice = rng.random()
    if choice < 0.3:
        name = rng.choice(list(OPTIONAL_FIELDS) + ["messages", "model", "top_logprobs", "stream", "stream_options", "logprobs"])
        body[name] = copy.deepcopy(rng.choice(WEIRD_VALUES))
    elif choice < 0.4:
        body.pop(rng.choice(["messages", "model"]), None)
    elif choice < 0.5:
        body["stream_options"] = {"include_usage": True}
        body["stream"] = rng.choice([False, None, "no"])
    elif choice < 0.6:
        body["top_logprobs"] = rng.choice([5, 99, -1, "x"])
        body["logprobs"] = rng.choice([False, None])
    elif choice < 0.7:
        body["modalities"] = rng.choice([["audio"], ["text", "audio"], ["text", "video"], ["audio", 5]])
        if rng.random() < 0.5:
            body.pop("audio", None)
    elif choice < 0.8:
        body["logit_bias"] = {
            rng.choice(["1", "abc", "", "-1", "2"]): copy.deepcopy(rng.choice([5, 500, -500, "x", 1.5, None, [1], "7"])) for _ in range(rng.randint(1, 4))
        }
    elif choice < 0.9:
        body["metadata"] = {rng.choice(["a", "k" * 65, "b"]): copy.deepcopy(rng.choice(["v", 5, None, "x" * 513])) for _ in range(rng.randint(1, 3))}
        if rng.random() < 0.2:
            body["metadata"].update({f"key{i}": "v" for i in range(17)})
    else:
        body["stop"] = rng.choice([["a", "b", "c", "d", 5], ["a", 5], [None], 5, ["a", "b", "c", "d", "e"], "", [""]])
    return body


def syntax_error(rng, text):
    choice = rng.random()
    if choice < 0.3 and len(text) > 1:
        return text[: rng.randint(0, len(text) - 1)]
    if choice < 0.45:
        position = rng.randint(0, len(text))
        return text[:position] + rng.choice([",", "}", "]", ":", "x", "\"", " ", "{", "01", "tru"]) + text[position:]
    if choice < 0.6 and len(text) > 1:
        position = rng.randrange(len(text))
        return text[:position] + text[position + 1 :]
    if choice < 0.7:
        return text.replace("}", ",}", 1) if rng.random() < 0.5 else text.replace("]", ",]", 1)
    if choice < 0.8:
        return text + rng.choice([" x", "{}", "  ", "\n", "]"])
    if choice < 0.9:
        return rng.choice(["", " ", "null", "5", "\"text\"", "[]", "[{}]", "true", "{", "{}", "nul", "[1,", "{\"model\": 01}"])
    # A repeated key: the last one wins, as in Python's json.
    return text.replace("{", "{\"model\": 5, ", 1)


def generate(count, seed):
    rng = random.Random(seed)
    for _ in range(count):
        body = valid_body(rng)
        roll = rng.random()
        if roll < 0.2:
            pass
        elif roll < 0.9:
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
                if rng.random() < 0.2:
                    body = top_level_mutation(rng, body)
                else:
                    body = mutate(rng, body)
        text = json.dumps(body, ensure_ascii=rng.random() < 0.5)
        if roll >= 0.9:
            text = syntax_error(rng, text)
        yield text
