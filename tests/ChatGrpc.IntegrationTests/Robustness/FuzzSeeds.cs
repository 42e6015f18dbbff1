namespace ChatGrpc.IntegrationTests.Robustness;

/// <summary>
/// Valid requests for the development model that the fuzzers start from: between them every role, every
/// content part kind, both tool kinds, every form of <c>tool_choice</c> and <c>response_format</c>, and
/// <c>stream</c> true and false.
/// </summary>
internal static class FuzzSeeds
{
    public static IReadOnlyList<string> Json { get; } =
    [
        """{"model":"chatgrpc-dev","messages":[{"role":"user","content":"Hello"}]}""",
        """
        {"model":"chatgrpc-dev","stream":true,"stream_options":{"include_usage":true},
         "messages":[
          {"role":"developer","content":"Be brief.","name":"dev"},
          {"role":"system","content":[{"type":"text","text":"You are helpful."}]},
          {"role":"user","name":"ann","content":[
            {"type":"text","text":"What is this?"},
            {"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}},
            {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}},
            {"type":"file","file":{"file_id":"file-1","filename":"a.pdf"}}]},
          {"role":"assistant","content":null,"tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}},
            {"id":"call_2","type":"custom","custom":{"name":"sql","input":"SELECT 1"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"12 degrees"},
          {"role":"function","name":"legacy","content":"old"},
          {"role":"assistant","content":[{"type":"text","text":"ok"},{"type":"refusal","refusal":"no"}],"refusal":"no","audio":{"id":"a1"},"name":"bot"},
          {"role":"user","content":"And tomorrow? é 😀"}],
         "tools":[
          {"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}},
          {"type":"custom","custom":{"name":"sql","format":{"type":"grammar","grammar":{"definition":"start: \"SELECT\"","syntax":"lark"}}}}],
         "tool_choice":"auto","parallel_tool_calls":true,"response_format":{"type":"json_object"},
         "temperature":0.7,"top_p":1,"max_completion_tokens":64,"seed":7,"user":"u1"}
        """,
        """
        {"model":"chatgrpc-dev","messages":[{"role":"system","content":"Answer in JSON."},{"role":"user","content":"Weather in Paris?"}],
         "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{
           "city":{"type":"string"},"days":{"type":"integer","minimum":1,"maximum":7},"units":{"enum":["c","f"]},
           "tags":{"type":"array","items":{"type":"string"},"minItems":1}},"required":["city","days"]}}}],
         "tool_choice":{"type":"function","function":{"name":"get_weather"}},
         "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,"schema":{"type":"object","properties":{"v":{"type":"number"}}}}},
         "n":2,"logprobs":true,"top_logprobs":2,"stop":["END","\n\n"],"metadata":{"team":"search"},"logit_bias":{"50256":-100},
         "frequency_penalty":0.5,"presence_penalty":-0.5,"reasoning_effort":"low","service_tier":"auto","verbosity":"high",
         "store":false,"prompt_cache_key":"k","safety_identifier":"s",
         "prediction":{"type":"content","content":"draft"},
         "web_search_options":{"search_context_size":"medium","user_location":{"type":"approximate","approximate":{"city":"Paris","country":"FR"}}}}
        """,
        """
        {"model":"chatgrpc-dev","stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"call it"}]}],
         "functions":[{"name":"lookup","description":"Finds things","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}],
         "function_call":{"name":"lookup"},"modalities":["text","audio"],"audio":{"format":"mp3","voice":"alloy"},"stop":"END",
         "tools":[{"type":"custom","custom":{"name":"notes","format":{"type":"text"}}}],
         "tool_choice":{"type":"allowed_tools","allowed_tools":{"mode":"auto","tools":[{"type":"custom","custom":{"name":"notes"}}]}}}
        """,
        """
        {"model":"chatgrpc-dev","stream":false,"messages":[{"role":"user","content":"short"}],
         "tools":[{"type":"custom","custom":{"name":"notes","description":"Free text"}}],
         "tool_choice":{"type":"custom","custom":{"name":"notes"}},"response_format":{"type":"text"},"max_tokens":5,"function_call":"none"}
        """,
    ];
}
