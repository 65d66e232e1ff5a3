#!/usr/bin/python3
"""Measures hnswlib and FAISS (HNSW) on a TEXMEX data set, the same way `vlsearch bench index` measures the
embedded index: build time, recall@10 against the given truth, and queries per second on N threads, for each
search expansion (ef). Prints one JSON object. Debian: apt install python3-hnswlib python3-faiss."""
import json
import sys
import time

import numpy as np


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    dim = raw[0]
    rows = raw.reshape(-1, dim + 1)
    return rows[:, 1:].view(dtype) if dtype == np.float32 else rows[:, 1:]


def recall(found, truth):
    return float(np.mean([len(set(f[:10]) & set(t[:10])) / 10.0 for f, t in zip(found, truth)]))


def main():
    folder, threads, m, ef_construction = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    efs = [int(x) for x in sys.argv[5].split(",")]
    base = np.ascontiguousarray(read_vecs(f"{folder}/base.fvecs", np.float32))
    queries = np.ascontiguousarray(read_vecs(f"{folder}/query.fvecs", np.float32))
    truth = read_vecs(f"{folder}/truth.ivecs", np.int32)
    # Cosine as inner product over unit vectors, as the embedded index stores them.
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    results = {"count": int(base.shape[0]), "dimension": int(base.shape[1]), "queries": int(queries.shape[0]), "threads": threads,
               "m": m, "ef_construction": ef_construction}

    import hnswlib
    index = hnswlib.Index(space="ip", dim=base.shape[1])
    index.init_index(max_elements=base.shape[0], M=m, ef_construction=ef_construction, random_seed=1)
    index.set_num_threads(threads)
    started = time.perf_counter()
    index.add_items(base, np.arange(base.shape[0]))
    build = time.perf_counter() - started
    rows = []
    for ef in efs:
        index.set_ef(max(ef, 10))
        started = time.perf_counter()
        labels, _ = index.knn_query(queries, k=10, num_threads=threads)
        elapsed = time.perf_counter() - started
        rows.append({"ef": ef, "recall@10": recall(labels, truth), "qps": queries.shape[0] / elapsed})
    results["hnswlib"] = {"build_seconds": build, "runs": rows}

    import faiss
    faiss.omp_set_num_threads(threads)
    flat = faiss.IndexHNSWFlat(base.shape[1], m, faiss.METRIC_INNER_PRODUCT)
    flat.hnsw.efConstruction = ef_construction
    started = time.perf_counter()
    flat.add(base)
    build = time.perf_counter() - started
    rows = []
    for ef in efs:
        flat.hnsw.efSearch = max(ef, 10)
        started = time.perf_counter()
        _, labels = flat.search(queries, 10)
        elapsed = time.perf_counter() - started
        rows.append({"ef": ef, "recall@10": recall(labels, truth), "qps": queries.shape[0] / elapsed})
    results["faiss_hnsw"] = {"build_seconds": build, "runs": rows}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
