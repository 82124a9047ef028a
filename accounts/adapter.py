"""allauth hooks: the client address of core.net, and e-mails through the task worker."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from core.net import client_ip
from core.services import queue_email_message


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        return client_ip(request)

    def send_mail(self, template_prefix, email, context):
        """Rendered here, sent by the worker: a slow SMTP server never holds up the page."""
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        queue_email_message(self.render_mail(template_prefix, email, context))
