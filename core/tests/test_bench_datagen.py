"""bench/datagen.py: generated catalog rows for the benchmarks."""

import pytest

from bench.datagen import MARKER, AlreadyGenerated, generate, main
from catalog.models import ProviderProfile, Reference, Solution, Status


@pytest.fixture
def towns(municipality_org, other_municipality_org):
    return [municipality_org.municipality, other_municipality_org.municipality]


def test_generate_writes_published_providers_and_solutions(towns):
    counts = generate(60, 7, seed=3, progress=False, build_index=False)
    solutions = Solution.objects.filter(slug__startswith=MARKER)
    providers = ProviderProfile.objects.filter(slug__startswith=MARKER)
    assert counts["solutions"] == solutions.count() == 60
    assert counts["providers"] == providers.count() == 7
    assert set(solutions.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert set(providers.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert all(p.organisation.kind == "provider" for p in providers.select_related("organisation"))
    assert not solutions.filter(topics__isnull=True).exists()
    assert solutions.filter(published_at__isnull=True).count() == 0
    assert all(s.title and s.summary and len(s.description) > 80 for s in solutions)
    refs = Reference.objects.filter(solution__in=solutions)
    assert refs.count() == counts["references"]
    assert set(refs.values_list("municipality", flat=True)) <= {t.pk for t in towns}
    assert all(r.is_verified for r in refs)


def test_same_seed_same_texts(db):
    generate(10, 2, seed=5, progress=False, build_index=False)
    first = list(Solution.objects.order_by("slug").values_list("title", "summary", "description"))
    Solution.objects.all().delete()
    ProviderProfile.objects.all().delete()
    from accounts.models import Organisation

    Organisation.objects.filter(slug__startswith=MARKER).delete()
    generate(10, 2, seed=5, progress=False, build_index=False)
    again = list(Solution.objects.order_by("slug").values_list("title", "summary", "description"))
    assert again == first


def test_refuses_a_second_run(db):
    generate(3, 1, progress=False, build_index=False)
    with pytest.raises(AlreadyGenerated):
        generate(3, 1, progress=False, build_index=False)
    with pytest.raises(SystemExit) as refused:
        main(["--solutions", "3", "--providers", "1", "--quiet"])
    assert refused.value.code == 1
    assert Solution.objects.count() == 3


def test_command_generates_and_builds_the_index(db, capsys):
    main(["--solutions", "4", "--providers", "2", "--quiet"])
    assert "solutions: 4" in capsys.readouterr().out
    assert Solution.objects.published().count() == 4
