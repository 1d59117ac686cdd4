"""The extraction pipeline: raw article text in, frozen dataclasses out.

Pure Python: nothing here may import Django (a test guards it). The entry point
is ``archive.extraction.pipeline.extract``; docs/EXTRACTION.md describes the stages.
"""
