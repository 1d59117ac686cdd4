import gc

from django.template import engines


def test_the_worker_settles_its_heap_with_the_views_and_templates_loaded():
    """``archive.wsgi`` loads what the pages use and freezes it (``gc.freeze``): a full
    collection no longer walks Django's and the archive's own objects on every request's pause."""
    from archive import wsgi

    gc.unfreeze()
    try:
        walked_before = len(gc.get_objects())
        loader = engines["django"].engine.template_loaders[0]
        loader.reset()
        wsgi.settle()
        assert gc.get_freeze_count() > walked_before // 2
        assert len(gc.get_objects()) < walked_before // 2
        assert {"archive/claim_list.html", "archive/_claim_row.html", "404.html"} <= set(
            loader.get_template_cache
        )
    finally:
        gc.unfreeze()
