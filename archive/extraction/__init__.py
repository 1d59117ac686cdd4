"""The extraction pipeline: raw article text in, frozen dataclasses out.

Pure Python: nothing here may import Django (a test guards it).
"""
