import threading

import pytest
from django.db import close_old_connections, connection

from accounts.tests.factories import MunicipalityOrgFactory, member_of
from events import services
from events.models import Registration

from .factories import WorkshopFactory


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_exceed_capacity():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks (select_for_update is a no-op)")
    workshop = WorkshopFactory(capacity=3)
    users = [member_of(MunicipalityOrgFactory()) for _ in range(12)]
    barrier = threading.Barrier(len(users))
    errors = []

    def register(user):
        try:
            barrier.wait()
            services.register(actor=user, workshop=workshop)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    statuses = list(workshop.registrations.values_list("status", flat=True))
    assert statuses.count(Registration.Status.CONFIRMED) == 3
    assert statuses.count(Registration.Status.WAITING) == 9
