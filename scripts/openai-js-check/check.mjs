// Checks the mock model provider with the real `openai` JS client (npm), as
// scripts/openai-client-check.py does with the Python one. The JS client asks for base64
// embeddings by default and decodes them itself, so this also proves the base64 layout.
//
//   (cd scripts/openai-js-check && npm install --no-audit --no-fund)
//   bin/mockmodel --port 1940 &
//   node scripts/openai-js-check/check.mjs --base-url http://127.0.0.1:1940/v1
//
// Exits 0 when every check passes, 1 with a message naming the first failure.
import OpenAI from "openai";
import { readFileSync } from "node:fs";

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const f32 = (values) => Array.from(new Float32Array(values));

async function embeddings(client, dimension) {
  const texts = ["the quick brown fox", "a lazy dog sleeps", "the quick brown fox"];
  const floats = await client.embeddings.create({ model: "mock-embedding", input: texts, encoding_format: "float" });
  check(floats.data.length === 3, `3 inputs gave ${floats.data.length} embeddings`);
  check(floats.data.map((d) => d.index).join() === "0,1,2", "embedding indexes are not 0, 1, 2");
  for (const d of floats.data) {
    check(d.embedding.length === dimension, `embedding length ${d.embedding.length}, expected ${dimension}`);
    const norm = Math.sqrt(d.embedding.reduce((s, x) => s + x * x, 0));
    check(Math.abs(norm - 1) < 1e-4, `embedding norm ${norm}, expected 1`);
  }
  check(floats.data[0].embedding.join() === floats.data[2].embedding.join(), "the same text gave different vectors");
  check(floats.data[0].embedding.join() !== floats.data[1].embedding.join(), "different texts gave the same vector");
  check(floats.usage.prompt_tokens > 0 && floats.usage.total_tokens === floats.usage.prompt_tokens, "odd embedding usage");
  // no format given: the client requests base64 and decodes it to numbers
  const decoded = await client.embeddings.create({ model: "mock-embedding", input: texts });
  for (let i = 0; i < 3; i++) {
    check(f32(decoded.data[i].embedding).join() === f32(floats.data[i].embedding).join(),
      "the client's base64 decoding disagrees with the float format");
  }
}

async function chat(client) {
  const messages = [{ role: "system", content: "Extract memories." }, { role: "user", content: "I prefer tea." }];
  const plain = await client.chat.completions.create({ model: "mock-chat", messages });
  check(plain.id.startsWith("chatcmpl-") && plain.object === "chat.completion", `completion ${plain.id} ${plain.object}`);
  const choice = plain.choices[0];
  check(choice.finish_reason === "stop" && choice.message.role === "assistant", "odd choice");
  const reply = choice.message.content;
  check(typeof reply === "string" && reply.length > 0, "empty reply");
  const u = plain.usage;
  check(u.total_tokens === u.prompt_tokens + u.completion_tokens && u.completion_tokens > 0, "odd chat usage");
  const stream = await client.chat.completions.create({ model: "mock-chat", messages, stream: true,
    stream_options: { include_usage: true } });
  let text = "", finish = null, usage = null, role = null;
  for await (const chunk of stream) {
    check(chunk.object === "chat.completion.chunk", `chunk object ${chunk.object}`);
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      role = role ?? c.delta.role;
      text += c.delta.content ?? "";
      finish = c.finish_reason ?? finish;
    }
  }
  check(role === "assistant", "no chunk carried the assistant role");
  check(text === reply, `streamed ${JSON.stringify(text)}, plain ${JSON.stringify(reply)}`);
  check(finish === "stop", `stream finish_reason ${finish}`);
  check(usage && usage.completion_tokens === u.completion_tokens, "stream usage differs from the plain one");
}

async function models(client) {
  const ids = [];
  for await (const m of client.models.list()) ids.push(m.id);
  check(ids.length > 0, "no models listed");
  check((await client.models.retrieve(ids[0])).id === ids[0], "retrieving a listed model failed");
}

const args = process.argv.slice(2);
const at = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const baseURL = at("--base-url");
if (!baseURL) {
  console.error("openai-js-check: give --base-url http://127.0.0.1:PORT/v1 [--dimension N]");
  process.exit(2);
}
const client = new OpenAI({ baseURL, apiKey: "mock-key", maxRetries: 0, timeout: 30000 });
for (const [name, run] of [["embeddings", () => embeddings(client, Number(at("--dimension", "1024")))],
  ["chat", () => chat(client)], ["models", () => models(client)]]) {
  try {
    await run();
  } catch (e) {
    console.error(`openai-js-check: ${name} failed: ${e.constructor.name}: ${e.message}`);
    process.exit(1);
  }
  console.log(`ok ${name}`);
}
const version = JSON.parse(readFileSync(new URL("./node_modules/openai/package.json", import.meta.url))).version;
console.log(`openai-js-check: all checks passed with openai ${version} (node ${process.version}) against ${baseURL}`);
