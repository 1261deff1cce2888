"""The learned stance model: a MiniLM cross-encoder read with onnxruntime, no torch at run time.

``StanceClassifier`` reads (text, proposition statement) pairs in NLI framing (the text is the
premise, the statement the hypothesis) and answers support / oppose / neither with a calibrated
probability (softmax of logits divided by the temperature fitted on held-out data). ``relevance``
scores text-statement pairs with the base sentence encoder's cosine similarity, a cheap pre-filter
that picks the pairs worth reading. Training: ``training/stance/`` (model card: docs/stance-model.md).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from stancemap.errors import StancemapError

LABELS = ("support", "oppose", "neither")
WEIGHTS_DIR = Path(__file__).parent / "weights"
CONFIG_FILE = "stance-model.json"
# Pairs per onnxruntime call. One: int8 dynamic quantisation scales activations over the whole batch,
# so a pair's probabilities move with its batch neighbours (by up to 0.15 on 26 invented pairs at
# batch 32, no label changed); alone, each answer depends on its pair only. Measured cost on one thread, 26 invented sentence pairs x 8: 9.2 ms per
# pair at batch 1, 9.1 at batch 32 (sentences are short, so batching saves almost nothing).
DEFAULT_BATCH = 1
# Statement embeddings kept for relevance(): a codebook has tens of propositions; the bound only
# stops unbounded growth when one classifier serves many codebooks.
STATEMENT_CACHE_SIZE = 4096
# onnxruntime threads per session when neither the caller nor STANCEMAP_ONNX_THREADS says: one
# thread keeps the stage's cost predictable beside spaCy and leaves cores to other work.
DEFAULT_THREADS = 1
THREADS_ENV = "STANCEMAP_ONNX_THREADS"


@dataclass(frozen=True, slots=True)
class StancePrediction:
    """One pair's answer: the label, its calibrated probability, and all three probabilities."""

    label: str
    confidence: float
    probs: dict[str, float] = field(default_factory=dict)


class StanceClassifier:
    """The shipped (or any exported) stance cross-encoder and its relevance encoder."""

    def __init__(self, directory: Path, threads: int | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        config_path = directory / CONFIG_FILE
        if not config_path.is_file():
            raise StancemapError(f"{config_path}: stance model configuration not found")
        try:
            self.config = json.loads(config_path.read_text(encoding="utf-8"))
            self.labels: tuple[str, ...] = tuple(self.config["labels"])
            self.temperature = float(self.config["temperature"])
            self.max_length = int(self.config["max_length"])
            classifier_path = directory / self.config["classifier"]
            relevance_path = directory / self.config["relevance"]
            tokenizer_path = directory / self.config["tokenizer"]
        except (ValueError, KeyError, TypeError) as err:
            raise StancemapError(f"{config_path}: not a stance model configuration ({err})") from err
        if set(self.labels) != set(LABELS):
            raise StancemapError(f"{config_path}: labels must be {', '.join(LABELS)}, not {', '.join(self.labels)}")
        for path in (classifier_path, relevance_path, tokenizer_path):
            if not path.is_file():
                raise StancemapError(f"{path}: stance model file missing")
        digest = hashlib.sha256(classifier_path.read_bytes()).hexdigest()
        self.method = f"{self.config.get('name', 'stance.model.v1')}:{digest[:8]}"
        if threads is None:
            threads = int(os.environ.get(THREADS_ENV, DEFAULT_THREADS))
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        providers = ["CPUExecutionProvider"]
        self._classifier = ort.InferenceSession(str(classifier_path), options, providers=providers)
        self._relevance_path, self._options = relevance_path, options
        self._relevance = None  # loaded on first use
        self._statement_cache: dict[str, np.ndarray] = {}  # a codebook's statements recur in every article
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=self.max_length, strategy="only_first")

    @classmethod
    def load(cls, path: str | Path | None = None, threads: int | None = None) -> "StanceClassifier":
        """The shipped weights (offline, package data), or an exported model directory."""
        return cls(Path(path) if path is not None else WEIGHTS_DIR, threads=threads)

    # -- the classifier -------------------------------------------------------------------------
    def logits(self, pairs: Sequence[tuple[str, str]], batch_size: int = DEFAULT_BATCH) -> np.ndarray:
        """Raw logits [len(pairs), 3] in ``self.labels`` order (no temperature)."""
        out = np.zeros((len(pairs), len(self.labels)), dtype=np.float32)
        if not pairs:
            return out
        encodings = self._tokenizer.encode_batch([(text or " ", statement or " ") for text, statement in pairs])
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), max(1, batch_size)):
            idx = order[start : start + batch_size]
            feeds = _pad([encodings[i] for i in idx])
            (logits,) = self._classifier.run(["logits"], feeds)
            out[idx] = logits
        return out

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = DEFAULT_BATCH) -> list[StancePrediction]:
        """One calibrated prediction per (text, proposition statement) pair, in order.

        ``batch_size`` > 1 batches pairs of similar length; see DEFAULT_BATCH for why one is the default.
        """
        probs = _softmax(self.logits(pairs, batch_size) / self.temperature)
        preds = []
        for row in probs:
            best = int(row.argmax())
            preds.append(
                StancePrediction(
                    label=self.labels[best],
                    confidence=float(row[best]),
                    probs={label: float(p) for label, p in zip(self.labels, row)},
                )
            )
        return preds

    # -- the relevance pre-filter ---------------------------------------------------------------
    def embed(self, texts: Iterable[str], batch_size: int = DEFAULT_BATCH) -> np.ndarray:
        """L2-normalised sentence embeddings [n, 384] from the base encoder (all-MiniLM-L6-v2)."""
        import onnxruntime as ort

        if self._relevance is None:
            self._relevance = ort.InferenceSession(str(self._relevance_path), self._options, providers=["CPUExecutionProvider"])
        texts = [t or " " for t in texts]
        encodings = self._tokenizer.encode_batch(texts)
        dim = self._relevance.get_outputs()[0].shape[-1]
        out = np.zeros((len(texts), dim if isinstance(dim, int) else 384), dtype=np.float32)
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), max(1, batch_size)):
            idx = order[start : start + batch_size]
            (emb,) = self._relevance.run(["embeddings"], _pad([encodings[i] for i in idx]))
            out[idx] = emb
        return out

    def relevance(self, texts: Sequence[str], statements: Sequence[str]) -> np.ndarray:
        """Cosine similarity [len(texts), len(statements)] of base-encoder embeddings, in [-1, 1]."""
        if not texts or not statements:
            return np.zeros((len(texts), len(statements)), dtype=np.float32)
        missing = [s for s in dict.fromkeys(statements) if s not in self._statement_cache]
        if missing:
            if len(self._statement_cache) > STATEMENT_CACHE_SIZE:
                self._statement_cache.clear()
            self._statement_cache.update(zip(missing, self.embed(missing)))
        return self.embed(texts) @ np.stack([self._statement_cache[s] for s in statements]).T


def _pad(encodings) -> dict[str, np.ndarray]:
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for row, enc in enumerate(encodings):
        n = len(enc.ids)
        ids[row, :n] = enc.ids
        mask[row, :n] = 1
        types[row, :n] = enc.type_ids
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
