#!/usr/bin/env python3
"""Writes the subset of tiny-sd14/golden.safetensors that the tests read: every tensor except the per-head
attention maps attn/<layer>/probs and attn/<layer>/head_sum (12 MB of the 15 MB; no test uses them).

Usage: golden_subset.py SOURCE/golden.safetensors TARGET/golden.safetensors

Plain Python 3, no packages: the safetensors layout is an 8-byte little-endian header length, a JSON header
{name: {dtype, shape, data_offsets}, "__metadata__": ...} and the tensors' bytes. The kept tensors' bytes are copied
unchanged, in the source's order, with new offsets; the metadata is kept.
"""
import json
import struct
import sys

DROPPED = ("/probs", "/head_sum")


def main(source, target):
    with open(source, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out, chunks, offset = {}, [], 0
    if "__metadata__" in header:
        out["__metadata__"] = header.pop("__metadata__")
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        if name.endswith(DROPPED):
            continue
        begin, end = info["data_offsets"]
        chunks.append(data[begin:end])
        out[name] = {"dtype": info["dtype"], "shape": info["shape"], "data_offsets": [offset, offset + end - begin]}
        offset += end - begin
    text = json.dumps(out, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # keeps the tensors 8-byte aligned, as the safetensors writer does
    with open(target, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
