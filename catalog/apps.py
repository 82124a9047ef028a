from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self):
        from PIL import Image

        from .forms import IMAGE_MAX_PIXELS

        # Every image Pillow opens anywhere (Django's ImageField check included): a warning
        # above this, an error above twice this, before any pixel is decoded.
        Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
