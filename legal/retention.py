"""Storage limitation (Art. 5 (1) e GDPR): what the daily retention task reduces or deletes.

Periods come from the RETENTION_* settings (the privacy notice states the same values):
- search log: after RETENTION_SEARCH_LOG_DAYS a day's identical searches become one row with a
  count (the office cockpit's figures stay the same; single searches and their times go);
- contact requests: deleted RETENTION_CONTACT_MONTHS after they were sent (a request is one
  message, so that is also its last message);
- accounts whose e-mail address was never confirmed: deleted after
  RETENTION_UNCONFIRMED_ACCOUNT_DAYS (they could never sign in, so they own no content);
- accounts without a sign-in for RETENTION_INACTIVE_ACCOUNT_YEARS: warned by e-mail (the date
  is kept); still inactive RETENTION_INACTIVE_GRACE_DAYS later, they are erased like a deletion
  on request (legal.data_rights), unless the person is an organisation's last administrator;
- notifications, and finished background tasks (an e-mail task holds address and text):
  deleted after RETENTION_NOTIFICATION_MONTHS.
Superusers (the operators' accounts) are never removed automatically.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.models import User
from catalog.models import ContactRequest
from core.models import Notification
from core.services import absolute_url, send_email
from matching.models import SearchLog

from .data_rights import check_not_last_admin, erase_person

logger = logging.getLogger(__name__)


@dataclass
class RuleResult:
    rule: str
    count: int
    text: str  # what happened (or would happen), for the command's output and the log


def _start_of_day(moment):
    local = timezone.localtime(moment)
    return timezone.make_aware(dt.datetime.combine(local.date(), dt.time.min))


def reduce_search_log(now, dry_run):

    days = settings.RETENTION_SEARCH_LOG_DAYS
    due = SearchLog.objects.filter(
        reduced=False, created_at__lt=_start_of_day(now - dt.timedelta(days=days))
    )
    tz = timezone.get_current_timezone()
    groups = list(
        due.annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day", "query_folded", "source", "result_count")
        .annotate(n=Count("pk"), example=Max("query"))
        .order_by("day", "query_folded")
    )
    count = sum(g["n"] for g in groups)
    if not dry_run and groups:
        with transaction.atomic():
            for g in groups:
                key = {
                    "reduced": True,
                    "created_at": timezone.make_aware(dt.datetime.combine(g["day"], dt.time.min)),
                    "query_folded": g["query_folded"],
                    "source": g["source"],
                    "result_count": g["result_count"],
                }
                row = SearchLog.objects.filter(**key).first()
                if row is None:
                    row = SearchLog.objects.create(**key, query=g["example"], searches=0)
                    # created_at is auto_now_add: set the day afterwards
                    SearchLog.objects.filter(pk=row.pk).update(created_at=key["created_at"])
                row.searches += g["n"]
                row.query = max(row.query, g["example"])
                row.save(update_fields=["searches", "query"])
            due.delete()
    return RuleResult(
        "search-log",
        count,
        f"search log older than {days} days: {count} searches "
        f"{'would be' if dry_run else 'were'} reduced to {len(groups)} daily counts",
    )


def _delete_due(rule, due, dry_run, text):
    """Counts the due rows, deletes them unless it is a dry run; `text` names what and when."""
    count = due.count()
    if not dry_run:
        due.delete()
    return RuleResult(rule, count, f"{text}: {count} {'would be' if dry_run else 'were'} deleted")


def delete_old_contact_requests(now, dry_run):

    months = settings.RETENTION_CONTACT_MONTHS
    due = ContactRequest.objects.filter(created_at__lt=now - relativedelta(months=months))
    return _delete_due(
        "contact-requests",
        due,
        dry_run,
        f"contact requests older than {months} months",
    )


def unconfirmed_accounts(now):
    days = settings.RETENTION_UNCONFIRMED_ACCOUNT_DAYS
    return User.objects.filter(
        date_joined__lt=now - dt.timedelta(days=days),
        last_login__isnull=True,
        is_superuser=False,
        erased_at__isnull=True,
    ).exclude(emailaddress__verified=True)


def delete_unconfirmed_accounts(now, dry_run):
    days = settings.RETENTION_UNCONFIRMED_ACCOUNT_DAYS
    return _delete_due(
        "unconfirmed-accounts",
        unconfirmed_accounts(now),
        dry_run,
        f"accounts never confirmed for {days} days",
    )


def _people():
    return User.objects.filter(is_superuser=False, erased_at__isnull=True, is_active=True)


def warn_inactive_accounts(now, dry_run):
    years = settings.RETENTION_INACTIVE_ACCOUNT_YEARS
    grace = settings.RETENTION_INACTIVE_GRACE_DAYS
    returned = User.objects.filter(
        inactivity_warned_at__isnull=False, last_login__gt=F("inactivity_warned_at")
    )
    if not dry_run:
        returned.update(inactivity_warned_at=None)
    due = (
        _people()
        .filter(inactivity_warned_at__isnull=True)
        .alias(active=Coalesce("last_login", "date_joined"))
        .filter(active__lt=now - relativedelta(years=years))
        .exclude(pk__in=unconfirmed_accounts(now).values("pk"))
    )
    people = list(due.order_by("pk"))
    if not dry_run:
        deadline = formats.date_format(
            timezone.localdate(now + dt.timedelta(days=grace)), "SHORT_DATE_FORMAT"
        )
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            for person in people:
                send_email(
                    [person.email],
                    subject=_("Your account will be deleted"),
                    body=_(
                        "You have not signed in to the Smart Region Marketplace for %(years)d "
                        "years. To keep your account, sign in before %(deadline)s: %(url)s\n\n"
                        "Otherwise your account and your personal data will be deleted then. "
                        "Content you wrote for your organisation stays with it, without "
                        "your name."
                    )
                    % {
                        "years": years,
                        "deadline": deadline,
                        "url": absolute_url(reverse("account_login")),
                    },
                )
            due.filter(pk__in=[p.pk for p in people]).update(inactivity_warned_at=now)
    return RuleResult(
        "inactive-accounts-warned",
        len(people),
        f"accounts without sign-in for {years} years: {len(people)} "
        f"{'would be' if dry_run else 'were'} warned by e-mail",
    )


def remove_inactive_accounts(now, dry_run):
    grace = settings.RETENTION_INACTIVE_GRACE_DAYS
    due = (
        _people()
        .filter(inactivity_warned_at__lt=now - dt.timedelta(days=grace))
        .filter(Q(last_login__isnull=True) | Q(last_login__lte=F("inactivity_warned_at")))
        .order_by("pk")
    )
    removed, kept = 0, 0
    verb = "would be" if dry_run else "were"
    for person in due:
        try:
            if dry_run:
                check_not_last_admin(person)
            else:
                erase_person(
                    actor=None, person=person, reason="retention: inactive account", now=now
                )
        except ValidationError:
            kept += 1
            if not dry_run:
                logger.warning(
                    "inactive account kept: last administrator of an organisation",
                    extra={"user_id": person.pk},
                )
        else:
            removed += 1
    text = f"accounts still inactive {grace} days after the warning: {removed} {verb} erased"
    if kept:
        text += f", {kept} {verb} kept (last administrator of an organisation)"
    return RuleResult("inactive-accounts-removed", removed, text)


def delete_old_notifications(now, dry_run):

    months = settings.RETENTION_NOTIFICATION_MONTHS
    due = Notification.objects.filter(created_at__lt=now - relativedelta(months=months))
    return _delete_due("notifications", due, dry_run, f"notifications older than {months} months")


def delete_old_task_results(now, dry_run):
    """Finished background tasks keep their arguments, e.g. an e-mail's address and text."""
    from django_tasks_db.models import DBTaskResult

    months = settings.RETENTION_NOTIFICATION_MONTHS
    due = DBTaskResult.objects.filter(finished_at__lt=now - relativedelta(months=months))
    return _delete_due(
        "finished-tasks",
        due,
        dry_run,
        f"finished background tasks (e.g. e-mails sent) older than {months} months",
    )


RULES = [
    reduce_search_log,
    delete_old_contact_requests,
    delete_unconfirmed_accounts,
    warn_inactive_accounts,
    remove_inactive_accounts,
    delete_old_notifications,
    delete_old_task_results,
]


def apply_retention(*, now=None, dry_run=False):
    """Apply every rule once; with dry_run only count. Returns one RuleResult per rule."""
    now = now or timezone.now()
    results = [rule(now, dry_run) for rule in RULES]
    for result in results:
        logger.info("retention: %s", result.text, extra={"rule": result.rule})
    return results


@task()
def apply_retention_task():
    """Background task (daily): the retention rules, as `manage.py apply_retention`."""
    return {r.rule: r.count for r in apply_retention()}
