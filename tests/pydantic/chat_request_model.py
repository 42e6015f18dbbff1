"""The request of POST /chat/completions as a Pydantic v2 model, written from ../../shared/spec/request.md the
natural way: OpenAI's python type names (openai-python's src/openai/types/chat/), unions discriminated by
`role` and `type`, Optional only where OpenAI's types say Optional (and for every optional top-level field,
as the spec's "or null" says). The gateway's 422 answers are held to what this model says.

Where a field's declared order matters (Pydantic reports problems in that order), it is request.md's.
"""

from typing import Annotated, Dict, List, Literal, Optional, Union

from pydantic import BaseModel, Field, model_validator

NamePattern = r"^[a-zA-Z0-9_-]+$"


def tagged(*members, discriminator="type"):
    """A union discriminated by `discriminator`; one member is still a (one-tag) tagged union."""
    return Annotated[Union[members], Field(discriminator=discriminator)]  # type: ignore[valid-type]


# Content parts


class ImageURL(BaseModel):
    url: str
    detail: Literal["auto", "low", "high"] = None


class InputAudio(BaseModel):
    data: str
    format: Literal["wav", "mp3"]


class FileFile(BaseModel):
    file_data: str = None
    file_id: str = None
    filename: str = None


class ChatCompletionContentPartTextParam(BaseModel):
    type: Literal["text"]
    text: str


class ChatCompletionContentPartImageParam(BaseModel):
    type: Literal["image_url"]
    image_url: ImageURL


class ChatCompletionContentPartInputAudioParam(BaseModel):
    type: Literal["input_audio"]
    input_audio: InputAudio


class File(BaseModel):
    type: Literal["file"]
    file: FileFile


class ChatCompletionContentPartRefusalParam(BaseModel):
    type: Literal["refusal"]
    refusal: str


TextParts = List[tagged(ChatCompletionContentPartTextParam)]
UserParts = List[
    tagged(
        ChatCompletionContentPartTextParam,
        ChatCompletionContentPartImageParam,
        ChatCompletionContentPartInputAudioParam,
        File,
    )
]
AssistantParts = List[tagged(ChatCompletionContentPartTextParam, ChatCompletionContentPartRefusalParam)]


# Tool calls on assistant messages


class Function(BaseModel):
    name: str
    arguments: str


class Custom(BaseModel):
    name: str
    input: str


class ChatCompletionMessageFunctionToolCallParam(BaseModel):
    id: str
    type: Literal["function"]
    function: Function


class ChatCompletionMessageCustomToolCallParam(BaseModel):
    id: str
    type: Literal["custom"]
    custom: Custom


# Messages


class ChatCompletionDeveloperMessageParam(BaseModel):
    role: Literal["developer"]
    content: Union[str, TextParts]
    name: str = None


class ChatCompletionSystemMessageParam(BaseModel):
    role: Literal["system"]
    content: Union[str, TextParts]
    name: str = None


class ChatCompletionUserMessageParam(BaseModel):
    role: Literal["user"]
    content: Union[str, UserParts]
    name: str = None


class Audio(BaseModel):
    id: str


class FunctionCall(BaseModel):
    name: str
    arguments: str


class ChatCompletionAssistantMessageParam(BaseModel):
    role: Literal["assistant"]
    content: Union[str, AssistantParts, None] = None
    refusal: Optional[str] = None
    name: str = None
    audio: Optional[Audio] = None
    tool_calls: List[tagged(ChatCompletionMessageFunctionToolCallParam, ChatCompletionMessageCustomToolCallParam)] = None
    function_call: Optional[FunctionCall] = None


class ChatCompletionToolMessageParam(BaseModel):
    role: Literal["tool"]
    content: Union[str, TextParts]
    tool_call_id: str


class ChatCompletionFunctionMessageParam(BaseModel):
    role: Literal["function"]
    content: Optional[str]
    name: str


ChatCompletionMessageParam = tagged(
    ChatCompletionDeveloperMessageParam,
    ChatCompletionSystemMessageParam,
    ChatCompletionUserMessageParam,
    ChatCompletionAssistantMessageParam,
    ChatCompletionToolMessageParam,
    ChatCompletionFunctionMessageParam,
    discriminator="role",
)


# Tools


class FunctionDefinition(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=64, pattern=NamePattern)]
    description: str = None
    parameters: Dict[str, object] = None
    strict: Optional[bool] = None


class ChatCompletionFunctionToolParam(BaseModel):
    type: Literal["function"]
    function: FunctionDefinition


class CustomFormatText(BaseModel):
    type: Literal["text"]


class CustomFormatGrammarGrammar(BaseModel):
    definition: str
    syntax: Literal["lark", "regex"]


class CustomFormatGrammar(BaseModel):
    type: Literal["grammar"]
    grammar: CustomFormatGrammarGrammar


class CustomToolDefinition(BaseModel):
    name: str
    description: str = None
    format: tagged(CustomFormatText, CustomFormatGrammar) = None


class ChatCompletionCustomToolParam(BaseModel):
    type: Literal["custom"]
    custom: CustomToolDefinition


# Tool choice and the deprecated function_call


class ChatCompletionNamedToolChoiceFunction(BaseModel):
    name: str


class ChatCompletionNamedToolChoiceParam(BaseModel):
    type: Literal["function"]
    function: ChatCompletionNamedToolChoiceFunction


class ChatCompletionNamedToolChoiceCustomCustom(BaseModel):
    name: str


class ChatCompletionNamedToolChoiceCustomParam(BaseModel):
    type: Literal["custom"]
    custom: ChatCompletionNamedToolChoiceCustomCustom


