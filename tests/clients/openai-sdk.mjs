// Drives ChatGrpc's REST endpoint with the official openai npm package, as a user's program would.
// Usage: node openai-sdk.mjs <scenario> [arguments]; CHATGRPC_BASE_URL and CHATGRPC_AUTHORIZATION in the environment
// (or CHATGRPC_API_KEY: a ChatGrpc API key, given to the SDK as its apiKey and nothing else, as a user would),
// and OPENAI_PACKAGE to choose the SDK's major version ('openai' is 7.x, 'openai6' is 6.x, as a user on an older Node gets).
// Prints one JSON object with what the SDK saw; the .NET integration tests assert on it.
const { default: OpenAI } = await import(process.env.OPENAI_PACKAGE ?? 'openai');

const client = process.env.CHATGRPC_API_KEY
  ? new OpenAI({ baseURL: process.env.CHATGRPC_BASE_URL, apiKey: process.env.CHATGRPC_API_KEY, maxRetries: 0 })
  : new OpenAI({
    baseURL: process.env.CHATGRPC_BASE_URL,
    apiKey: 'not-used-basic-auth-below',
    defaultHeaders: { Authorization: process.env.CHATGRPC_AUTHORIZATION },
    maxRetries: 0,
  });

const user = (content) => [{ role: 'user', content }];

// The unary and stream scenarios ask for CHATGRPC_MODEL when set (a model behind an upstream provider).
const model = process.env.CHATGRPC_MODEL ?? 'chatgrpc-dev';

// What an SDK user sees of an error: the fields of the SDK's error object.
const seen = (error) => ({
  name: error.constructor.name,
  status: error.status ?? null,
  message: error.message,
  type: error.type ?? null,
  code: error.code ?? null,
  param: error.param ?? null,
});

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

  async models() {
    const list = [];
    for await (const model of client.models.list()) {
      list.push(model);
    }
    const one = await client.models.retrieve(process.argv[3] ?? 'chatgrpc-dev');
    return { list, one };
  },

  // node openai-sdk.mjs failure <model> <unary|stream>: the error as the SDK shows it.
  async failure() {
    try {
      if (process.argv[4] === 'stream') {
        const stream = await client.chat.completions.create({ model: process.argv[3], messages: user('hi'), stream: true });
        let content = '';
        for await (const chunk of stream) {
          content += chunk.choices[0]?.delta?.content ?? '';
        }
        return { error: null, content };
      }
      await client.chat.completions.create({ model: process.argv[3], messages: user('hi') });
      return { error: null };
    } catch (error) {
      return { error: seen(error) };
    }
  },

  async invalidSeen() {
    try {
      await client.chat.completions.create({ model: 'chatgrpc-dev', messages: [], temperature: 9 });
      return { error: null };
    } catch (error) {
      return { error: seen(error) };
    }
  },

  async unauthenticatedSeen() {
    const anonymous = new OpenAI({ baseURL: process.env.CHATGRPC_BASE_URL, apiKey: 'wrong', maxRetries: 0 });
    try {
      await anonymous.chat.completions.create({ model: 'chatgrpc-dev', messages: user('hi') });
      return { error: null };
    } catch (error) {
      return { error: seen(error) };
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
