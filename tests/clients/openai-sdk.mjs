// Drives ChatGrpc's REST endpoint with the official openai npm package, as a user's program would.
// Usage: node openai-sdk.mjs <scenario>; CHATGRPC_BASE_URL and CHATGRPC_AUTHORIZATION in the environment.
// Prints one JSON object with what the SDK saw; the .NET integration tests assert on it.
import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: process.env.CHATGRPC_BASE_URL,
  apiKey: 'not-used-basic-auth-below',
  defaultHeaders: { Authorization: process.env.CHATGRPC_AUTHORIZATION },
  maxRetries: 0,
});

const user = (content) => [{ role: 'user', content }];

// The unary and stream scenarios ask for CHATGRPC_MODEL when set (a model behind an upstream provider).
const model = process.env.CHATGRPC_MODEL ?? 'chatgrpc-dev';

const scenarios = {
  async unary() {
    const completion = await client.chat.completions.create({ model, messages: user('Hello from node') });
    return { object: completion.object, content: completion.choices[0].message.content, finish_reason: completion.choices[0].finish_reason, usage: completion.usage };
  },

  async stream() {
    const stream = await client.chat.completions.create({
      model,
      messages: user('Stream from node'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
    }
    return {
      chunks: chunks.length,
      ids: [...new Set(chunks.map((c) => c.id))].length,
      role: chunks[0].choices[0]?.delta?.role ?? null,
      content: chunks.flatMap((c) => c.choices).map((c) => c.delta?.content ?? '').join(''),
      finish_reason: chunks.flatMap((c) => c.choices).map((c) => c.finish_reason).filter((r) => r).pop() ?? null,
      usage: chunks[chunks.length - 1].usage ?? null,
    };
  },

  async tools() {
    const completion = await client.chat.completions.create({
      model: 'chatgrpc-dev',
      messages: user('What is the weather in Paris?'),
      tools: [{
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'] },
        },
      }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    const choice = completion.choices[0];
    return { finish_reason: choice.finish_reason, content: choice.message.content, tool_calls: choice.message.tool_calls };
  },

  async choices() {
    const completion = await client.chat.completions.create({ model: 'chatgrpc-dev', messages: user('Three times'), n: 3, max_completion_tokens: 5 });
    return { choices: completion.choices.map((c) => ({ index: c.index, finish_reason: c.finish_reason, content: c.message.content })), usage: completion.usage };
  },

  async invalid() {
    try {
      await client.chat.completions.create({ model: 'chatgrpc-dev', messages: [], temperature: 9 });
      return { error: null };
    } catch (error) {
      return { status: error.status, body: error.error ?? null };
    }
  },

  async unauthenticated() {
    const anonymous = new OpenAI({ baseURL: process.env.CHATGRPC_BASE_URL, apiKey: 'wrong', maxRetries: 0 });
    try {
      await anonymous.chat.completions.create({ model: 'chatgrpc-dev', messages: user('hi') });
      return { error: null };
    } catch (error) {
      return { status: error.status, name: error.constructor.name };
    }
  },
};

const scenario = scenarios[process.argv[2]];
if (!scenario) {
  console.error(`unknown scenario ${process.argv[2]}; one of ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
console.log(JSON.stringify(await scenario()));
