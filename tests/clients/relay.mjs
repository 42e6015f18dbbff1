// Drives ChatGrpc as a transparent relay with clients nobody here wrote: the openai npm package (reasoning, extras,
// error classes, structured outputs, logprobs, models) and the Vercel AI SDK (generateObject, its default provider).
// Usage: node relay.mjs <scenario> [arguments]; CHATGRPC_BASE_URL and CHATGRPC_AUTHORIZATION in the environment.
// Prints one JSON object with what the client saw; the .NET integration tests assert on it.
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { createOpenAI } from '@ai-sdk/openai';
import { generateObject, generateText } from 'ai';

const baseURL = process.env.CHATGRPC_BASE_URL;
const headers = { Authorization: process.env.CHATGRPC_AUTHORIZATION };
const client = new OpenAI({ baseURL, apiKey: 'not-used-basic-auth-below', defaultHeaders: headers, maxRetries: 0 });
const user = (content) => [{ role: 'user', content }];
const [, , name, model = 'chatgrpc-dev'] = process.argv;

const seen = (error) => ({
  name: error.constructor.name,
  status: error.status ?? null,
  message: error.message,
  code: error.code ?? null,
  retry_after: error.headers?.get?.('retry-after') ?? null,
});

const scenarios = {
  // reasoning_effort makes the built-in model reason; an upstream's reasoning is relayed as it is.
  async reasoning() {
    const completion = await client.chat.completions.create({ model, messages: user('Think first'), reasoning_effort: 'low' });
    const stream = await client.chat.completions.create({ model, messages: user('Think first'), reasoning_effort: 'low', stream: true });
    let reasoning = '';
    let content = '';
    const extras = [];
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        reasoning += choice.delta?.reasoning_content ?? '';
        content += choice.delta?.content ?? '';
      }
      const { id, object, created, model: m, choices, usage, system_fingerprint, service_tier, ...rest } = chunk;
      if (Object.keys(rest).length > 0) extras.push(rest);
    }
    const message = completion.choices[0].message;
    const { id, object, created, model: m, choices, usage, system_fingerprint, service_tier, ...top } = completion;
    return { reasoning_content: message.reasoning_content ?? null, content: message.content, message, choice: completion.choices[0], top, usage: completion.usage, stream: { reasoning, content, extras } };
  },

  // What extra_body sends: fields OpenAI's schema does not name, and what the gateway did with them.
  async extras() {
    try {
      const { data, response } = await client.chat.completions
        .create({ model, messages: user('Extras'), top_k: 5, repetition_penalty: 1.1, chat_template_kwargs: { enable_thinking: false } })
        .withResponse();
      return { content: data.choices[0].message.content, dropped: response.headers.get('x-chatgrpc-dropped-fields') };
    } catch (error) {
      return { error: seen(error) };
    }
  },

  async error() {
    try {
      await client.chat.completions.create({ model, messages: user('hi') });
      return { error: null };
    } catch (error) {
      return { error: seen(error) };
    }
  },

  // The SDK's structured-output helper with a zod schema.
  async parse() {
    const Weather = z.object({ city: z.string(), days: z.number().int(), sunny: z.boolean(), tags: z.array(z.string()) });
    const completion = await client.chat.completions.parse({ model, messages: user('Weather in Paris'), response_format: zodResponseFormat(Weather, 'weather') });
    const json = await client.chat.completions.create({ model, messages: user('As JSON'), response_format: { type: 'json_object' } });
    return { parsed: completion.choices[0].message.parsed, json_object: JSON.parse(json.choices[0].message.content) };
  },

  async logprobs() {
    const completion = await client.chat.completions.create({ model, messages: user('Hi'), logprobs: true, top_logprobs: 3 });
    const stream = await client.chat.completions.create({ model, messages: user('Hi'), logprobs: true, top_logprobs: 3, stream: true });
    const streamed = [];
    for await (const chunk of stream) {
      for (const choice of chunk.choices) streamed.push(...(choice.logprobs?.content ?? []));
    }
    return { content: completion.choices[0].message.content, logprobs: completion.choices[0].logprobs, streamed };
  },

  async retrieve() {
    const one = await client.models.retrieve(model);
    return { id: one.id };
  },

  // The AI SDK's generateObject through @ai-sdk/openai's Chat Completions model.
  async generateObject() {
    const openai = createOpenAI({ baseURL, apiKey: 'unused', headers });
    const { object } = await generateObject({
      model: openai.chat(model),
      schema: z.object({ recipe: z.object({ name: z.string(), steps: z.array(z.string()) }) }),
      prompt: 'A recipe',
      maxRetries: 0,
    });
    return { object };
  },

  // The AI SDK's default provider posts to /responses, which this gateway does not serve: what the user is told.
  async responsesPath() {
    const openai = createOpenAI({ baseURL, apiKey: 'unused', headers });
    try {
      await generateText({ model: openai(model), prompt: 'Hi', maxRetries: 0 });
      return { error: null };
    } catch (error) {
      return { error: { name: error.constructor.name, status: error.statusCode ?? null, message: error.message } };
    }
  },
};

const scenario = scenarios[name];
if (!scenario) {
  console.error(`unknown scenario ${name}; one of ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
console.log(JSON.stringify(await scenario()));
