"""Runs OpenViking's own prompt rendering and reply parsers on the mock model provider's answers.

    scripts/check-mock-prompts.sh          (starts the mock, runs this with the venv's python)
    python scripts/check_mock_prompts.py MOCK_BASE_URL [--write-prompts DIR]

For each kind of chat prompt OpenViking 0.5.2 sends (intent analysis, memory extraction, a
directory overview, a file summary) the prompt is rendered by the openviking package itself, sent
to the mock, and the reply is handed to the parser the server uses for that kind. Exits 1 on the
first reply the server would reject. --write-prompts saves the rendered prompts (the Java tests'
resources under src/test/resources/openviking-0.5.2/prompts).
"""
import asyncio
import json
import os
import sys
import urllib.request


def chat(base, prompt):
    body = json.dumps({"model": "mock-chat", "messages": [{"role": "user", "content": prompt}]}).encode()
    request = urllib.request.Request(base + "/v1/chat/completions", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["choices"][0]["message"]["content"]


def fail(kind, why):
    print(f"check-mock-prompts: {kind}: {why}", file=sys.stderr)
    sys.exit(1)


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print("usage: check_mock_prompts.py MOCK_BASE_URL [--write-prompts DIR]", file=sys.stderr)
        sys.exit(2)
    base = args[0].rstrip("/")
    write_dir = args[args.index("--write-prompts") + 1] if "--write-prompts" in args else None

    from openviking.prompts import render_prompt
    from openviking.retrieve.intent_analyzer import IntentAnalyzer
    from openviking.session.memory.extraction_output_protocol.base import ExtractionOutputContext
    from openviking.session.memory.extraction_output_protocol.python_protocol import PythonExtractionOutputProtocol
    from openviking.session.memory.page_id_map import PageIdMap
    from openviking.storage.queuefs.semantic_processor import SemanticProcessor
    from openviking_cli.retrieve.types import ContextType
    from pydantic import BaseModel

    prompts = {}
    urllib.request.urlopen(urllib.request.Request(base + "/mock/stats/reset", b"", method="POST"), timeout=10).read()

    # intent analysis: the server's analyzer, its planner answered by the mock
    class Planner:
        model = "mock-chat"

        async def get_completion_async(self, prompt):
            prompts.setdefault("intent_analysis" if "intent_analysis" not in prompts else "intent_analysis_typed", prompt)
            return chat(base, prompt)

    analyzer = IntentAnalyzer(query_planner=Planner())
    message = "How is retrieval latency measured under load?"
    plan = asyncio.run(analyzer.analyze("", [], message))
    got = [(q.query, q.context_type.value, q.priority) for q in plan.queries]
    if not got or any(q[0] != message for q in got):
        fail("intent_analysis", f"the query plan does not ask for the current message: {got}")
    typed = asyncio.run(analyzer.analyze("", [], message, context_type=ContextType.MEMORY))
    if [q.context_type.value for q in typed.queries] != ["memory"]:
        fail("intent_analysis", f"a plan restricted to memory asked for {[q.context_type.value for q in typed.queries]}")
    print(f"intent_analysis: {len(plan.queries)} queries {got}; restricted to memory: {len(typed.queries)}")

    # memory extraction: the python protocol's contract, parsed by the protocol itself
    class Operations(BaseModel):
        pass

    context = ExtractionOutputContext(operations_model=Operations, schemas=(), page_id_map=PageIdMap(),
                                      read_file_contents={}, link_enabled=False)
    protocol = PythonExtractionOutputProtocol()
    prompt = "## Conversation\n[user]: I prefer short answers.\n\n" + protocol.render_contract(context)
    prompts["memory_extraction"] = prompt
    reply = chat(base, prompt)
    operations, error = protocol.parse(reply, context)
    if error is not None or operations is None:
        fail("memory_extraction", f"the protocol rejects {reply!r}: {error}")
    print(f"memory_extraction: {reply!r} -> {type(operations).__name__}")

    # directory overview: Markdown the semantic processor splits into overview and abstract
    prompt = render_prompt("semantic.overview_generation", {
        "dir_name": "load_test", "file_summaries": "- [doc](viking://input_sample_f1): a benchmark document",
        "children_abstracts": "None", "output_language": "en", "directory_coverage": "1 file"})
    prompts["overview"] = prompt
    reply = chat(base, prompt)
    processor = SemanticProcessor.__new__(SemanticProcessor)
    abstract = processor._extract_abstract_from_overview(reply)
    if not reply.startswith("# load_test") or not abstract:
        fail("overview", f"no title or no abstract in {reply!r}")
    print(f"overview: abstract {abstract!r}")

    # file summary: plain text, stored as the file's abstract
    prompt = render_prompt("semantic.document_summary", {
        "file_name": "resource-0001.md", "content": "# Benchmark\n\nA document.", "output_language": "en"})
    prompts["summary"] = prompt
    reply = chat(base, prompt)
    if not reply.strip() or reply.lstrip().startswith(("{", "[", "sdk.")):
        fail("summary", f"not plain text: {reply!r}")
    print(f"summary: {reply!r}")

    with urllib.request.urlopen(base + "/mock/stats", timeout=10) as response:
        counts = json.load(response)["prompts"]
    expected = {"intent_analysis": 2, "memory_extraction": 1, "overview": 1, "summary": 1, "other": 0}
    if counts != expected:
        fail("stats", f"/mock/stats counted {counts}, expected {expected}")
    print(f"/mock/stats prompts: {counts}")

    if write_dir:
        os.makedirs(write_dir, exist_ok=True)
        for kind, text in prompts.items():
            with open(os.path.join(write_dir, kind + ".txt"), "w", encoding="utf-8") as out:
                out.write(text)
        print(f"wrote {len(prompts)} prompts to {write_dir}")


if __name__ == "__main__":
    main()
