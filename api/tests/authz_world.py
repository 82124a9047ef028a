"""Objects the authorization matrix needs for URLs with parameters (owned by the cast)."""

from accounts.tests.factories import MunicipalityFactory


def build_world(w):
    w.ags = MunicipalityFactory(ags="06611000", name="Kassel").ags
