"""A local OpenAI-compatible chat-completions server for tests: answers from the prompt content,
records every request, and fails on demand (500, 429, 400 for a response_format, malformed JSON,
answers naming what was not sent, a missing key)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Rule:
    """When a statement or its sentence contains ``text`` (case-insensitive), answer this stance."""

    text: str
    proposition: str
    polarity: str
    holder: str | None = None  # None: the statement's speaker
    reporter: str | None = None


@dataclass
class FakeLLM:
    rules: list[Rule] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # consumed one per request, in order
    reject_formats: set[str] = field(default_factory=set)  # response_format types answered with 400
    reject_status: int = 400  # the status of that refusal (llama-cpp-python's server answers 500)
    key: str | None = None  # when set, requests without "Bearer <key>" get 401
    extra_items: list[dict] = field(default_factory=list)  # added to every answer as they are
    requests: list[dict] = field(default_factory=list)
    url: str = ""

    def answer(self, body: dict) -> list[dict]:
        user = json.loads(body["messages"][-1]["content"])
        items = []
        for statement in user["statements"]:
            for rule in self.rules:
                said = f'{statement["statement"]}\n{statement["sentence"]}'.casefold()
                if rule.text.casefold() in said:
                    items.append({"statement": statement["id"], "proposition": rule.proposition,
                                  "polarity": rule.polarity,
                                  "holder": rule.holder or statement["speaker"] or user["actors"][0],
                                  "reporter": rule.reporter, "confidence": 0.9,
                                  "evidence": rule.text})
        return items + list(self.extra_items)

    @property
    def chat_requests(self) -> list[dict]:
        """Requests that reached the chat-completions path, in order."""
        return [r for r in self.requests if r["path"].endswith("/chat/completions")]


def _handler(fake: FakeLLM):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _send(self, status: int, payload: object | str, headers: dict | None = None) -> None:
            data = payload if isinstance(payload, str) else json.dumps(payload)
            raw = data.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            if not self.path.endswith("/v1/chat/completions"):
                return self._send(404, {"error": {"message": f"no route {self.path}"}})
            if fake.key is not None and self.headers.get("Authorization") != f"Bearer {fake.key}":
                return self._send(401, {"error": {"message": "invalid api key"}})
            failure = fake.failures.pop(0) if fake.failures else None
            if failure == "500":
                return self._send(500, {"error": {"message": "internal error"}})
            if failure is not None and failure.startswith("429"):
                _, _, after = failure.partition(":")
                return self._send(429, {"error": {"message": "slow down"}},
                                  {"Retry-After": after} if after else None)
            fmt = (body.get("response_format") or {}).get("type")
            if fmt in fake.reject_formats:
                return self._send(fake.reject_status,
                                  {"error": {"message": f"response_format {fmt} unsupported"}})
            content = ("{\"stances\": [ not json" if failure == "malformed"
                       else json.dumps({"stances": fake.answer(body)}))
            self._send(200, {"id": "chatcmpl-test", "object": "chat.completion",
                             "model": body.get("model"),
                             "choices": [{"index": 0, "finish_reason": "stop",
                                          "message": {"role": "assistant", "content": content}}]})

    return Handler


class serve:
    """Context manager: a FakeLLM on 127.0.0.1 at a free port, in a thread."""

    def __init__(self, fake: FakeLLM | None = None) -> None:
        self.fake = fake or FakeLLM()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.fake))
        self.fake.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeLLM:
        self.thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
