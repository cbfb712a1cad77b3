#!/usr/bin/env python3
"""Write a sentence-transformers BERT model (model.safetensors, config.json, tokenizer.json) as a GGUF
file llama-server can serve with --embeddings.

Used by scripts/llm-server for all-MiniLM-L6-v2, which PyPI ships only as safetensors. It needs numpy
and llama.cpp's own gguf-py (pass its folder as GGUF_PY), not torch or transformers: safetensors is a
JSON header and raw little-endian arrays, so numpy reads it as it is.

usage: bert-to-gguf.py MODEL_DIR OUT.gguf
"""
import json
import os
import struct
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, os.environ.get("GGUF_PY", ""))
import gguf  # noqa: E402

DTYPES = {"F32": np.float32, "F16": np.float16}


def read_safetensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        base = 8 + size
    data = np.memmap(path, dtype=np.uint8, mode="r")
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = DTYPES.get(info["dtype"])
        if dtype is None:
            yield name, None  # integer buffers (position_ids) are not weights
            continue
        yield name, data[base + start:base + end].view(dtype).reshape(info["shape"])


def pooling(model_dir):
    config = model_dir / "1_Pooling" / "config.json"
    if config.is_file() and json.loads(config.read_text()).get("pooling_mode_cls_token"):
        return gguf.PoolingType.CLS
    return gguf.PoolingType.MEAN


def vocabulary(model_dir):
    tokenizer = json.loads((model_dir / "tokenizer.json").read_text())
    vocab = tokenizer["model"]["vocab"]
    special = {t["id"] for t in tokenizer.get("added_tokens", []) if t.get("special")}
    tokens, types = [""] * len(vocab), [gguf.TokenType.NORMAL] * len(vocab)
    for text, index in vocab.items():
        if index in special:
            tokens[index], types[index] = text, gguf.TokenType.CONTROL
        elif text.startswith("##"):
            tokens[index] = text[2:]  # a word's continuation
        else:
            tokens[index] = "\u2581" + text  # llama.cpp's WordPiece marks a word's start this way
    ids = {t["content"]: t["id"] for t in tokenizer.get("added_tokens", [])}
    return tokens, types, ids


def main():
    model_dir, out = Path(sys.argv[1]), sys.argv[2]
    config = json.loads((model_dir / "config.json").read_text())
    arch = gguf.MODEL_ARCH.BERT
    writer = gguf.GGUFWriter(out, gguf.MODEL_ARCH_NAMES[arch])
    writer.add_name(model_dir.name)
    writer.add_context_length(config["max_position_embeddings"])
    writer.add_embedding_length(config["hidden_size"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_block_count(config["num_hidden_layers"])
    writer.add_head_count(config["num_attention_heads"])
    writer.add_layer_norm_eps(config["layer_norm_eps"])
    writer.add_causal_attention(False)
    writer.add_pooling_type(pooling(model_dir))
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)

    tokens, types, ids = vocabulary(model_dir)
    writer.add_tokenizer_model("bert")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_type_count(config.get("type_vocab_size", 1))
    for token, add in (("[UNK]", writer.add_unk_token_id), ("[SEP]", writer.add_sep_token_id),
                       ("[PAD]", writer.add_pad_token_id), ("[MASK]", writer.add_mask_token_id),
                       ("[CLS]", writer.add_bos_token_id)):
        if token in ids:
            add(ids[token])

    names = gguf.get_tensor_name_map(arch, config["num_hidden_layers"])
    for name, array in read_safetensors(model_dir / "model.safetensors"):
        if array is None or name.startswith(("pooler.", "cls.")):
            continue
        mapped = names.get_name(name.removeprefix("bert."), try_suffixes=(".weight", ".bias"))
        if mapped is None:
            sys.exit(f"bert-to-gguf: no GGUF name for tensor {name}")
        # The layers' matrices in half precision (half the file, the same neighbours); the embeddings
        # stay f32, as llama.cpp adds the position and token-type rows to them without converting.
        half = mapped.startswith("blk.") and array.ndim == 2
        writer.add_tensor(mapped, array.astype(np.float16 if half else np.float32))

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


if __name__ == "__main__":
    main()
