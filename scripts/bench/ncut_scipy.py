#!/usr/bin/env python3
"""Dense scipy reference for `diffncut cut`: the benchmark the matrix-free cut is measured against.

  scripts/bench/ncut_scipy.py make P.safetensors [--side 64] [--regions 6] [--seed 1]
      writes a planted attention matrix P (float32 [N, N], N = side^2, grid metadata) for `diffncut cut`.
  scripts/bench/ncut_scipy.py cut P.safetensors [--eigh full|subset] [--tree tree.json]
      the same method as `diffncut cut` with its defaults (A = P P^T, recursive two-way NCut, exact sweep,
      MAN-C with NCut, min size 1, max depth 32), dense, float64 throughout: per split, scipy.linalg.eigh of
      D^-1/2 A D^-1/2, either every eigenpair (--eigh full, the default: the reference of issue 11) or only the top
      two (--eigh subset: subset_by_index, about twice as fast). With --tree, compares its segments with the leaves
      of the tree `diffncut cut --tree` saved.

Timed as whole processes against `diffncut cut` on the same file, alternating, by scripts/bench/cut-vs-scipy
(from the project's folder, under the machine's CPU lock if it has one):

  scripts/bench/cut-vs-scipy 5

which makes P with this script once and prints both sides' min, median and max and the ratio of the medians.

Needs numpy and scipy only (any python3 that has them; measured with numpy 2.4.6, scipy 1.17.1 from pip).
"""
import json
import struct
import sys
import time

import numpy as np
import scipy.linalg


def write_safetensors(path, name, array, metadata):
    data = np.ascontiguousarray(array, dtype='<f4').tobytes()
    header = {"__metadata__": metadata,
              name: {"dtype": "F32", "shape": list(array.shape), "data_offsets": [0, len(data)]}}
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def read_safetensors(path, name):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        start, end = header[name]["data_offsets"]
        f.seek(8 + size + start)
        return np.frombuffer(f.read(end - start), dtype='<f4').reshape(header[name]["shape"])


def planted(side, regions, seed):
    """A smooth, everywhere positive random walk with planted Voronoi regions, like real attention:
    P(i, j) ~ exp(-d^2 / 2 sigma^2) * (1 inside the region, 0.1 across) * (1 + u/2) + 1e-4, sigma = side / 10."""
    rng = np.random.default_rng(seed)
    yx = np.stack(np.meshgrid(np.arange(side), np.arange(side), indexing="ij"), -1).reshape(-1, 2) + 0.5
    centres = rng.random((regions, 2)) * side
    region = np.argmin(((yx[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
    d2 = ((yx[:, None, :] - yx[None]) ** 2).sum(-1)
    sigma = side / 10
    w = np.exp(-d2 / (2 * sigma ** 2)) * np.where(region[:, None] == region[None], 1.0, 0.1)
    w = w * (1 + 0.5 * rng.random(w.shape)) + 1e-4
    return (w / w.sum(1, keepdims=True)).astype(np.float32)


def best_split(a, eigh):
    """(NCut, cut, order, k) of the best prefix split along the Fiedler vector of the symmetric a, or None.
    eigh: "full" decomposes m completely, "subset" finds only its top two eigenpairs."""
    n = len(a)
    if n < 2:
        return None
    d = a.sum(1)
    s = 1 / np.sqrt(d)
    m = a * s[:, None] * s[None, :]
    if eigh == "full":
        _, v = scipy.linalg.eigh(m)  # ascending: the second largest eigenvalue's vector is column n - 2
        y = v[:, n - 2] * s
    else:
        _, v = scipy.linalg.eigh(m, subset_by_index=[n - 2, n - 1])
        y = v[:, 0] * s
    if y[0] > 0:
        y = -y
    order = np.argsort(y, kind="stable")
    b = a[np.ix_(order, order)]
    inside = np.diagonal(np.cumsum(np.cumsum(b, 0), 1))  # sum of A over S_k x S_k, k = 1..n
    assoc = np.cumsum(d[order])
    cut = (assoc - inside)[:-1]
    assoc = assoc[:-1]
    ncut = cut / assoc + cut / (d.sum() - assoc)
    k = int(np.argmin(ncut))
    return ncut[k], cut[k], order, k + 1


def cut(p, eigh, max_depth=32):
    a = p.astype(np.float64) @ p.astype(np.float64).T
    a = (a + a.T) / 2
    labels = np.zeros(len(a), dtype=np.int64)
    count = 0
    stack = [(np.arange(len(a)), 0)]
    while stack:
        members, depth = stack.pop()
        sub = a[np.ix_(members, members)]
        split = best_split(sub, eigh) if depth < max_depth else None
        if split is not None:
            ncut, _, order, k = split
            n = len(members)
            upper = np.triu(sub, 1)
            edges = np.count_nonzero(upper)
            bound = np.inf if edges == 0 else n * upper.sum() / (2 * edges)
            if ncut < bound:
                first, second = np.sort(members[order[:k]]), np.sort(members[order[k:]])
                stack.append((second, depth + 1))
                stack.append((first, depth + 1))
                continue
        labels[members] = count
        count += 1
    return labels, count


def tree_leaves(path, n):
    with open(path) as f:
        node = json.load(f)["root"]
    labels = np.full(n, -1)
    stack, count = [node], 0
    while stack:
        node = stack.pop()
        if "children" in node:
            stack += node["children"][::-1]
        else:
            labels[node["members"]] = count
            count += 1
    return labels


def same_partition(a, b):
    pairs = set(zip(a.tolist(), b.tolist()))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def main(argv):
    if len(argv) < 2 or argv[0] not in ("make", "cut"):
        sys.exit(__doc__)
    options = dict(zip(argv[2::2], argv[3::2]))
    if argv[0] == "make":
        side = int(options.get("--side", 64))
        p = planted(side, int(options.get("--regions", 6)), int(options.get("--seed", 1)))
        write_safetensors(argv[1], "P", p, {"grid": "%dx%d" % (side, side)})
        return
    eigh = options.get("--eigh", "full")
    if eigh not in ("full", "subset"):
        sys.exit("ncut_scipy.py: --eigh must be full or subset, not " + eigh)
    start = time.perf_counter()
    labels, count = cut(read_safetensors(argv[1], "P"), eigh)
    print("scipy dense ncut (eigh %s): %d segments in %.2f s (scipy %s, numpy %s)" %
          (eigh, count, time.perf_counter() - start, scipy.__version__, np.__version__))
    if "--tree" in options:
        print("same partition as %s: %s" % (options["--tree"],
                                            same_partition(labels, tree_leaves(options["--tree"], len(labels)))))


if __name__ == "__main__":
    main(sys.argv[1:])
