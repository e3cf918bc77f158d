"""Translation memory: fuzzy search with highlighted differences, TMX reading.

The memory itself is the ``MemoryEntry`` table (approved translations of all
documents, kept in step by ``services.memory``, plus imported TMX files).
``search`` finds matches for a sentence; ``tmx`` reads TMX files safely.
"""
