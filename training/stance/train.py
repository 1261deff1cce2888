"""Fine-tune a MiniLM cross-encoder for stance (support / oppose / neither) in NLI framing.

The text is the premise (segment A), the proposition or topic the hypothesis (segment B); the
encoder's mean-pooled tokens feed one linear layer over the three labels. Several configurations can
be trained in one call; each is scored on the held-out split (never on a test set) and the best one's
weights are written as fp16 safetensors with its metrics.

Usage:
  python training/stance/train.py --data DIR --base BASE_MODEL_DIR --out OUT_DIR \
      [--configs 'lr=5e-5,epochs=4;lr=3e-5,epochs=5'] [--limit N] [--device cuda]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data import LABELS, read  # noqa: E402
from metrics import macro_f1  # noqa: E402

# Defaults of one configuration; --configs overrides any of them per run.
DEFAULTS = {
    "lr": 4e-5,          # AdamW learning rate, usual for MiniLM fine-tuning
    "epochs": 4,
    "batch": 32,
    "max_len": 192,      # covers most VAST comments (about 100 words); sentences need far less
    "warmup": 0.1,       # share of steps with linear warm-up
    "weight_decay": 0.01,
    "dropout": 0.1,
    "seed": 13,
    "balance": 1,        # 1: class weights inverse to label frequency in the training split
}


class StanceModel(nn.Module):
    """BERT-style encoder, attention-masked mean pooling, one linear layer."""

    def __init__(self, base_dir: Path, dropout: float = 0.1):
        super().__init__()
        from transformers import BertConfig, BertModel

        config = BertConfig.from_json_file(str(base_dir / "config.json"))
        self.encoder = BertModel(config, add_pooling_layer=False)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(config.hidden_size, len(LABELS))

    def load_base(self, base_dir: Path) -> None:
        state = load_file(str(base_dir / "model.safetensors"))
        state = {(k[len("bert."):] if k.startswith("bert.") else k): v for k, v in state.items()}
        missing, unexpected = self.encoder.load_state_dict(state, strict=False)
        missing = [m for m in missing if "position_ids" not in m]
        if missing:
            raise SystemExit(f"base weights lack {missing[:5]}")

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


def make_tokenizer(base_dir: Path, max_len: int) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_len, strategy="only_first")
    tokenizer.no_padding()
    return tokenizer


def encode(tokenizer: Tokenizer, rows: list[dict]) -> list[tuple[list[int], list[int]]]:
    encodings = tokenizer.encode_batch([(r["text"], r["hypothesis"]) for r in rows])
    return [(e.ids, e.type_ids) for e in encodings]


def batches(encoded, labels, batch_size, device, shuffle, rng=None):
    order = list(range(len(encoded)))
    if shuffle:
        rng.shuffle(order)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        width = max(len(encoded[i][0]) for i in idx)
        ids = torch.zeros((len(idx), width), dtype=torch.long)
        types = torch.zeros_like(ids)
        mask = torch.zeros_like(ids)
        for row, i in enumerate(idx):
            n = len(encoded[i][0])
            ids[row, :n] = torch.tensor(encoded[i][0])
            types[row, :n] = torch.tensor(encoded[i][1])
            mask[row, :n] = 1
        y = torch.tensor([labels[i] for i in idx]) if labels is not None else None
        yield ids.to(device), mask.to(device), types.to(device), (y.to(device) if y is not None else None), idx


@torch.no_grad()
def predict_logits(model, encoded, device, batch_size=256) -> np.ndarray:
    model.eval()
    out = np.zeros((len(encoded), len(LABELS)), dtype=np.float32)
    # sort by length for speed
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
    sorted_enc = [encoded[i] for i in order]
    for ids, mask, types, _, idx in batches(sorted_enc, None, batch_size, device, False):
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            logits = model(ids, mask, types)
        for j, k in enumerate(idx):
            out[order[k]] = logits[j].float().cpu().numpy()
    return out


def evaluate(logits: np.ndarray, rows: list[dict]) -> dict:
    gold = [LABELS.index(r["label"]) for r in rows]
    pred = logits.argmax(1).tolist()
    result = {"n": len(rows), "macro_f1": macro_f1(gold, pred, range(len(LABELS)))}
    pol = [(g, 0 if logits[i, 0] >= logits[i, 1] else 1) for i, g in enumerate(gold) if g < 2]
    if pol:
        result["polarity_acc"] = sum(g == p for g, p in pol) / len(pol)
    return result


def train_one(cfg: dict, data: dict, base_dir: Path, device: torch.device, log) -> tuple[dict, dict]:
    torch.manual_seed(cfg["seed"])
    rng = random.Random(cfg["seed"])
    tokenizer = make_tokenizer(base_dir, cfg["max_len"])
    train_rows = data["train"]
    enc_train = encode(tokenizer, train_rows)
    y_train = [LABELS.index(r["label"]) for r in train_rows]
    model = StanceModel(base_dir, cfg["dropout"])
    model.load_base(base_dir)
    model.to(device)
    counts = np.bincount(y_train, minlength=len(LABELS)).astype(np.float64)
    weights = (counts.sum() / (len(LABELS) * counts)) if cfg["balance"] else np.ones(len(LABELS))
    loss_fn = nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float32, device=device))
    no_decay = ("bias", "LayerNorm.weight")
    params = [
        {"params": [p for n, p in model.named_parameters() if not any(x in n for x in no_decay)], "weight_decay": cfg["weight_decay"]},
        {"params": [p for n, p in model.named_parameters() if any(x in n for x in no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(params, lr=cfg["lr"])
    steps = cfg["epochs"] * math.ceil(len(enc_train) / cfg["batch"])
    warm = int(steps * cfg["warmup"])
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: (s + 1) / max(1, warm) if s < warm else max(0.0, (steps - s) / max(1, steps - warm))
    )
    enc_held = encode(tokenizer, data["heldout"])
    best, best_state, history = None, None, []
    for epoch in range(cfg["epochs"]):
        model.train()
        start, total = time.time(), 0.0
        for ids, mask, types, y, _ in batches(enc_train, y_train, cfg["batch"], device, True, rng):
            with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = model(ids, mask, types)
            loss = loss_fn(logits.float(), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            total += loss.item()
        held = evaluate(predict_logits(model, enc_held, device), data["heldout"])
        by_source = {}
        for src in ("vast", "perspectrum"):
            idx = [i for i, r in enumerate(data["heldout"]) if r["source"].startswith(src)]
            by_source[src] = evaluate(predict_logits(model, [enc_held[i] for i in idx], device), [data["heldout"][i] for i in idx])
        score = held["macro_f1"]
        history.append({"epoch": epoch + 1, "loss": total, "heldout": held, "by_source": by_source, "seconds": time.time() - start})
        if data.get("dev"):  # reported only; selection uses the held-out split
            history[-1]["dev"] = evaluate(predict_logits(model, encode(tokenizer, data["dev"]), device), data["dev"])
        log(json.dumps(history[-1]))
        if best is None or score > best:
            best = score
            best_state = {k: v.detach().to("cpu", torch.float16).clone() for k, v in model.state_dict().items()}
    return {"config": cfg, "best_heldout_macro_f1": best, "history": history}, best_state


def _save(state: dict, out: Path, split_mb: int) -> None:
    """The weights as fp16 safetensors, whole or (split_mb) in numbered parts joined with cat."""
    path = out / "stance_model.fp16.safetensors"
    save_file(state, str(path))
    if split_mb:
        blob = path.read_bytes()
        size = split_mb * 1024 * 1024
        for n, start in enumerate(range(0, len(blob), size)):
            (out / f"stance_model.fp16.part{n}").write_bytes(blob[start : start + size])
        path.unlink()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--configs", default="")
    parser.add_argument("--limit", type=int, default=0, help="use only N training rows (smoke test)")
    parser.add_argument("--split-mb", type=int, default=0, help="also write the weights in parts of N MB")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    data = {name: read(args.data / f"{name}.jsonl.gz") for name in ("train", "heldout", "vast_test", "persp_test")}
    if (args.data / "dev.jsonl.gz").exists():
        data["dev"] = read(args.data / "dev.jsonl.gz")
    if args.limit:
        data = {k: v[: args.limit if k == "train" else max(50, args.limit // 4)] for k, v in data.items()}
    device = torch.device(args.device)
    log_file = (args.out / "train.log").open("a", encoding="utf-8")

    def log(msg: str) -> None:
        print(msg, flush=True)
        log_file.write(msg + "\n")
        log_file.flush()

    configs = []
    for spec in [s for s in args.configs.split(";") if s.strip()] or [""]:
        cfg = dict(DEFAULTS)
        for item in [i for i in spec.split(",") if i.strip()]:
            key, value = item.split("=")
            cfg[key.strip()] = type(DEFAULTS[key.strip()])(float(value)) if isinstance(DEFAULTS[key.strip()], int) else float(value)
        configs.append(cfg)
    results, best = [], None
    for cfg in configs:
        log(f"config {cfg}")
        result, state = train_one(cfg, data, args.base, device, log)
        # test-set numbers are reported, never used for selection
        model = StanceModel(args.base, cfg["dropout"])
        model.load_state_dict({k: v.float() for k, v in state.items()})
        model.to(device)
        tokenizer = make_tokenizer(args.base, cfg["max_len"])
        vt = data["vast_test"]
        vt_logits = predict_logits(model, encode(tokenizer, vt), device)
        zs = [i for i, r in enumerate(vt) if r["seen"] == "0"]
        result["vast_test"] = evaluate(vt_logits, vt)
        result["vast_test_zero_shot"] = evaluate(vt_logits[zs], [vt[i] for i in zs])
        result["persp_test"] = evaluate(predict_logits(model, encode(tokenizer, data["persp_test"]), device), data["persp_test"])
        log(json.dumps({k: v for k, v in result.items() if k != "history"}))
        results.append(result)
        if best is None or result["best_heldout_macro_f1"] > best[0]["best_heldout_macro_f1"]:
            best = (result, state)
            _save(state, args.out, args.split_mb)
        (args.out / "metrics.json").write_text(json.dumps({"best": best[0], "all": results}, indent=1), encoding="utf-8")
    log(f"best config {best[0]['config']} heldout {best[0]['best_heldout_macro_f1']:.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])
