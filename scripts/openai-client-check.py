#!/usr/bin/env python3
"""Checks the mock model provider with the real `openai` Python client: if the vendor's own client
parses every answer, so will OpenViking's (it uses the same client).

    python3 -m venv /tmp/oaivenv && /tmp/oaivenv/bin/pip install -q openai
    bin/mockmodel --port 1940 &
    /tmp/oaivenv/bin/python scripts/openai-client-check.py --base-url http://127.0.0.1:1940/v1

Exits 0 when every check passes, 1 with a message naming the first failure.
"""
import argparse
import base64
import math
import struct
import sys

try:
    import openai
except ImportError:
    sys.exit("openai-client-check: the openai package is missing: pip install openai (in a venv)")


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def as_float32(values):
    """JSON floats are decimal: round them to float32, as the mock's vectors are."""
    return [struct.unpack("<f", struct.pack("<f", v))[0] for v in values]


def embeddings(client, dimension):
    texts = ["the quick brown fox", "a lazy dog sleeps", "the quick brown fox"]
    floats = client.embeddings.create(model="mock-embedding", input=texts, encoding_format="float")
    check(len(floats.data) == 3, f"3 inputs gave {len(floats.data)} embeddings")
    check([d.index for d in floats.data] == [0, 1, 2], "embedding indexes are not 0, 1, 2")
    for d in floats.data:
        check(len(d.embedding) == dimension, f"embedding length {len(d.embedding)}, expected {dimension}")
        norm = math.sqrt(sum(x * x for x in d.embedding))
        check(abs(norm - 1) < 1e-4, f"embedding norm {norm}, expected 1")
    check(floats.data[0].embedding == floats.data[2].embedding, "the same text gave different vectors")
    check(floats.data[0].embedding != floats.data[1].embedding, "different texts gave the same vector")
    check(floats.usage.prompt_tokens > 0 and floats.usage.total_tokens == floats.usage.prompt_tokens,
          f"odd embedding usage {floats.usage}")

    # explicit base64: the client hands back the string; decode it as little-endian float32
    b64 = client.embeddings.create(model="mock-embedding", input=texts, encoding_format="base64")
    for f, b in zip(floats.data, b64.data):
        check(isinstance(b.embedding, str), "base64 format did not answer a string")
        raw = base64.b64decode(b.embedding)
        decoded = list(struct.unpack(f"<{len(raw) // 4}f", raw))
        check(decoded == as_float32(f.embedding), "base64 and float formats disagree")

    # no format given: the client asks for base64 itself and decodes it to floats
    default = client.embeddings.create(model="mock-embedding", input=texts[0])
    check(as_float32(default.data[0].embedding) == as_float32(floats.data[0].embedding),
          "the client's own base64 decoding disagrees with the float format")

    small = client.embeddings.create(model="mock-embedding", input="short", dimensions=8)
    check(len(small.data[0].embedding) == 8, "dimensions=8 was not honoured")


def chat(client):
    messages = [{"role": "system", "content": "Extract memories as JSON."},
                {"role": "user", "content": "I prefer tea over coffee."}]
    plain = client.chat.completions.create(model="mock-chat", messages=messages)
    check(plain.id.startswith("chatcmpl-"), f"completion id {plain.id}")
    check(plain.object == "chat.completion", f"object {plain.object}")
    choice = plain.choices[0]
    check(choice.finish_reason == "stop", f"finish_reason {choice.finish_reason}")
    check(choice.message.role == "assistant", f"role {choice.message.role}")
    reply = choice.message.content
    check(isinstance(reply, str) and reply, "empty reply")
    usage = plain.usage
    check(usage.total_tokens == usage.prompt_tokens + usage.completion_tokens and usage.completion_tokens > 0,
          f"odd chat usage {usage}")

    stream = client.chat.completions.create(model="mock-chat", messages=messages, stream=True,
                                            stream_options={"include_usage": True})
    parts, finish, streamed_usage, role = [], None, None, None
    for chunk in stream:
        check(chunk.object == "chat.completion.chunk", f"chunk object {chunk.object}")
        if chunk.usage is not None:
            streamed_usage = chunk.usage
        for c in chunk.choices:
            role = role or c.delta.role
            if c.delta.content:
                parts.append(c.delta.content)
            finish = c.finish_reason or finish
    check(role == "assistant", "no chunk carried the assistant role")
    check("".join(parts) == reply, f"streamed {''.join(parts)!r}, plain {reply!r}")
    check(finish == "stop", f"stream finish_reason {finish}")
    check(streamed_usage is not None and streamed_usage.completion_tokens == usage.completion_tokens,
          f"stream usage {streamed_usage}, plain {usage}")


def models(client):
    ids = [m.id for m in client.models.list()]
    check(ids, "no models listed")
    check(client.models.retrieve(ids[0]).id == ids[0], "retrieving a listed model failed")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="the mock's OpenAI base URL, e.g. http://127.0.0.1:1940/v1")
    parser.add_argument("--dimension", type=int, default=1024, help="the mock's --dimension (default 1024)")
    args = parser.parse_args()
    # no retries: a retried failure would hide the mock's mistake
    client = openai.OpenAI(base_url=args.base_url, api_key="mock-key", max_retries=0, timeout=30)
    for name, run in [("embeddings", lambda: embeddings(client, args.dimension)), ("chat", lambda: chat(client)),
                      ("models", lambda: models(client))]:
        try:
            run()
        except Exception as e:  # one message per failed area, the type says which kind
            sys.exit(f"openai-client-check: {name} failed: {type(e).__name__}: {e}")
        print(f"ok {name}")
    print(f"openai-client-check: all checks passed with openai {openai.__version__} against {args.base_url}")


if __name__ == "__main__":
    main()