class ChatCompletionAllowedToolsParam(BaseModel):
    mode: Literal["auto", "required"]
    tools: List[Dict[str, object]]


class ChatCompletionAllowedToolChoiceParam(BaseModel):
    type: Literal["allowed_tools"]
    allowed_tools: ChatCompletionAllowedToolsParam


class ChatCompletionFunctionCallOptionParam(BaseModel):
    name: str


# Options


class ChatCompletionAudioParam(BaseModel):
    format: Literal["wav", "aac", "mp3", "flac", "opus", "pcm16"]
    voice: str


class ChatCompletionPredictionContentParam(BaseModel):
    type: Literal["content"]
    content: Union[str, TextParts]


class ResponseFormatText(BaseModel):
    type: Literal["text"]


class JSONSchema(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=64, pattern=NamePattern)]
    description: str = None
    schema_: Dict[str, object] = Field(None, alias="schema")
    strict: Optional[bool] = None


class ResponseFormatJSONSchema(BaseModel):
    type: Literal["json_schema"]
    json_schema: JSONSchema


class ResponseFormatJSONObject(BaseModel):
    type: Literal["json_object"]


class ChatCompletionStreamOptionsParam(BaseModel):
    include_usage: bool = None
    include_obfuscation: bool = None


class WebSearchOptionsUserLocationApproximate(BaseModel):
    city: str = None
    country: str = None
    region: str = None
    timezone: str = None


class WebSearchOptionsUserLocation(BaseModel):
    type: Literal["approximate"]
    approximate: WebSearchOptionsUserLocationApproximate


class WebSearchOptions(BaseModel):
    search_context_size: Literal["low", "medium", "high"] = None
    user_location: Optional[WebSearchOptionsUserLocation] = None


TokenId = Annotated[str, Field(pattern=r"^[0-9]+$")]
Bias = Annotated[int, Field(ge=-100, le=100)]


class CreateChatCompletionRequest(BaseModel):
    messages: Annotated[List[ChatCompletionMessageParam], Field(min_length=1)]
    model: Annotated[str, Field(min_length=1)]
    audio: Optional[ChatCompletionAudioParam] = None
    frequency_penalty: Optional[Annotated[float, Field(ge=-2.0, le=2.0)]] = None
    function_call: Optional[Union[Literal["none", "auto"], ChatCompletionFunctionCallOptionParam]] = None
    functions: Optional[Annotated[List[FunctionDefinition], Field(min_length=1, max_length=128)]] = None
    logit_bias: Optional[Dict[TokenId, Bias]] = None
    logprobs: Optional[bool] = None
    max_completion_tokens: Optional[Annotated[int, Field(ge=1)]] = None
    max_tokens: Optional[Annotated[int, Field(ge=1)]] = None
    metadata: Optional[
        Annotated[
            Dict[Annotated[str, Field(max_length=64)], Annotated[str, Field(max_length=512)]],
            Field(max_length=16),
        ]
    ] = None
    modalities: Optional[List[Literal["text", "audio"]]] = None
    n: Optional[Annotated[int, Field(ge=1, le=128)]] = None
    parallel_tool_calls: Optional[bool] = None
    prediction: Optional[ChatCompletionPredictionContentParam] = None
    presence_penalty: Optional[Annotated[float, Field(ge=-2.0, le=2.0)]] = None
    reasoning_effort: Optional[Literal["none", "minimal", "low", "medium", "high", "xhigh", "max"]] = None
    response_format: Optional[tagged(ResponseFormatText, ResponseFormatJSONObject, ResponseFormatJSONSchema)] = None
    seed: Optional[int] = None
    service_tier: Optional[Literal["auto", "default", "flex", "scale", "priority", "fast"]] = None
    stop: Optional[Union[str, Annotated[List[str], Field(max_length=4)]]] = None
    store: Optional[bool] = None
    stream: Optional[bool] = None
    stream_options: Optional[ChatCompletionStreamOptionsParam] = None
    temperature: Optional[Annotated[float, Field(ge=0.0, le=2.0)]] = None
    tool_choice: Optional[
        Union[
            Literal["none", "auto", "required"],
            tagged(
                ChatCompletionNamedToolChoiceParam,
                ChatCompletionNamedToolChoiceCustomParam,
                ChatCompletionAllowedToolChoiceParam,
            ),
        ]
    ] = None
    tools: Optional[List[tagged(ChatCompletionFunctionToolParam, ChatCompletionCustomToolParam)]] = None
    top_logprobs: Optional[Annotated[int, Field(ge=0, le=20)]] = None
    top_p: Optional[Annotated[float, Field(ge=0.0, le=1.0)]] = None
    user: Optional[str] = None
    web_search_options: Optional[WebSearchOptions] = None
    verbosity: Optional[Literal["low", "medium", "high"]] = None
    prompt_cache_key: Optional[str] = None
    safety_identifier: Optional[str] = None

    # Rules across fields: a model validator after the fields, so they run only once every field is valid,
    # and the first that fails is the one reported.
    @model_validator(mode="after")
    def top_logprobs_requires_logprobs(self):
        if self.top_logprobs is not None and self.logprobs is not True:
            raise ValueError("top_logprobs requires logprobs to be true")
        return self

    @model_validator(mode="after")
    def audio_output_requires_audio(self):
        if self.modalities is not None and "audio" in self.modalities and self.audio is None:
            raise ValueError("audio is required when modalities contains 'audio'")
        return self

    @model_validator(mode="after")
    def stream_options_requires_stream(self):
        if self.stream_options is not None and self.stream is not True:
            raise ValueError("stream_options is only allowed when stream is true")
        return self
