"""The aligner's embedding cache in the database (``SentenceEmbedding``).

``DatabaseEmbeddingCache`` implements ``translations.align.embeddings.EmbeddingCache``
(the aligner itself knows nothing of Django): ``get_many`` reads the stored
vectors of a list of text hashes in chunks (bounded query size whatever the
document's length), ``put_many`` inserts new ones with one bulk insert per
chunk, ignoring keys another import stored meanwhile.
"""

import numpy as np

from ..models import SentenceEmbedding

CHUNK = 500  # keys per query: below SQLite's variable limit, one round trip per 500 sentences


class DatabaseEmbeddingCache:
    def get_many(self, model: str, language: str, keys: list[str]) -> dict[str, np.ndarray]:
        found = {}
        for start in range(0, len(keys), CHUNK):
            rows = SentenceEmbedding.objects.filter(
                model=model, language=language, text_hash__in=keys[start : start + CHUNK]
            ).values_list("text_hash", "vector")
            for key, vector in rows:
                found[key] = np.frombuffer(bytes(vector), dtype=np.float32)
        return found

    def put_many(self, model: str, language: str, vectors: dict[str, np.ndarray]) -> None:
        rows = [
            SentenceEmbedding(model=model, language=language, text_hash=key,
                              vector=np.asarray(vector, np.float32).tobytes())
            for key, vector in vectors.items()
        ]
        SentenceEmbedding.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
